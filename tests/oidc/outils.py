"""Helpers of the ProConnect client's tests: the person's side at the provider, as a browser does it (its
login page, then the redirection back to the portal), with ``requests``; the portal's side is Django's test
client."""

from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from tests.oidc.fixtures import MOT_DE_PASSE


def parametres(url: str) -> dict[str, str]:
    return {cle: valeurs[0] for cle, valeurs in parse_qs(urlsplit(url).query).items()}


def demander(client) -> str:
    """« S'identifier avec ProConnect » on the portal: the provider's authorization URL."""
    reponse = client.get("/oidc/authenticate/")
    assert reponse.status_code == 302, reponse
    return reponse["Location"]


def autoriser(url_autorisation: str, email: str, mot_de_passe: str = MOT_DE_PASSE) -> str:
    """At the provider: the authorization URL asks for a login, the person gives their password, the
    provider answers with the portal's callback URL (code and state)."""
    navigateur = requests.Session()
    reponse = navigateur.get(url_autorisation, allow_redirects=False, timeout=10)
    assert reponse.status_code == 302, reponse.text[:500]
    connexion = urljoin(url_autorisation, reponse.headers["Location"])
    assert urlsplit(connexion).path == "/connexion/", connexion
    navigateur.get(connexion, timeout=10)
    reponse = navigateur.post(
        connexion,
        data={
            "username": email,
            "password": mot_de_passe,
            "next": parametres(connexion)["next"],
            "csrfmiddlewaretoken": navigateur.cookies["fournisseur_csrf"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert reponse.status_code == 302, reponse.text[:500]
    reponse = navigateur.get(
        urljoin(connexion, reponse.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert reponse.status_code == 302, reponse.text[:500]
    return reponse.headers["Location"]


def retour(client, url_callback: str):
    """The provider's redirection followed on the portal (``/oidc/callback/?code=…&state=…``)."""
    morceaux = urlsplit(url_callback)
    assert morceaux.path == "/oidc/callback/", url_callback
    return client.get(f"{morceaux.path}?{morceaux.query}")


def se_connecter(client, email: str):
    return retour(client, autoriser(demander(client), email))
