"""Issue 17, point 5 in Chromium, at the keyboard only (Tab, Shift+Tab, Enter, Space and typing): « Ajouter »
puts the focus in the new row; « Retirer » names its row, leaves « Membre retiré … Annuler » in its place,
announced, and moves the focus on; « Annuler » gives the row back with what it held; the dossier is then
deposited without the mouse. The sticky save bar never covers the focused field (WCAG 2.4.11)."""

import datetime
import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier, Etat, Section
from comptes.models import TypeOrganisation
from consortium.models import Membre
from demo.exemples import dossier_complet
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
CAPTURES = Path(tempfile.gettempdir()) / "focus"  # the screenshots looked at (issue 17)
# The focused element, and whether the sticky save bar covers any part of it (bounding boxes).
MASQUE = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));  // what the person sees
  const actif = document.activeElement;
  const barre = document.querySelector(".barre-enregistrement");
  // The body (Tab past the last stop, before the browser's own chrome) is not a field the bar could hide.
  if (!actif || actif === document.body || !barre || barre.contains(actif)) return null;
  if (getComputedStyle(barre).position !== "sticky") return null;
  const a = actif.getBoundingClientRect(), b = barre.getBoundingClientRect();
  if (a.width === 0 && a.height === 0) return null;
  const couvre = a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
  const nom = actif.name || actif.id || actif.textContent.trim();
  return couvre ? nom + " " + JSON.stringify({champ: [a.top, a.bottom], barre: [b.top, b.bottom]}) : null;
}"""


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(organisation=organisation, email="camille@cd59.fr")


def est_focalise(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def tabuler(page, cible, arriere=False, maximum=400):
    """Tab (or Shift+Tab) until ``cible`` has the focus; at every stop, the sticky bar covers nothing."""
    for _ in range(maximum):
        if est_focalise(cible):
            return
        page.keyboard.press("Shift+Tab" if arriere else "Tab")
        masque = page.evaluate(MASQUE)
        assert masque is None, f"la barre d’enregistrement couvre le champ qui a le focus : {masque}"
    raise AssertionError(f"{cible} jamais atteint au clavier")


def taper_champ(page, champ, texte):
    """Tab to the next field, which must be ``champ``, and type ``texte``."""
    page.keyboard.press("Tab")
    expect(champ).to_be_focused()
    page.keyboard.type(texte)


def capturer(page, nom):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=False)


def test_ajouter_retirer_annuler_et_deposer_au_clavier(page, candidat, axe, attendre):
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat), user=candidat
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.CONSORTIUM]))
    associations = page.locator("#type-association")
    ajouter = associations.get_by_role("button", name=re.compile("Ajouter un membre"))
    expect(associations.locator(".ligne")).to_have_count(1)  # « Structure 2 », from dossier_complet
    expect(associations.get_by_role("button", name="Retirer le membre « Structure 2 »")).to_be_visible()

    # « Ajouter un membre »: the focus is in the new row's first field; fill it at the keyboard.
    tabuler(page, ajouter)
    page.keyboard.press("Enter")
    expect(associations.locator(".ligne")).to_have_count(2)
    emmaus = page.locator("#" + associations.locator(".ligne").nth(1).get_attribute("id"))
    expect(emmaus.get_by_label("Structure", exact=True)).to_be_focused()
    expect(emmaus.get_by_role("button", name="Retirer le membre n° 2")).to_be_attached()
    page.keyboard.type("Emmaüs Roubaix")
    expect(emmaus.get_by_role("button", name="Retirer le membre « Emmaüs Roubaix »")).to_be_attached()
    page.keyboard.press("Tab")
    expect(emmaus.get_by_label("Statut de la structure")).to_be_focused()  # preselected: association
    taper_champ(page, emmaus.get_by_label("Nom et Prénom de l’interlocuteur référent"), "Dominique Petit")
    taper_champ(page, emmaus.get_by_label("Numéro de téléphone"), "03 20 00 00 00")
    taper_champ(page, emmaus.get_by_label("Adresse mail"), "dominique.petit@emmaus.fr")
    page.keyboard.press("Tab")
    retirer_emmaus = emmaus.get_by_role("button", name="Retirer le membre « Emmaüs Roubaix »")
    expect(retirer_emmaus).to_be_focused()

    # A third, empty row: numbered.
    tabuler(page, ajouter)
    page.keyboard.press("Space")
    expect(associations.locator(".ligne")).to_have_count(3)
    troisieme = page.locator("#" + associations.locator(".ligne").nth(2).get_attribute("id"))
    expect(troisieme.get_by_label("Structure", exact=True)).to_be_focused()
    retirer_troisieme = troisieme.get_by_role("button", name="Retirer le membre n° 3")
    expect(retirer_troisieme).to_be_attached()

    # « Retirer » Emmaüs: the focus goes to the next row's first
    # field, the removal is announced, « Annuler » stands in its place.
    tabuler(page, retirer_emmaus, arriere=True)
    page.keyboard.press("Space")
    expect(associations.locator(".ligne")).to_have_count(2)
    expect(troisieme.get_by_label("Structure", exact=True)).to_be_focused()
    retrait = associations.locator(".ligne-retiree")
    expect(retrait).to_contain_text("Membre retiré : « Emmaüs Roubaix ».")
    expect(page.locator("#annonce-lignes")).to_have_text(re.compile("^Membre retiré : « Emmaüs Roubaix »"))
    expect(page.locator("#annonce-lignes")).to_have_attribute("aria-live", "polite")
    expect(troisieme.get_by_role("button", name="Retirer le membre n° 2")).to_be_attached()
    assert not Membre.objects.filter(structure="Emmaüs Roubaix").exists()
    capturer(page, "membre-retire")
    axe(page)

    # « Annuler »: one Shift+Tab away; the row is back in its place with all it held, focused, announced.
    page.keyboard.press("Shift+Tab")
    annuler = retrait.get_by_role("button", name=re.compile("^Annuler le retrait : Membre retiré"))
    expect(annuler).to_be_focused()
    page.keyboard.press("Enter")
    expect(associations.locator(".ligne-retiree")).to_have_count(0)
    expect(associations.locator(".ligne")).to_have_count(3)
    expect(associations.locator(".ligne").nth(1)).to_have_id(emmaus.get_attribute("id"))  # in its place
    expect(emmaus.get_by_label("Structure", exact=True)).to_be_focused()
    expect(emmaus.get_by_label("Structure", exact=True)).to_have_value("Emmaüs Roubaix")
    expect(emmaus.get_by_label("Adresse mail")).to_have_value("dominique.petit@emmaus.fr")
    expect(page.locator("#annonce-lignes")).to_have_text("Membre rétabli : « Emmaüs Roubaix ».")
    assert attendre(lambda: Membre.objects.filter(courriel="dominique.petit@emmaus.fr").exists())
    capturer(page, "membre-retabli")

    # The empty third row removed: no row after it, the focus goes to « Ajouter un membre ».
    retirer = troisieme.get_by_role("button", name="Retirer le membre n° 3")
    tabuler(page, retirer)
    page.keyboard.press("Enter")
    expect(associations.locator(".ligne")).to_have_count(2)
    expect(ajouter).to_be_focused()
    expect(page.locator("#annonce-lignes")).to_have_text(re.compile("^Membre retiré : n° 3"))
    membre = Membre.objects.get(structure="Emmaüs Roubaix")
    assert (membre.interlocuteur, membre.courriel) == ("Dominique Petit", "dominique.petit@emmaus.fr")
    assert Membre.objects.filter(dossier=dossier, type="association").count() == 2

    # To « Déposer » without the mouse: the side menu, the confirmation box, the button.
    tabuler(page, page.locator("#menu-sections").get_by_role("link", name="Déposer le dossier"), arriere=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name="Déposer le dossier")).to_be_visible()
    tabuler(page, page.get_by_label(re.compile("Je confirme")))
    page.keyboard.press("Space")
    tabuler(page, page.get_by_role("button", name="Déposer le dossier"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.DEPOSE


def test_budget_et_indicateurs_au_clavier(page, candidat, axe):
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat), user=candidat
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.BUDGET]))
    groupe = page.locator("#groupe-axe_1")
    avant = groupe.locator("tr.ligne").count()
    tabuler(page, groupe.get_by_role("button", name=re.compile("Ajouter une dépense")))
    page.keyboard.press("Enter")
    expect(groupe.locator("tr.ligne")).to_have_count(avant + 1)
    nouvelle = page.locator("#" + groupe.locator("tr.ligne").last.get_attribute("id"))
    premier = "r => document.activeElement === r.querySelector('input:not([type=hidden]), select, textarea')"
    assert nouvelle.evaluate(premier), "le focus n’est pas dans le premier champ de la nouvelle dépense"
    retirer = nouvelle.get_by_role("button", name=re.compile(r"^Retirer la dépense n° \d+$"))
    expect(retirer).to_be_attached()
    nouvelle.get_by_role("textbox", name=re.compile("^Objet de la dépense")).focus()
    page.keyboard.type("Formation croisée")
    expect(nouvelle.get_by_role("button", name="Retirer la dépense « Formation croisée »")).to_be_attached()
    tabuler(page, nouvelle.get_by_role("button", name="Retirer la dépense « Formation croisée »"))
    page.keyboard.press("Enter")
    retrait = groupe.locator("tr.ligne-retiree")
    expect(retrait).to_contain_text("Dépense retirée : « Formation croisée ».")
    expect(groupe.get_by_role("button", name=re.compile("Ajouter une dépense"))).to_be_focused()
    capturer(page, "depense-retiree")
    axe(page)
    page.keyboard.press("Shift+Tab")
    expect(retrait.get_by_role("button", name=re.compile("^Annuler"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(groupe.locator("tr.ligne-retiree")).to_have_count(0)
    objet = groupe.locator("tr.ligne").last.get_by_role("textbox", name=re.compile("^Objet de la dépense"))
    expect(objet).to_have_value("Formation croisée")
    expect(page.locator("#annonce-lignes")).to_have_text("Dépense rétablie : « Formation croisée ».")
    axe(page)

    # An axe's indicators: the new one focused, named by its number, then by what is typed.
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.AXE_1]))
    tabuler(page, page.get_by_role("button", name="Ajouter un indicateur"))
    page.keyboard.press("Enter")
    indicateur = page.locator(".ligne--indicateur").last
    expect(indicateur.get_by_label("Indicateur", exact=True)).to_be_focused()
    expect(indicateur.get_by_role("button", name="Retirer l’indicateur n° 3")).to_be_attached()
    capturer(page, "indicateur-ajoute")
    axe(page)


@pytest.mark.parametrize("largeur,hauteur", [(1280, 640), (375, 700)])
def test_la_barre_ne_couvre_jamais_le_champ_focalise(page, candidat, largeur, hauteur):
    """Every stop of the Tab key through the consortium page, top to bottom and back: the focused element is
    entirely above the sticky save bar (bounding boxes, checked by ``tabuler``)."""
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat), lettres=False
    )
    page.set_viewport_size({"width": largeur, "height": hauteur})
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.CONSORTIUM]))
    barre = page.locator(".barre-enregistrement")
    expect(barre).to_have_css("position", "sticky")
    enregistrer = barre.get_by_role("button", name="Enregistrer", exact=True)
    tabuler(page, enregistrer)
    # The check is not idle: the last member's last field was just above the bar, the bar was on screen.
    assert page.evaluate("getComputedStyle(document.documentElement).scrollPaddingBottom") != "0px"
    premier = page.locator("#type-pole_emploi").get_by_label("Structure", exact=True)
    tabuler(page, premier, arriere=True)
    capturer(page, f"barre-{largeur}")


def test_le_maximum_de_lignes_du_budget_dit_a_cote_du_bouton(page, candidat, axe, monkeypatch):
    """Issue 18: at the budget's maximum of lines (``budget.lignes.MAX_LIGNES``, lowered here to the lines
    the dossier has), « Ajouter une dépense » adds nothing, says why next to the button (announced), and
    the focus stays on the button — no row to go to."""
    from budget import lignes

    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat), user=candidat
    )
    monkeypatch.setattr(lignes, "MAX_LIGNES", dossier.depenses.count() + dossier.financements.count())
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.BUDGET]))
    groupe = page.locator("#groupe-axe_1")
    avant = groupe.locator("tr.ligne").count()
    ajouter = groupe.get_by_role("button", name=re.compile("Ajouter une dépense"))
    tabuler(page, ajouter)
    page.keyboard.press("Enter")
    expect(page.locator("#ajout-depense-axe_1-refus")).to_contain_text("le maximum admis par le portail")
    expect(groupe.locator("tr.ligne")).to_have_count(avant)
    expect(ajouter).to_be_focused()
    capturer(page, "budget-maximum-de-lignes")
    axe(page)


def test_la_question_deja_financee_se_voit_dans_le_tableau(page, candidat):
    """At 1280 px the état des dépenses' columns name its fields, each field's label is for screen readers
    only — not « Oui » / « Non » of « Cette dépense est-elle déjà financée par un autre dispositif de
    l'État ? »: hidden, they left the cell empty (the DSFR draws the radio with its label)."""
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat), user=candidat
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.BUDGET]))
    cellule = page.locator("#groupe-axe_1 td.etat-deja_financee_etat").first
    cellule.scroll_into_view_if_needed()
    for option in ("Oui", "Non"):
        libelle = cellule.get_by_text(option, exact=True)
        expect(libelle).to_be_visible()
        assert libelle.bounding_box()["height"] > 10, option
    cellule.get_by_text("Oui", exact=True).click()
    expect(cellule.get_by_role("radio", name="Oui", exact=True)).to_be_checked()
    cellule.screenshot(path=str(CAPTURES / "deja-financee.png"))
