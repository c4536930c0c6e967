"""What the injection tests (issue 12, item 1) check on every page they open, in Chromium.

The contexts bypass the Content-Security-Policy: a CSP would stop an injected script and hide the XSS from
the dialog counter, and escaping must hold on its own. On each page: no dialog, no element carrying the
payloads' ``data-xss`` marker, ``window.__xss`` unset, no ``javascript:`` URL and no event handler holding a
payload; and the payloads that the page shows are counted, read back as text (escaped once, not twice)."""

import json
import time
from pathlib import Path

from django.conf import settings
from django.test import Client

from tests.charges_xss import TOUTES

RESULTATS = Path(__file__).resolve().parents[2] / "test-artifacts" / "injection"

VERIFIER = """(formes) => {
  const tous = [...document.querySelectorAll('*')];
  const urls = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'hx-get', 'hx-post'];
  const enJs = tous.filter(e => [...e.attributes].some(
    a => urls.includes(a.name) && /^\\s*javascript:/i.test(a.value))).length;
  const gestionnaires = tous.filter(e => [...e.attributes].some(
    a => a.name.startsWith('on') && /__xss|alert/.test(a.value))).length;
  let corpus = document.documentElement.textContent;
  for (const e of document.querySelectorAll('input, textarea, select')) corpus += '\\n' + e.value;
  for (const e of tous) for (const a of e.attributes) corpus += '\\n' + a.value;
  let rendues = 0;
  const vues = [];
  for (const f of formes) {
    let i = corpus.indexOf(f), n = 0;
    while (i !== -1) { n++; i = corpus.indexOf(f, i + f.length); }
    if (n) vues.push(f);
    rendues += n;
  }
  return {
    injectes: document.querySelectorAll('[data-xss]').length,
    xss: window.__xss === 1,
    enJs, gestionnaires, rendues, vues,
    doubles: (corpus.match(/&(lt|gt|quot|#x27|#39|amp);/g) || []).length,
  };
}"""


class Sonde:
    """One per test: opens a logged-in page per person, visits and checks, and keeps the figures."""

    def __init__(self, navigateur, base_url, capture=None):
        self.navigateur, self.base_url, self.capture = navigateur, base_url, capture
        self.contextes = []
        self.dialogues = []
        self.pages = []
        self.echecs = []
        self.rendues = 0
        self.formes_vues = set()
        self.debut = self.top = time.monotonic()
        self.durees = []

    def page_de(self, user=None):
        """A page of Chromium logged in as ``user`` (a session made by Django: no login form per role);
        without ``user``, a visitor's."""
        contexte = self.navigateur.new_context(
            base_url=self.base_url,
            bypass_csp=True,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": 1280, "height": 900},
        )
        contexte.set_default_timeout(10_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            nom = settings.SESSION_COOKIE_NAME
            contexte.add_cookies([{"name": nom, "value": client.cookies[nom].value, "url": self.base_url}])
        self.contextes.append(contexte)
        page = contexte.new_page()
        page.on("dialog", lambda dialogue: self._dialogue(page, dialogue))
        return page

    def _dialogue(self, page, dialogue):
        self.dialogues.append(f"{page.url}: {dialogue.type} {dialogue.message!r}")
        dialogue.dismiss()

    def verifier(self, page, nom: str, min_rendues: int = 0):
        """Check the page as it is now (after a click, a form sent, a flash message shown)."""
        page.wait_for_load_state("load")
        page.wait_for_timeout(30)  # handlers that fire just after load (autofocus → onfocus)
        r = page.evaluate(VERIFIER, list(TOUTES))
        self.pages.append(nom)
        maintenant = time.monotonic()
        self.durees.append((round(maintenant - self.top, 2), nom))
        self.top = maintenant
        self.rendues += r["rendues"]
        self.formes_vues.update(r["vues"])
        defauts = {k: r[k] for k in ("injectes", "xss", "enJs", "gestionnaires", "doubles") if r[k]}
        if r["rendues"] < min_rendues:
            defauts["rendues"] = f"{r['rendues']} < {min_rendues}"
        if defauts:
            self.echecs.append(f"{nom} ({page.url}): {defauts}")
            if self.capture:
                self.capture(page, f"injection-echec-{len(self.echecs)}")
        return r

    def visiter(self, page, url: str, nom: str | None = None, statut: int = 200, min_rendues: int = 0):
        reponse = page.goto(url)
        if reponse.status != statut:
            self.echecs.append(f"{nom or url}: HTTP {reponse.status} (attendu {statut})")
        return self.verifier(page, nom or url, min_rendues)

    def bilan(self, nom_test: str, stockees: int) -> dict:
        """Close the contexts, write the figures to test-artifacts/injection/ and return them."""
        for contexte in self.contextes:
            contexte.close()
        chiffres = {
            "charges_stockees": stockees,
            "formes": len(TOUTES),
            "formes_lues_dans_les_pages": len(self.formes_vues),
            "pages": len(self.pages),
            "charges_x_pages": stockees * len(self.pages),
            "charges_rendues_lues": self.rendues,
            "dialogues": len(self.dialogues),
            "echecs": self.echecs,
            "liste_des_dialogues": self.dialogues,
            "secondes": round(time.monotonic() - self.debut),
            "pages_les_plus_lentes": sorted(self.durees, reverse=True)[:15],
        }
        RESULTATS.mkdir(parents=True, exist_ok=True)
        (RESULTATS / f"{nom_test}.json").write_text(json.dumps(chiffres, ensure_ascii=False, indent=2))
        return chiffres
