"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=fr-FR",
]
CAPTURES = Path(__file__).resolve().parents[2] / "test-artifacts" / "captures"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(navigateur, live_server, donnees_de_base):
    contexte = navigateur.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    contexte.set_default_timeout(10_000)
    page = contexte.new_page()
    yield page
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

    return _verifier


def se_connecter(page, email, mot_de_passe):
    page.goto("/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()


def cocher(case):
    """DSFR draws its own boxes over the inputs: tick through the DOM, as a click on the label does."""
    case.evaluate("e => { if (!e.checked) e.click(); }")
