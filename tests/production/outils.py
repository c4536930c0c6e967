"""Helpers of the production smoke suite: a missing service skipped (failed in CI), and what a page did
wrong (``Surveillance``)."""

import os
from urllib.parse import urlsplit

import pytest

from tests.browser.outils import CARET_PLAYWRIGHT, ECOUTE_CSP, EMPREINTE_CARET


def absent(raison: str):
    """PostgreSQL or Redis unreachable: ./bin/test then runs the rest of the suite on SQLite, tasks inline
    (README); production is PostgreSQL, Redis and a worker, so its smoke suite is skipped, said — in CI
    (``CI`` set), where both must run, it fails."""
    if os.environ.get("CI"):
        pytest.fail(raison)
    pytest.skip(f"{raison} — la suite de fumée de production demande PostgreSQL et Redis")


class Surveillance:
    """Everything a page of a context did wrong: console errors, uncaught exceptions, CSP violations,
    a response of 400 or more to any request (the page itself or its subresources), a failed request."""

    def __init__(self):
        self.problemes = []
        self.statuts_attendus = set()  # (path, status) a test provokes on purpose

    def brancher(self, contexte):
        contexte.expose_binding("__violationCsp", lambda _s, d: self._violation(d))
        contexte.add_init_script(ECOUTE_CSP)
        contexte.on("page", self._page)
        contexte.on("response", self._reponse)
        contexte.on("requestfailed", self._echec)

    def _violation(self, details):
        if details.get("extrait") != CARET_PLAYWRIGHT:  # Playwright's own style (screenshots)
            self.problemes.append(("CSP", details))

    def _page(self, page):
        def console(message):
            if message.type == "error" and EMPREINTE_CARET not in message.text:
                self.problemes.append(("console", page.url, message.text))

        page.on("console", console)
        page.on("pageerror", lambda e: self.problemes.append(("exception", page.url, str(e))))

    def _reponse(self, reponse):
        if (
            reponse.status >= 400
            and (urlsplit(reponse.url).path, reponse.status) not in self.statuts_attendus
        ):
            self.problemes.append(("HTTP", reponse.status, reponse.request.method, reponse.url))

    def _echec(self, requete):
        # A navigation that turns into a download, or an htmx poll cut by leaving the page: aborted.
        if requete.failure != "net::ERR_ABORTED":
            self.problemes.append(("échec", requete.method, requete.url, requete.failure))
