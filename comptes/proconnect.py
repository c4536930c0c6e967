"""ProConnect, the login of the State's agents (issue 15 item 4), by OpenID Connect with mozilla-django-oidc.

The flow (``comptes.views_proconnect``): the button sends the browser to the provider's authorization
endpoint with a ``state``, a ``nonce`` and a PKCE challenge (S256) kept in the session; the provider sends it
back to ``/oidc/callback/`` with a code; the callback checks the state (unknown: refused), exchanges the code
for the tokens with the PKCE verifier, checks the ID token's RS256 signature against the provider's JWKS, its
nonce (the library), its issuer, audience and expiry (here), then reads the userinfo (whose ``sub`` must be
the ID token's).

The provider's e-mail address is matched, case-insensitively, to an existing account: ProConnect never
creates an account nor gives a role or a territory, which stay an administrateur's invitation. The account
must be active, confirmed and of a role that ProConnect serves (``ROLES``): instructeurs and agents
territoriaux, and candidats (a porteur's staff may be public agents with a ProConnect identity; the match
gives them nothing that a password reset to the same mailbox would not). Administrateurs log in with their
password and their second factor. Otherwise the person lands on a French page that says whom to ask
(``comptes:proconnect_inconnu``).

The journal: this backend records CONNEXION_PROCONNECT and the refusals (ECHEC_CONNEXION, « ProConnect »);
``comptes.receveurs_securite`` leaves the ProConnect logins to it."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from comptes.backends import EmailBackend
from comptes.models import Role
from comptes.securite import TypeEvenement, consigner

logger = logging.getLogger(__name__)

# The session's marks: opened by ProConnect (the second factor is not asked again, comptes.deux_facteurs);
# why the last ProConnect login was refused (read by comptes:proconnect_inconnu).
SESSION_PROCONNECT = "connexion_proconnect"
SESSION_REFUS = "proconnect_refus"
# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN): the logout's id_token_hint.
SESSION_JETON = "oidc_id_token"
ROLES = frozenset({Role.INSTRUCTEUR, Role.AGENT, Role.CANDIDAT})

# Why an address from ProConnect opens no session (the page's text is in comptes/proconnect/inconnu.html).
MOTIFS = {
    "inconnu": "aucun compte à cette adresse",
    "inactif": "compte désactivé",
    "non_confirme": "adresse pas encore confirmée",
    "role": "profil connecté par mot de passe uniquement",
    "sans_adresse": "ProConnect n’a pas transmis d’adresse",
}


def actif() -> bool:
    """ProConnect is configured (``PROCONNECT_*``, ``comptes.proconnect_reglages``)."""
    return bool(getattr(settings, "PROCONNECT_ACTIF", False))


def motif_de_refus(compte) -> str:
    """Why ``compte`` (the account of the provider's address, or None) cannot log in with ProConnect; ""
    when it can."""
    if compte is None:
        return "inconnu"
    if not compte.is_active:
        return "inactif"
    if not compte.adresse_confirmee:
        return "non_confirme"
    if compte.role not in ROLES:
        return "role"
    return ""


class ProConnectBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching existing accounts only (``OIDC_CREATE_USER = False``).

    Its ``authenticate`` takes only what the callback passes (``nonce``, ``code_verifier``): Django skips it
    for a password login. Not configured, it authenticates nobody (and reads no OIDC setting)."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        if actif():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, *, nonce, code_verifier):
        if not actif() or request is None:
            return None
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def verify_token(self, token, **kwargs):
        """The library checks the signature (JWKS, RS256 only) and the nonce; the ID token (the call with a
        nonce) must also come from this issuer, for this client, and carry its expiry."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            verifier_jeton_d_identite(
                payload, emetteur=settings.PROCONNECT_URL, client=self.OIDC_RP_CLIENT_ID
            )
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        request = self.request
        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict) or claims.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo of another person than the ID token's.
            logger.warning("ProConnect : le sub des userinfo n’est pas celui du jeton d’identité.")
            consigner(
                TypeEvenement.ECHEC_CONNEXION,
                request=request,
                objet="Connexion avec ProConnect refusée (réponse du fournisseur invalide)",
                motif="réponse du fournisseur invalide",
                methode="proconnect",
                erreur="sub",
            )
            request.session.pop(SESSION_JETON, None)
            return None
        adresse = str(claims.get("email") or "").strip()[:254]
        compte = self.UserModel.objects.filter(email__iexact=adresse).first() if adresse else None
        motif = motif_de_refus(compte) if adresse else "sans_adresse"
        if motif:
            request.session[SESSION_REFUS] = {"adresse": adresse, "motif": motif}
            request.session.pop(SESSION_JETON, None)  # kept by the library before this check: no session
            consigner(
                TypeEvenement.ECHEC_CONNEXION,
                request=request,
                compte=compte,
                identifiant=adresse,
                objet=f"Connexion avec ProConnect refusée ({MOTIFS[motif]})",
                motif=MOTIFS[motif],
                methode="proconnect",
            )
            return None
        completer_le_nom(compte, claims)
        request.session.pop(SESSION_REFUS, None)
        request.session[SESSION_PROCONNECT] = True
        consigner(
            TypeEvenement.CONNEXION_PROCONNECT,
            request=request,
            compte=compte,
            objet="Connexion avec ProConnect",
            methode="proconnect",
        )
        return compte

    def get_user(self, user_id):
        """The session's person, as the password backend loads it: an inactive account has no session."""
        return EmailBackend().get_user(user_id)


def verifier_jeton_d_identite(payload: dict, *, emetteur: str, client: str) -> None:
    """OpenID Connect Core 3.1.3.7 beyond the signature and the nonce: ``iss`` is the provider, ``aud``
    names this client (and ``azp`` is it when the token has several audiences), ``exp`` and ``iat`` are
    there (PyJWT has refused an expired token already)."""
    if payload.get("iss") != emetteur:
        raise SuspiciousOperation("Le jeton d’identité ne vient pas du fournisseur ProConnect configuré.")
    audience = payload.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client not in audiences:
        raise SuspiciousOperation("Le jeton d’identité n’est pas destiné au portail.")
    if len(audiences) > 1 and payload.get("azp") != client:
        raise SuspiciousOperation("Le jeton d’identité a été émis pour un autre client.")
    if "exp" not in payload or "iat" not in payload:
        raise SuspiciousOperation("Le jeton d’identité n’a pas de date d’expiration.")


def completer_le_nom(compte, claims) -> None:
    """The first name and name that the invitation left empty, from ProConnect (``given_name``,
    ``usual_name``); a name already there is the person's own and stays."""
    modifies = []
    for champ, claim in (("first_name", "given_name"), ("last_name", "usual_name")):
        valeur = str(claims.get(claim) or "").strip()[:150]
        if valeur and not getattr(compte, champ):
            setattr(compte, champ, valeur)
            modifies.append(champ)
    if modifies:
        compte.save(update_fields=modifies)


def depuis_proconnect(request) -> bool:
    """The session was opened by ProConnect and keeps its ID token: its logout ends the provider's too."""
    session = getattr(request, "session", None)
    return bool(
        actif() and session is not None and session.get(SESSION_PROCONNECT) and session.get(SESSION_JETON)
    )


def url_de_deconnexion(request) -> str:
    """``OIDC_OP_LOGOUT_URL_METHOD``: where the logout sends the browser. A ProConnect session: the
    provider's ``session/end`` (``id_token_hint``, ``state``, ``post_logout_redirect_uri``: the portal's
    home page, to declare to ProConnect), which ends the ProConnect and identity provider sessions then
    sends the browser back. Any other session: the portal's home page, as a password logout."""
    retour = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if not depuis_proconnect(request):
        return retour
    parametres = {
        "id_token_hint": request.session[SESSION_JETON],
        "state": get_random_string(settings.OIDC_STATE_SIZE),
        "post_logout_redirect_uri": request.build_absolute_uri(retour),
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(parametres)}"
