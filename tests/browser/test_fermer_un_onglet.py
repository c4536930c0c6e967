"""Closing a tab never hangs the suite (``fermer``, tests/browser/outils.py): the Chromium race of stop 26's
CI, a close sent while a navigation commits, reproduced on the portal's own login page."""

import time

import pytest
from playwright.sync_api import Error

from tests.browser.outils import fermer, nouveau_contexte, se_connecter
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db(transaction=True)


def test_un_onglet_ferme_pendant_un_rechargement_se_ferme(navigateur, live_server):
    contexte = nouveau_contexte(navigateur, live_server)
    durees = []
    for _ in range(8):
        onglet = contexte.new_page()
        onglet.goto("/compte/connexion/")
        # The page reloads: the evaluation is cut off by the navigation, the close races its commit.
        with pytest.raises(Error):
            onglet.evaluate("location.reload(); new Promise(() => {})")
        debut = time.monotonic()
        fermer(onglet)
        durees.append(time.monotonic() - debut)
        assert onglet.is_closed()
    assert contexte.pages == []
    contexte.close()
    assert max(durees) < 30, durees  # a hang is bounded; a plain page.close() here waits forever


def test_un_onglet_ferme_juste_apres_la_connexion_a_deux_facteurs(
    navigateur, live_server, donnees_de_base, administrateur
):
    """The very case of stop 26: the administrateur's login (password, then the code), then its tab
    closed; the session kept by the context is the administrateur's."""
    contexte = nouveau_contexte(navigateur, live_server)
    connexion = contexte.new_page()
    se_connecter(connexion, administrateur.email, MOT_DE_PASSE)
    assert connexion.url.endswith("/administration/")
    fermer(connexion)
    assert connexion.is_closed()
    page = contexte.new_page()
    page.goto("/administration/")
    assert page.url.endswith("/administration/")
    contexte.close()
