"""Issue 17, « Tests and measures »: the keyboard alone, from the login to the récépissé. A candidat logs in,
opens his new dossier from « Mes dossiers », fills the consortium (a member of Pôle emploi and an
association, field after field), adds a third row and removes it, saves, goes through every section by the
side menu and deposits — only ``page.keyboard`` (Tab, Shift+Tab, Enter, Space and typing), never a click
nor a fill. After « Ajouter » the focus is in the new row's first field, after « Retirer » in the next row's
or on « Ajouter un membre »; at every Tab stop the sticky save bar covers nothing of the focused element.

The dossier is made complete by factories except its consortium (``dossier_complet(membres=0)``): the
budget's and the axes' dozens of fields at the keyboard would take minutes and are the autosave's tests'
(tests/browser/test_experience_focus.py covers « Annuler » and the budget's rows)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from candidatures.models import Dossier, Etat, Section
from consortium.models import Membre
from demo.exemples import dossier_complet
from tests.browser.test_experience_focus import candidat, est_focalise, tabuler  # noqa: F401 (candidat: the fixture)
from tests.factories import MOT_DE_PASSE, DossierFactory

pytestmark = pytest.mark.django_db(transaction=True)
INTITULE = "SPIE du Nord — au clavier"
# What the first field of a row is (document.activeElement inside the row).
PREMIER_CHAMP = (
    "r => document.activeElement === r.querySelector('input:not([type=hidden]), select, textarea')"
)


def entree(page, cible, arriere=False):
    """Tab to ``cible`` (the bar never covering a stop), then Enter."""
    tabuler(page, cible, arriere=arriere)
    page.keyboard.press("Enter")


def remplir_la_ligne(page, ligne, structure, interlocuteur, telephone, courriel):
    """The focus is in the row's first field (« Structure »): type each field, Tab to the next."""
    expect(ligne.get_by_label("Structure", exact=True)).to_be_focused()
    page.keyboard.type(structure)
    for libelle, texte in (
        ("Nom et Prénom de l’interlocuteur référent", interlocuteur),
        ("Numéro de téléphone", telephone),
        ("Adresse mail", courriel),
    ):
        tabuler(page, ligne.get_by_label(libelle))
        page.keyboard.type(texte)


def test_du_login_au_depot_sans_souris(page, candidat, axe, capture):  # noqa: F811 (the fixture)
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat, intitule=INTITULE),
        membres=0,
        user=candidat,
    )
    assert not Membre.objects.filter(dossier=dossier).exists()

    # The login, at the keyboard.
    page.goto(reverse("comptes:connexion"))
    tabuler(page, page.get_by_role("textbox", name="Adresse électronique"))
    page.keyboard.type(candidat.email)
    tabuler(page, page.get_by_label("Mot de passe", exact=True))
    page.keyboard.type(MOT_DE_PASSE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")

    # « Mes dossiers » → the dossier → its consortium, by the side menu.
    entree(page, page.get_by_role("link", name=re.compile(re.escape(INTITULE))).first)
    menu = page.locator("#menu-sections")
    entree(page, menu.get_by_role("link", name=re.compile("^2. Membres du consortium")))
    expect(page.locator("#contenu-section h2").first).to_have_text("2. Membres du consortium d’acteurs")

    # A member of Pôle emploi: « Ajouter » puts the focus in the new row's first field.
    pole_emploi = page.locator("#type-pole_emploi")
    entree(page, pole_emploi.get_by_role("button", name=re.compile("^Ajouter un membre")))
    expect(pole_emploi.locator(".ligne")).to_have_count(1)
    ligne_pe = pole_emploi.locator(".ligne").first
    assert ligne_pe.evaluate(PREMIER_CHAMP), "le focus n’est pas dans le premier champ de la nouvelle ligne"
    remplir_la_ligne(
        page, ligne_pe, "Pôle emploi Lille", "Alex Durand", "03 20 11 22 33", "alex.durand@pole-emploi.fr"
    )

    # An association (its statut preselected), then a third row, empty, removed.
    associations = page.locator("#type-association")
    ajouter = associations.get_by_role("button", name=re.compile("^Ajouter un membre"))
    entree(page, ajouter)
    expect(associations.locator(".ligne")).to_have_count(1)
    emmaus = page.locator("#" + associations.locator(".ligne").first.get_attribute("id"))
    remplir_la_ligne(page, emmaus, "Emmaüs Roubaix", "Dominique Petit", "03 20 00 00 00", "d.petit@emmaus.fr")
    tabuler(page, ajouter)
    page.keyboard.press("Space")
    expect(associations.locator(".ligne")).to_have_count(2)
    vide = page.locator("#" + associations.locator(".ligne").nth(1).get_attribute("id"))
    expect(vide.get_by_label("Structure", exact=True)).to_be_focused()
    retirer = vide.get_by_role("button", name="Retirer le membre n° 2")
    tabuler(page, retirer)
    page.keyboard.press("Enter")
    expect(associations.locator(".ligne")).to_have_count(1)
    # No row after it: the focus goes to « Ajouter un membre », the removal announced, undoable.
    expect(ajouter).to_be_focused()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-ajouter')")
    expect(page.locator("#annonce-lignes")).to_have_text(re.compile("^Membre retiré : n° 2"))
    expect(
        associations.locator(".ligne-retiree").get_by_role("button", name=re.compile("^Annuler"))
    ).to_be_attached()
    capture(page, "clavier-membre-retire")
    axe(page)

    # « Enregistrer », in the sticky bar: one Tab stop like any other.
    entree(page, page.locator(".barre-enregistrement").get_by_role("button", name="Enregistrer", exact=True))
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré")
    # The section is replaced by the save: the focus goes to the new « Enregistrer », not to the body.
    expect(
        page.locator(".barre-enregistrement").get_by_role("button", name="Enregistrer", exact=True)
    ).to_be_focused()
    membres = Membre.objects.filter(dossier=dossier).order_by("type")
    assert [(m.type, m.structure, m.courriel) for m in membres] == [
        ("association", "Emmaüs Roubaix", "d.petit@emmaus.fr"),
        ("pole_emploi", "Pôle emploi Lille", "alex.durand@pole-emploi.fr"),
    ]

    # Every following section, by the side menu (each page's stops checked against the bar on the way).
    for section in list(Section)[2:]:
        lien = menu.get_by_role("link", name=re.compile("^" + re.escape(str(section.label)[:20])))
        entree(page, lien)
        expect(page).to_have_url(re.compile(rf"/{section}/$"))
        expect(lien).to_have_attribute("aria-current", "page")

    # « Déposer le dossier »: the confirmation box (Space), the button (Enter), the récépissé.
    entree(page, menu.get_by_role("link", name="Déposer le dossier"))
    expect(page.get_by_role("heading", level=2, name="Déposer le dossier")).to_be_visible()
    tabuler(page, page.get_by_label(re.compile("Je confirme")))
    page.keyboard.press("Space")
    bouton = page.get_by_role("button", name="Déposer le dossier")
    tabuler(page, bouton)
    assert est_focalise(bouton)
    capture(page, "clavier-deposer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.DEPOSE
