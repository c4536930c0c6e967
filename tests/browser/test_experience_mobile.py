"""Issue 17, point 7: the portal at 375 px in Chromium. No page scrolls sideways (the overview, the dépôt,
the budget, the queue, the accounts and the journals); the tables' scroll boxes are reached by keyboard; the
checklist of recevabilité folds what is respected and, on a section's page, shows that section's rules in
full and the others in one line; the budget's labels hyphenate, never cut between two letters; axe-core
finds nothing. Screenshots under test-artifacts/captures/mobile-*.png."""

import pytest
from playwright.sync_api import expect

from comptes.models import TypeOrganisation
from demo.exemples import dossier_complet, dossier_incomplet
from tests.browser.outils import se_connecter
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
LARGEUR = 375
SECTIONS = ("chef_de_file", "consortium", "territoire", "axe_1", "axe_4", "budget", "engagements", "pieces")
# Measured at 375 px before this change (the checklist unfolded under every page): 3 308 px for a complete
# dossier, 3 396 px for a draft (now about 250 and 2 750); a section’s page of the complete dossier
# 5 600–8 900 px (now 2 500–5 800).
RECEVABILITE_COMPLET_MAX = 400
RECEVABILITE_BROUILLON_MAX = 2_800


@pytest.fixture
def mobile(navigateur, live_server, donnees_de_base):
    contexte = navigateur.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": LARGEUR, "height": 800},
    )
    contexte.set_default_timeout(10_000)
    page = contexte.new_page()
    yield page
    contexte.close()


@pytest.fixture
def candidat(appel_ouvert):
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(organisation=organisation, email="camille@cd59.fr")


def largeur_du_document(page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth")


def hauteur(page, selecteur) -> int:
    return page.evaluate(f"() => document.querySelector('{selecteur}').getBoundingClientRect().height")


def boites_de_defilement(page):
    """Every element shown that scrolls sideways (its content wider than itself); the header's menu, closed
    on a phone, is not shown."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => {
             const s = getComputedStyle(e);
             return (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1
               && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
           }).map(e => ({classe: e.className, parent: e.parentElement.className,
                         largeurs: [e.scrollWidth, e.clientWidth], tabindex: e.getAttribute('tabindex'),
                         role: e.getAttribute('role'), nom: e.getAttribute('aria-label')}))"""
    )


def verifier_boites(page):
    """Each box that scrolls sideways is a named region reached by Tab, and the arrow keys scroll it."""
    boites = boites_de_defilement(page)
    for boite in boites:
        assert boite["tabindex"] == "0" and boite["role"] == "region" and boite["nom"], (page.url, boite)
    return boites


def test_le_dossier_du_candidat_tient_dans_375_px(mobile, candidat, axe, capture):
    page = mobile
    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    for chemin, nom in (("", "apercu"), ("depot/", "depot"), ("budget/", "budget")):
        page.goto(f"/candidatures/{dossier.pk}/{chemin}")
        assert largeur_du_document(page) <= LARGEUR, nom
        verifier_boites(page)
        axe(page)
        capture(page, f"mobile-{nom}")

    # The overview: each question above its answer, the answer as wide as the column.
    page.goto(f"/candidatures/{dossier.pk}/")
    largeurs = page.evaluate(
        """() => { const dd = document.querySelector('.resume-paires dd');
                   const largeur = e => e.getBoundingClientRect().width;
                   return [largeur(dd), largeur(dd.parentElement)]; }"""
    )
    assert largeurs[0] >= largeurs[1] * 0.9, largeurs

    # The overview's tables scroll in their box, which the keyboard reaches and scrolls.
    membres = page.get_by_role("region", name="Tableau des membres du consortium")
    membres.focus()
    assert membres.evaluate("e => e === document.activeElement")
    assert membres.evaluate("e => e.scrollWidth > e.clientWidth")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.activeElement.scrollLeft > 0", timeout=2000
    )  # the arrows scroll the focused box

    # Budget labels: hyphenated at a syllable, never broken anywhere by the body's break-word.
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    styles = page.locator(".etat-depenses .fr-label").first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.hyphens, s.overflowWrap, s.wordBreak]; }"
    )
    assert styles == ["auto", "normal", "normal"]

    # Every rule is respected: the checklist is one folded line under each section, not 3 300 px.
    for section in SECTIONS:
        page.goto(f"/candidatures/{dossier.pk}/{section}/")
        expect(page.locator("#recevabilite details")).not_to_have_attribute("open", "")
        expect(page.locator("#recevabilite summary")).to_have_text("Critères respectés (20)")
        assert hauteur(page, "#recevabilite") <= RECEVABILITE_COMPLET_MAX, section
        assert largeur_du_document(page) <= LARGEUR, section
    page.locator("#recevabilite summary").click()
    expect(page.locator("#regle-R04")).to_be_visible()
    expect(page.locator("#regle-R04")).to_contain_text("Respecté")


def test_une_section_montre_ses_regles_et_resume_les_autres(mobile, candidat, axe, capture):
    page = mobile
    dossier = dossier_incomplet(DossierFactory(organisation=candidat.organisation, intitule="Brouillon"))
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{dossier.pk}/axe_1/")
    propres = page.locator(".recevabilite__liste--section > li")
    autres = page.locator(".recevabilite__liste--resume > li")
    expect(propres.first).to_be_visible()
    expect(autres.first).to_be_visible()
    # This section's rules in full: the message, the source, the link to the field of this section.
    for regle in propres.all():
        expect(regle).to_contain_text("Source :")
        assert "/axe_1/" in regle.get_by_role("link").get_attribute("href")
    # The other sections' in one line: no message, a link to where it is fixed.
    for regle in autres.all():
        expect(regle).not_to_contain_text("Source :")
        lien = regle.get_by_role("link", name="Corriger")
        assert "/axe_1/" not in lien.get_attribute("href")
    assert hauteur(page, "#recevabilite") <= RECEVABILITE_BROUILLON_MAX
    axe(page)
    capture(page, "mobile-section-brouillon")

    # The overview shows every rule not respected in full.
    page.goto(f"/candidatures/{dossier.pk}/")
    expect(page.locator(".recevabilite__liste--resume")).to_have_count(0)
    expect(page.locator("#regle-R03")).to_contain_text("Source :")
    assert largeur_du_document(page) <= LARGEUR


def test_file_et_comptes_a_375_px(mobile, appel_ouvert, axe, capture):
    page = mobile
    for _ in range(3):
        deposer_dossier()
    UserFactory(instructeur=True, email="alex@dgefp.gouv.fr")
    UserFactory(administrateur=True, email="admin@dgefp.gouv.fr")

    se_connecter(page, "alex@dgefp.gouv.fr", MOT_DE_PASSE)
    page.goto("/instruction/")
    assert largeur_du_document(page) <= LARGEUR
    boites = verifier_boites(page)
    assert any(boite["nom"] == "Tableau : Dossiers déposés" for boite in boites), boites
    file = page.get_by_role("region", name="Tableau : Dossiers déposés")
    file.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2000)
    axe(page)
    capture(page, "mobile-file")

    page.context.clear_cookies()
    se_connecter(page, "admin@dgefp.gouv.fr", MOT_DE_PASSE)
    for chemin, nom in (
        ("/compte/gestion/", "Tableau des comptes du portail"),
        ("/administration/journal/", "Tableau des modifications"),
        ("/administration/journal/securite/", "Tableau des événements de sécurité"),
    ):
        page.goto(chemin)
        assert largeur_du_document(page) <= LARGEUR, chemin
        verifier_boites(page)
        region = page.get_by_role("region", name=nom)
        region.focus()
        assert region.evaluate("e => e === document.activeElement"), chemin
        axe(page)
        capture(page, "mobile-" + chemin.strip("/").replace("/", "-"))
