"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser); the helpers are in
``tests/browser/outils.py``."""

import contextlib

import pytest

from tests.browser.outils import CAPTURES, nouveau_contexte
from tests.oidc.fixtures import fournisseur_oidc_navigateur, proconnect_navigateur  # noqa: F401


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# The ``navigateur`` fixture (the session's one Chromium) is in tests/conftest.py: the production smoke suite
# (tests/production) drives the same one — Playwright's sync API allows a single instance per thread.


@pytest.fixture(autouse=True)
def _aucune_violation_csp(request):
    """A browser test fails at teardown if any page it opened broke the Content-Security-Policy or
    refused a resource for its integrity, with the details."""
    if "navigateur" not in request.fixturenames:
        yield
        return
    navigateur = request.getfixturevalue("navigateur")
    navigateur.violations.clear()
    yield
    violations = list(navigateur.violations)
    navigateur.violations.clear()
    if violations:
        pytest.fail(f"{len(violations)} violation(s) de la CSP :\n" + "\n".join(map(str, violations)))


@pytest.fixture
def page(navigateur, live_server, donnees_de_base):
    contexte = nouveau_contexte(navigateur, live_server)
    page = contexte.new_page()
    yield page
    from playwright.sync_api import Error

    for ouverte in contexte.pages:  # a round trip: the last violations are reported before closing
        with contextlib.suppress(Error):
            ouverte.evaluate("0")
    contexte.close()


@pytest.fixture
def deuxieme(navigateur, live_server):
    """A second browser context: another person's browser, at the same time as ``page``."""
    contexte = nouveau_contexte(navigateur, live_server)
    yield contexte.new_page()
    contexte.close()


@pytest.fixture
def capture():
    """Save a full-page PNG under test-artifacts/captures/ (to look at, and for the closing note)."""
    CAPTURES.mkdir(parents=True, exist_ok=True)

    def _capture(page, nom):
        chemin = CAPTURES / f"{nom}.png"
        page.screenshot(path=str(chemin), full_page=True)
        return chemin

    return _capture


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    moteur = Axe()

    def _verifier(page):
        resultats = moteur.run(page)
        assert resultats.violations_count == 0, resultats.generate_report()

    # ``axe.violations(page)``: axe-core's violations (id, nodes' targets…) without failing, to gather those
    # of many pages into one report (tests/browser/test_accessibilite_pages.py).
    # ``contexte``: a CSS selector, axe-core checks that part of the page only (a tab's panel just opened).
    _verifier.violations = lambda page, contexte=None: moteur.run(page, contexte).response["violations"]
    return _verifier
