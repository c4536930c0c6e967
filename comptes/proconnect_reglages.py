"""The settings of the ProConnect login (``comptes.proconnect``), derived from the environment.

Read by ``ami.settings`` at start-up, and by the tests to point the portal at their local provider. Nothing
here needs the apps: the settings module calls it before they exist.

``PROCONNECT_URL`` is the provider's issuer (``https://auth.agentconnect.gouv.fr/api/v2`` in production, the
« PROCONNECT_DOMAIN/api/v2 » of ProConnect's documentation); its endpoints are the issuer followed by
``/authorize``, ``/token``, ``/userinfo``, ``/jwks`` and ``/session/end``, each one replaceable
(``PROCONNECT_AUTHORIZATION_ENDPOINT``…). Without ``PROCONNECT_URL``, ``PROCONNECT_CLIENT_ID`` and
``PROCONNECT_CLIENT_SECRET``, ProConnect is off: no button, and its URLs answer 404."""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# The scopes asked of ProConnect: its mandatory identity (openid, email, given_name, usual_name).
SCOPES_PAR_DEFAUT = "openid email given_name usual_name"
POINTS_D_ACCES = {
    # setting of mozilla-django-oidc: (variable that replaces it, path under the issuer)
    "OIDC_OP_AUTHORIZATION_ENDPOINT": ("PROCONNECT_AUTHORIZATION_ENDPOINT", "/authorize"),
    "OIDC_OP_TOKEN_ENDPOINT": ("PROCONNECT_TOKEN_ENDPOINT", "/token"),
    "OIDC_OP_USER_ENDPOINT": ("PROCONNECT_USERINFO_ENDPOINT", "/userinfo"),
    "OIDC_OP_JWKS_ENDPOINT": ("PROCONNECT_JWKS_ENDPOINT", "/jwks"),
    "OIDC_OP_LOGOUT_ENDPOINT": ("PROCONNECT_LOGOUT_ENDPOINT", "/session/end"),
}
OBLIGATOIRES = ("PROCONNECT_URL", "PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET")


def reglages_proconnect(variables: Mapping[str, str]) -> dict:
    """The settings (name → value) for ``variables`` (the environment). Partly configured: an error that
    names what is missing, rather than a button that fails at the first click."""
    valeurs = {nom: (variables.get(nom) or "").strip() for nom in OBLIGATOIRES}
    presentes = [nom for nom, valeur in valeurs.items() if valeur]
    if presentes and len(presentes) < len(OBLIGATOIRES):
        manquantes = ", ".join(nom for nom in OBLIGATOIRES if nom not in presentes)
        raise ImproperlyConfigured(f"ProConnect est configuré en partie : il manque {manquantes}.")
    actif = bool(presentes)
    emetteur = valeurs["PROCONNECT_URL"].rstrip("/")
    reglages = {
        "PROCONNECT_ACTIF": actif,
        "PROCONNECT_URL": emetteur,
        "OIDC_RP_CLIENT_ID": valeurs["PROCONNECT_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": valeurs["PROCONNECT_CLIENT_SECRET"],
        "OIDC_RP_SCOPES": " ".join((variables.get("PROCONNECT_SCOPES") or SCOPES_PAR_DEFAUT).split()),
    }
    for reglage, (variable, chemin) in POINTS_D_ACCES.items():
        reglages[reglage] = ((variables.get(variable) or "").strip() or emetteur + chemin) if actif else ""
    if actif:
        for reglage in POINTS_D_ACCES:
            if urlsplit(reglages[reglage]).scheme not in ("https", "http"):
                raise ImproperlyConfigured(
                    f"ProConnect : {reglage} n’est pas une adresse web ({reglages[reglage]})."
                )
    return reglages


def origines(reglages: Mapping) -> list[str]:
    """The provider's origins that a form of the portal is redirected to: the logout (a POST, then a
    redirection to ``session/end``) and the authorization endpoint. Chromium checks a form's redirections
    against the CSP's form-action, which must name them."""
    if not reglages.get("PROCONNECT_ACTIF"):
        return []
    trouvees = []
    for reglage in ("OIDC_OP_LOGOUT_ENDPOINT", "OIDC_OP_AUTHORIZATION_ENDPOINT"):
        morceaux = urlsplit(reglages[reglage])
        origine = f"{morceaux.scheme}://{morceaux.netloc}"
        if origine not in trouvees:
            trouvees.append(origine)
    return trouvees


def politique_avec_proconnect(politique: Mapping, reglages: Mapping) -> dict:
    """``politique`` (CONTENT_SECURITY_POLICY) whose form-action also names the provider's origins."""
    directives = dict(politique["DIRECTIVES"])
    directives["form-action"] = [
        *directives["form-action"],
        *(o for o in origines(reglages) if o not in directives["form-action"]),
    ]
    return {**politique, "DIRECTIVES": directives}
