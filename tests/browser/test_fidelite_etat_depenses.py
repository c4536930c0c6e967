"""Issue 16, point 16: the budget page's état des dépenses as the FAQ's model writes it, in Chromium — a
line added to an axe with an action number lands in its « Action n° » sub-group, its group's figures and
« frais généraux O/N » follow the server; the tables read at 1280 px and at 375 px."""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from budget.models import LigneDepense
from candidatures.models import Dossier
from comptes.models import TypeOrganisation
from demo.exemples import dossier_complet
from tests.browser.outils import cocher, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(
        date_limite_depot=datetime.date.today() + datetime.timedelta(days=30),
        frais_generaux_max=Decimal("12.5"),
    )
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(organisation=organisation, email="camille@cd59.fr")


def attendre_l_enregistrement(page):
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à", timeout=8000)
    expect(page.locator("#statut-enregistrement")).not_to_have_attribute("aria-busy", "true")


def test_une_ligne_ajoutee_avec_son_numero_d_action_rejoint_son_sous_groupe(page, candidat, capture, axe):
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="État des dépenses"
    )
    dossier_complet(dossier, lignes=4)  # one line of 50 000 € in each group, no action number
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    expect(page.get_by_role("heading", name="Etat des dépenses déploiement du SPIE")).to_be_visible()
    groupe = page.locator("#groupe-axe_2")
    expect(groupe.get_by_role("heading", name="Dépenses relatives à l'axe 2")).to_be_visible()
    # The model's columns, in its order, its words; the 15 % is the call's (12,5 % here).
    entetes = groupe.locator("thead th")
    expect(entetes).to_have_text(
        [
            "Action n°",
            "Nature de la dépense",
            "Frais généraux éligibles dans la limite de 12,5% du total? O/N",
            "Unité (si pertinent)",
            "Nombre d'unités",
            "coût unitaire",
            "Date ou période",
            "Objet de la dépense",
            "Montant",
            re.compile("déjà financée par un autre dispositif"),
            "Retirer la ligne",
        ]
    )
    expect(page.locator("#groupe-transversal thead th").first).to_have_text("Nature de la dépense")

    groupe.get_by_role("button", name=re.compile("Ajouter une dépense")).click()
    expect(groupe.locator(".ligne--depense")).to_have_count(2)
    ligne = groupe.locator(".ligne--depense").last
    ligne.get_by_role("spinbutton", name=re.compile("^Action n°")).fill("2")
    ligne.get_by_role("combobox", name=re.compile("^Nature de la dépense")).select_option(
        label="Frais de mission (déplacements, hébergement, restauration du personnel)"
    )
    ligne.get_by_role("textbox", name=re.compile("^Objet de la dépense")).fill("Déplacements des référents")
    ligne.get_by_role("textbox", name=re.compile("^Nombre d'unités")).fill("4")
    ligne.get_by_role("textbox", name=re.compile("^coût unitaire", re.I)).fill("1 250")
    cocher(ligne.get_by_role("radio", name="Non"))
    attendre_l_enregistrement(page)
    # The server computed the amount, the group's figures and « O » (frais de mission) — no reload.
    expect(ligne.get_by_role("textbox", name=re.compile("^Montant"))).to_have_value(re.compile(r"5\s?000,00"))
    expect(ligne.locator(".etat-o-n")).to_contain_text("O")
    expect(page.locator("#etat-total-axe_2")).to_have_text(re.compile(r"55\s000,00\s€"))
    expect(page.locator("#etat-frais-axe_2")).to_have_text(re.compile(r"5\s000,00\s€"))
    expect(page.locator("#etat-total")).to_have_text(re.compile(r"205\s000,00\s€"))

    page.reload()
    groupe = page.locator("#groupe-axe_2")
    sous_groupes = groupe.locator("tbody.etat-action:visible")
    expect(sous_groupes).to_have_count(2)  # « Action n°: 2 », then the line without a number
    expect(sous_groupes.first.get_by_role("rowheader").first).to_have_text("Action n°: 2")
    expect(sous_groupes.first.locator(".ligne--depense")).to_have_count(1)
    expect(sous_groupes.first.get_by_role("textbox", name=re.compile("^Objet de la dépense"))).to_have_value(
        "Déplacements des référents"
    )
    expect(sous_groupes.last.get_by_role("rowheader").first).to_have_text("Action n°: ---")
    expect(groupe.locator(".etat-depenses-total")).to_contain_text(
        "dont dépenses en frais généraux éligibles dans la limite de 12,5% du total"
    )
    expect(page.locator("#etat-depenses-total")).to_contain_text(
        "TOTAL DEPENSES AU TITRE DE l'AMI DEPLOIEMENT SPIE"
    )
    assert LigneDepense.objects.get(objet="Déplacements des référents").numero_action == 2
    axe(page)
    # Wide: the tables scroll in their container, the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    capture(page, "etat-depenses-1280")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    ligne = page.locator("#groupe-axe_2 .ligne--depense").first
    # Narrow: each line stacks, its labels shown; nothing wider than the screen.
    expect(ligne.get_by_text("Objet de la dépense", exact=False).first).to_be_visible()
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 375, largeur
    capture(page, "etat-depenses-375")


def _envoi_du_bouton(reponse):
    """The answer to the « Enregistrer » button's post (not an autosave's)."""
    requete = reponse.request
    return (
        requete.method == "POST"
        and "/budget/" in requete.url
        and "_autosave" not in (requete.post_data or "")
    )


def test_enregistrer_ne_renvoie_que_ce_qui_change_sauf_si_une_ligne_change_de_place(page, candidat, axe):
    """Issue 18: « Enregistrer » with htmx answers as an autosave does (out-of-band only, ``HX-Reswap:
    none``): the section is not written again, the focus stays on the button, the amount computed shows.
    A line whose « Action n° » changed moves under its number: then the whole section comes back."""
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="Enregistrer"
    )
    dossier_complet(dossier, lignes=4)
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    page.evaluate("document.getElementById('contenu-section').dataset.temoin = 'avant'")
    ligne = page.locator("#groupe-axe_2 .ligne--depense").first
    ligne.get_by_role("textbox", name=re.compile("^Nombre d'unités")).fill("3")
    ligne.get_by_role("textbox", name=re.compile("^coût unitaire", re.I)).fill("2 000")
    bouton = page.locator(".barre-enregistrement").get_by_role("button", name="Enregistrer", exact=True)
    with page.expect_response(_envoi_du_bouton) as envoi:
        bouton.click()
    assert envoi.value.status == 200 and envoi.value.headers.get("hx-reswap") == "none"
    # The button sends the row typed in only, as an autosave does (``_lignes``): no other row's field.
    envoye = parse_qs(envoi.value.request.post_data)
    saisie = LigneDepense.objects.get(dossier=dossier, groupe="axe_2")
    assert envoye["_lignes"] == [f"depense-{saisie.pk}"]
    autres = {n.split("-")[1] for n in envoye if n.startswith("depense-")} - {str(saisie.pk)}
    assert not autres, autres
    attendre_l_enregistrement(page)
    expect(ligne.get_by_role("textbox", name=re.compile("^Montant"))).to_have_value(re.compile(r"6\s?000,00"))
    expect(page.locator("#contenu-section[data-temoin=avant]")).to_have_count(1)  # not written again
    expect(bouton).to_be_focused()
    ligne_enregistree = LigneDepense.objects.get(dossier=dossier, groupe="axe_2")
    assert (ligne_enregistree.nombre_unites, ligne_enregistree.montant) == (3, 6000)

    ligne.get_by_role("spinbutton", name=re.compile("^Action n°")).fill("2")
    with page.expect_response(_envoi_du_bouton) as envoi:
        bouton.click()
    assert envoi.value.status == 200 and "hx-reswap" not in envoi.value.headers
    attendre_l_enregistrement(page)
    expect(page.locator("#contenu-section[data-temoin=avant]")).to_have_count(0)  # the section again
    premier = page.locator("#groupe-axe_2 tbody.etat-action:visible").first
    expect(premier.get_by_role("rowheader").first).to_have_text("Action n°: 2")
    expect(premier.locator(".ligne--depense")).to_have_count(1)
    assert LigneDepense.objects.get(dossier=dossier, groupe="axe_2").numero_action == 2
