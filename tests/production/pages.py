"""What the production smoke suite does on the portal's pages: the demo accounts and dossiers it
uses, logging in, opening a dossier or a section, screenshots, and the checks every page passes
(each stylesheet applied, HTTPS with HSTS)."""

import re

from playwright.sync_api import expect

from demo.management.commands.demo import CLE_TOTP
from tests.browser.outils import CAPTURES, code_totp, fermer, saisir_le_code
from tests.production.deploiement import MOT_DE_PASSE

CANDIDAT = "candidat.cd@demo.ami-spie.fr"
COLLEGUE = "candidat2.cd@demo.ami-spie.fr"  # the same conseil départemental: the dépôt mail goes to both
INSTRUCTEUR = "instructeur@demo.ami-spie.fr"
AGENT = "agent.ddets@demo.ami-spie.fr"  # DDETS du Nord: the dossier's département (59)
ADMINISTRATEUR = "admin@demo.ami-spie.fr"
BROUILLON = "SPIE du Nord, bassins de vie — brouillon"
PRET = "SPIE du Nord 2022-2024 — prêt à déposer"
CAPTURES_PRODUCTION = CAPTURES / "production"
# Between the two renderings of a page: the landmarks' boxes within this many CSS pixels, the two
# screenshots (greyscale, reduced 4 times) within this mean difference (0 to 255).
ECART_PIXELS = 3
ECART_IMAGE = 4.0


def connecter(page, email):
    page.goto("/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
    if "/compte/deux-facteurs/" in page.url:  # instructeurs and the administrateur: the demo's TOTP key
        saisir_le_code(page, code_totp(cle=CLE_TOTP))
        page.wait_for_url(lambda url: "/compte/deux-facteurs/" not in url)


def capturer(page, nom, pleine_page=True):
    CAPTURES_PRODUCTION.mkdir(parents=True, exist_ok=True)
    chemin = CAPTURES_PRODUCTION / f"{nom}.png"
    page.screenshot(path=str(chemin), full_page=pleine_page)
    return chemin


FEUILLES = """() => {
  const feuilles = [...document.styleSheets].map(s => {
    try { return {href: s.href, regles: s.cssRules.length}; }
    catch (e) { return {href: s.href, erreur: String(e)}; }
  });
  const liens = [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href);
  return {feuilles, liens};
}"""
# Properties that the DSFR sets and a browser's defaults do not.
STYLE_DSFR = """() => {
  const style = (selecteur, propriete) => {
    const e = document.querySelector(selecteur);
    return e ? getComputedStyle(e)[propriete] : null;
  };
  return {
    police: style('body', 'fontFamily'),
    entete: style('header', 'filter') + ' ' + style('header', 'boxShadow'),
    rangee: style('.fr-header__body-row', 'display'),
    logo: style('.fr-logo', 'fontWeight') + ' ' + style('.fr-logo', 'textTransform'),
    lien: style('header a', 'textDecorationLine') + ' ' + style('header a', 'color'),
  };
}"""


def verifier_styles(page):
    """Every stylesheet of the page loaded and readable (a refused one has no rules, or none at all),
    and the DSFR's header styled: its computed style differs from the same HTML without stylesheets."""
    resultat = page.evaluate(FEUILLES)
    chargees = {f["href"]: f for f in resultat["feuilles"]}
    assert len(resultat["liens"]) >= 3, resultat  # the DSFR's core, utilities, icons, the portal's
    for lien in resultat["liens"]:
        assert lien in chargees, f"{lien} : feuille de style absente de document.styleSheets"
        assert chargees[lien].get("regles", 0) > 0, chargees[lien]
    style = page.evaluate(STYLE_DSFR)
    assert "Marianne" in style["police"], style
    entete = page.locator("header").first.evaluate("e => e.outerHTML")
    nue = page.context.new_page()
    try:
        nue.set_content(f"<!doctype html><html><body>{entete}</body></html>")
        sans_style = nue.evaluate(STYLE_DSFR)
    finally:
        fermer(nue)
    differents = [cle for cle in style if style[cle] != sans_style[cle]]
    assert len(differents) >= 4, (style, sans_style)


def verifier_https(page, reponse):
    entete = reponse.headers.get("strict-transport-security", "")
    assert "max-age=31536000" in entete and "includeSubDomains" in entete, reponse.headers
    cookies = {c["name"]: c for c in page.context.cookies()}
    for nom in ("sessionid", "csrftoken"):
        assert nom in cookies, cookies
        assert cookies[nom]["secure"] and cookies[nom]["httpOnly"], cookies[nom]
    assert "csrftoken" not in page.evaluate("document.cookie")  # HttpOnly: no script reads it


def section(page, nom):
    lien = page.locator("#menu-sections").get_by_role("link", name=re.compile(nom))
    page.goto(lien.get_attribute("href"))


def ouvrir_dossier(page, intitule):
    page.goto("/candidatures/")
    page.get_by_role("link", name=intitule, exact=True).click()
    expect(page.locator("#menu-sections")).to_be_visible()
