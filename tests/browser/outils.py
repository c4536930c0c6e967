"""Helpers of the browser tests: Debian's Chromium and its flags, the browser that records every CSP
violation (``NavigateurSurveille``), logging in, ticking a DSFR box."""

import base64
import contextlib
import hashlib
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

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


def se_connecter(page, email, mot_de_passe):
    """The login page; when it then asks for the second factor (comptes.deux_facteurs), the code of the
    account's application, computed here as the person's phone would."""
    page.goto("/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    # Each submission waits for the page it leads to: the caller may close the tab next, and a close that
    # races a navigation commit is lost by Chromium (``fermer``).
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    if urlsplit(page.url).path == "/compte/deux-facteurs/":
        with page.expect_navigation():
            saisir_le_code(page, code_totp(email))


def fermer(page):
    """Close a tab without ever hanging. Chromium acknowledges a close that races a navigation commit and
    then drops it (microsoft/playwright#42068, #42366, crbug 536385539), and ``page.close()`` waits for the
    closing forever: the CI of stop 26 lost 40 minutes on the administrateur's login tab of the axe crawl,
    closed while « Valider le code » was still sending it to /administration/. Reproduced here with
    Debian's Chromium 156: a tab closed during a reload hangs ``page.close()`` at the first try.
    Here the tab is left to land, then the close is asked of the browser (``Target.closeTarget``, what
    ``page.close()`` sends) and asked again while the tab is still there, as upstream's proposed fix does:
    a second request destroys it. tests/test_garde_fous_de_la_suite.py checks that no tab of the tests is
    closed any other way, and tests/browser/test_fermer_un_onglet.py the race itself."""
    from playwright.sync_api import Error

    if page.is_closed():
        return
    with contextlib.suppress(Error):
        page.wait_for_load_state("load", timeout=10_000)
    cible = page.context.new_cdp_session(page).send("Target.getTargetInfo")["targetInfo"]["targetId"]
    navigateur = page.context.browser.new_browser_cdp_session()
    try:
        for _ in range(5):
            with contextlib.suppress(Error), page.expect_event("close", timeout=1_000):
                navigateur.send("Target.closeTarget", {"targetId": cible})
            if page.is_closed():
                return
    finally:
        navigateur.detach()
    raise AssertionError(f"l'onglet {page.url} ne se ferme pas après 5 demandes")


def saisir_le_code(page, code):
    page.get_by_label("Code de vérification").fill(code)
    page.get_by_role("button", name="Valider le code").click()


def code_totp(email=None, cle=None, dernier_t=-1):
    """The code an application shows for the account ``email``'s confirmed TOTP application (read from the
    database), or for the hex key ``cle``. django-otp accepts a step once and one step either side of
    now: after a code already used in this step (two logins within 30 s), the next step's code; past
    that, wait for the next step."""
    from django_otp.oath import TOTP

    derive = 0
    if email is not None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        appareil = TOTPDevice.objects.get(user__email=email, confirmed=True)
        cle, dernier_t, derive = appareil.key, appareil.last_t, appareil.drift
    totp = TOTP(bytes.fromhex(cle), drift=derive)
    maintenant = totp.t()
    if dernier_t >= maintenant + 1:
        time.sleep(30 - time.time() % 30 + 0.1)
        maintenant = totp.t()
    totp.drift += max(0, dernier_t + 1 - maintenant)
    return f"{totp.token():06d}"


def cocher(case):
    """DSFR draws its own boxes over the inputs: tick through the DOM, as a click on the label does."""
    case.evaluate("e => { if (!e.checked) e.click(); }")


def nouveau_contexte(navigateur, live_server):
    """A browser context of the portal as a person opens it: French, Paris time, 1280 × 900, 10 s waits."""
    contexte = navigateur.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    contexte.set_default_timeout(10_000)
    return contexte
