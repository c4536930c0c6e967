"""The local OpenID provider of the ProConnect tests, and the portal pointed at it.

``fournisseur_oidc`` (session): ``python -m tests.oidc.fournisseur`` in a subprocess on a free port of
127.0.0.1, with its own temporary SQLite database, its RSA key generated at start-up, one confidential
authorization-code client (PKCE required, no consent page) whose redirect URI is the test client's
``/oidc/callback/``, and the people of ``PERSONNES`` (tests/oidc/conftest.py).
``fournisseur_oidc_navigateur``: the same for the live server's callback (tests/browser/conftest.py) — a
provider registers exact URIs, and the live server's port is known only once it runs.

``proconnect`` and ``proconnect_navigateur`` (function): the portal's settings for that provider, derived
from its issuer by ``comptes.proconnect_reglages`` as in production (CSP form-action included)."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.processus import arreter, lancer, port_libre

RACINE = Path(__file__).resolve().parents[2]
CLIENT_ID = "portail-ami-spie"
CLIENT_SECRET = "secret-du-portail-pour-les-tests-seulement"
MOT_DE_PASSE = "mot-de-passe-chez-le-fournisseur"
# The people the provider knows. The agent's address differs from the portal's account in case only (the
# match is case-insensitive); the others have no account, or one the tests deactivate or give another role.
AGENT = "Morgane.Lefebvre@nord.gouv.fr"
INSTRUCTEUR = "alex.durand@emploi.gouv.fr"
INCONNU = "camille.inconnue@interieur.gouv.fr"
PERSONNES = [
    {"email": AGENT, "mot_de_passe": MOT_DE_PASSE, "prenom": "Morgane", "nom": "Lefebvre"},
    {"email": INSTRUCTEUR, "mot_de_passe": MOT_DE_PASSE, "prenom": "Alex", "nom": "Durand"},
    {"email": INCONNU, "mot_de_passe": MOT_DE_PASSE, "prenom": "Camille", "nom": "Inconnue"},
]
CALLBACK_CLIENT_DE_TEST = "http://testserver/oidc/callback/"


@dataclass
class Fournisseur:
    port: int
    journal: Path
    processus: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def emetteur(self) -> str:
        return f"{self.url}/api/v2"

    def environnement(self, **remplacements) -> dict:
        """The ``PROCONNECT_*`` variables of a portal configured for this provider."""
        return {
            "PROCONNECT_URL": self.emetteur,
            "PROCONNECT_CLIENT_ID": CLIENT_ID,
            "PROCONNECT_CLIENT_SECRET": CLIENT_SECRET,
            **remplacements,
        }

    def attendre(self, delai: float = 60) -> None:
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            if self.processus.poll() is not None:
                break
            try:
                if requests.get(f"{self.emetteur}/jwks", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"Le fournisseur OpenID n’a pas démarré :\n{self.journal.read_text()[-3000:]}")


def demarrer_fournisseur(
    dossier: Path, redirect_uris: list[str], post_logout_redirect_uris: list[str]
) -> Fournisseur:
    fournisseur = Fournisseur(port=port_libre(), journal=dossier / "fournisseur.log")
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": redirect_uris,
        "post_logout_redirect_uris": post_logout_redirect_uris,
        "personnes": PERSONNES,
    }
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "FOURNISSEUR_PORT": str(fournisseur.port),
        "FOURNISSEUR_BASE": str(dossier / "fournisseur.sqlite3"),
        "FOURNISSEUR_CONFIG": json.dumps(config),
        "PYTHONPATH": str(RACINE),
    }
    fournisseur.processus = lancer(
        [sys.executable, "-m", "tests.oidc.fournisseur"], env=env, journal=fournisseur.journal, cwd=RACINE
    )
    try:
        fournisseur.attendre()
    except Exception:
        arreter(fournisseur.processus)
        raise
    return fournisseur


@pytest.fixture(scope="session")
def fournisseur_oidc(tmp_path_factory):
    """The provider for Django's test client (tests/oidc): its callback is ``http://testserver/…``."""
    fournisseur = demarrer_fournisseur(
        tmp_path_factory.mktemp("fournisseur_oidc"),
        redirect_uris=[CALLBACK_CLIENT_DE_TEST],
        post_logout_redirect_uris=["http://testserver/"],
    )
    yield fournisseur
    arreter(fournisseur.processus)


@pytest.fixture(scope="session")
def fournisseur_oidc_navigateur(tmp_path_factory, live_server):
    """The provider for Chromium (tests/browser): its callback is the live server's."""
    fournisseur = demarrer_fournisseur(
        tmp_path_factory.mktemp("fournisseur_oidc_navigateur"),
        redirect_uris=[f"{live_server.url}/oidc/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/"],
    )
    yield fournisseur
    arreter(fournisseur.processus)


@pytest.fixture
def proconnect(settings, fournisseur_oidc):
    """The portal configured for the local provider, as ``ami.settings`` does from PROCONNECT_*."""
    return configurer(settings, fournisseur_oidc.environnement())


@pytest.fixture
def proconnect_navigateur(settings, fournisseur_oidc_navigateur):
    return configurer(settings, fournisseur_oidc_navigateur.environnement())


def configurer(settings, variables: dict) -> dict:
    from comptes.proconnect_reglages import politique_avec_proconnect, reglages_proconnect

    reglages = reglages_proconnect(variables)
    for nom, valeur in reglages.items():
        setattr(settings, nom, valeur)
    settings.CONTENT_SECURITY_POLICY = politique_avec_proconnect(settings.CONTENT_SECURITY_POLICY, reglages)
    return reglages
