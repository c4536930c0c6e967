"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import base64
import contextlib
import hashlib
import re
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
# In every document of every context: each Content-Security-Policy violation is reported to the test
# (issue 12 item 2: 0 violations in every page the browser tests open).
ECOUTE_CSP = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violationCsp({
    page: location.href, directive: e.violatedDirective, bloque: e.blockedURI,
    source: e.sourceFile + ":" + e.lineNumber, extrait: e.sample,
  });
});
"""
CONSOLE_CSP = re.compile(r"Content Security Policy|integrity|digest", re.I)
# Playwright's own style, not the portal's: a screenshot hides the caret of the focused field with it.
CARET_PLAYWRIGHT = "caret-color: transparent !important;"
EMPREINTE_CARET = base64.b64encode(hashlib.sha256(CARET_PLAYWRIGHT.encode()).digest()).decode()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class NavigateurSurveille:
    """The browser, whose every context (the ``page`` fixture's and those a test opens) records the CSP
    violations of its pages, and the console errors about CSP or integrity, in ``violations``."""

    def __init__(self, browser):
        self._browser = browser
        self.violations = []

    def new_context(self, **options):
        contexte = self._browser.new_context(**options)
        contexte.expose_binding("__violationCsp", lambda _source, details: self._signaler(details))
        contexte.add_init_script(ECOUTE_CSP)
        contexte.on("page", self._ecouter_console)
        return contexte

    def _signaler(self, details):
        if details.get("extrait") != CARET_PLAYWRIGHT:
            self.violations.append(details)

    def _ecouter_console(self, page):
        def console(message):
            texte = message.text
            if message.type == "error" and CONSOLE_CSP.search(texte) and EMPREINTE_CARET not in texte:
                self.violations.append({"page": page.url, "console": texte})

        page.on("console", console)

    def __getattr__(self, nom):
        return getattr(self._browser, nom)


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
    contexte = navigateur.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    contexte.set_default_timeout(10_000)
    page = contexte.new_page()
    yield page
    from playwright.sync_api import Error

    for ouverte in contexte.pages:  # a round trip: the last violations are reported before closing
        with contextlib.suppress(Error):
            ouverte.evaluate("0")
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
