"""ProConnect's settings from the environment (``comptes.proconnect_reglages``, read by ``ami.settings``)."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from comptes.proconnect_reglages import origines, politique_avec_proconnect, reglages_proconnect

PRODUCTION = {
    "PROCONNECT_URL": "https://auth.agentconnect.gouv.fr/api/v2/",
    "PROCONNECT_CLIENT_ID": "identifiant",
    "PROCONNECT_CLIENT_SECRET": "secret",
}


def test_les_points_d_acces_derives_de_l_emetteur():
    reglages = reglages_proconnect(PRODUCTION)
    assert reglages["PROCONNECT_ACTIF"] is True
    assert reglages["PROCONNECT_URL"] == "https://auth.agentconnect.gouv.fr/api/v2"
    base = "https://auth.agentconnect.gouv.fr/api/v2"
    assert reglages["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{base}/authorize"
    assert reglages["OIDC_OP_TOKEN_ENDPOINT"] == f"{base}/token"
    assert reglages["OIDC_OP_USER_ENDPOINT"] == f"{base}/userinfo"
    assert reglages["OIDC_OP_JWKS_ENDPOINT"] == f"{base}/jwks"
    assert reglages["OIDC_OP_LOGOUT_ENDPOINT"] == f"{base}/session/end"
    assert reglages["OIDC_RP_SCOPES"] == "openid email given_name usual_name"
    assert origines(reglages) == ["https://auth.agentconnect.gouv.fr"]


def test_chaque_point_d_acces_et_les_scopes_se_remplacent():
    reglages = reglages_proconnect(
        {
            **PRODUCTION,
            "PROCONNECT_JWKS_ENDPOINT": "https://cles.exemple.gouv.fr/jwks",
            "PROCONNECT_LOGOUT_ENDPOINT": "https://sortie.exemple.gouv.fr/fin",
            "PROCONNECT_SCOPES": "openid  email given_name usual_name siret",
        }
    )
    assert reglages["OIDC_OP_JWKS_ENDPOINT"] == "https://cles.exemple.gouv.fr/jwks"
    assert reglages["OIDC_OP_TOKEN_ENDPOINT"] == "https://auth.agentconnect.gouv.fr/api/v2/token"
    assert reglages["OIDC_RP_SCOPES"] == "openid email given_name usual_name siret"
    assert origines(reglages) == ["https://sortie.exemple.gouv.fr", "https://auth.agentconnect.gouv.fr"]


def test_non_configure_rien_n_est_actif():
    reglages = reglages_proconnect({})
    assert reglages["PROCONNECT_ACTIF"] is False
    assert reglages["OIDC_OP_AUTHORIZATION_ENDPOINT"] == ""
    assert origines(reglages) == []


@pytest.mark.parametrize("manquante", sorted(PRODUCTION))
def test_une_configuration_partielle_est_une_erreur(manquante):
    with pytest.raises(ImproperlyConfigured, match=manquante):
        reglages_proconnect({nom: valeur for nom, valeur in PRODUCTION.items() if nom != manquante})


def test_un_point_d_acces_qui_n_est_pas_une_adresse_est_une_erreur():
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_TOKEN_ENDPOINT"):
        reglages_proconnect({**PRODUCTION, "PROCONNECT_TOKEN_ENDPOINT": "auth.agentconnect.gouv.fr/token"})


def test_form_action_nomme_le_fournisseur_seulement_s_il_est_configure():
    politique = {"DIRECTIVES": {"form-action": ["'self'"], "default-src": ["'self'"]}}
    avec = politique_avec_proconnect(politique, reglages_proconnect(PRODUCTION))
    assert avec["DIRECTIVES"]["form-action"] == ["'self'", "https://auth.agentconnect.gouv.fr"]
    assert politique["DIRECTIVES"]["form-action"] == ["'self'"]  # not modified in place
    assert politique_avec_proconnect(politique, reglages_proconnect({})) == politique


def test_ami_settings_lit_l_environnement():
    """The settings module itself, imported with PROCONNECT_* set: the library's settings and the CSP."""
    noms = [
        "PROCONNECT_ACTIF",
        "OIDC_OP_LOGOUT_ENDPOINT",
        "OIDC_RP_SIGN_ALGO",
        "OIDC_USE_PKCE",
        "OIDC_USE_NONCE",
        "OIDC_CREATE_USER",
        "OIDC_STORE_ID_TOKEN",
    ]
    programme = (
        "import json; from ami import settings as s; "
        f"print(json.dumps([getattr(s, nom) for nom in {noms!r}]"
        " + [s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], s.AUTHENTICATION_BACKENDS[-1]]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROCONNECT_")}
    sortie = subprocess.run(  # noqa: S603
        [sys.executable, "-c", programme],
        env={**env, **PRODUCTION},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(sortie.stdout.strip().splitlines()[-1]) == [
        True,
        "https://auth.agentconnect.gouv.fr/api/v2/session/end",
        "RS256",
        True,
        True,
        False,
        True,
        ["'self'", "https://auth.agentconnect.gouv.fr"],
        "comptes.proconnect.ProConnectBackend",
    ]
