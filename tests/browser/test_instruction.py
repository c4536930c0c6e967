"""The instruction in Chromium: an instructeur takes a deposited dossier, judges its recevabilité rule by
rule; the agent of the département reads it; an agent of another département never reaches it."""

import re

import pytest
from playwright.sync_api import expect

from candidatures.models import Dossier, Etat
from tests.browser.outils import cocher, se_connecter
from tests.depots import deposer_dossier
from tests.factories import (
    MOT_DE_PASSE,
    DepartementFactory,
    ServiceTerritorialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def depose(donnees_de_base, appel_ouvert):
    candidat = UserFactory(email="camille@cd59.fr", first_name="Camille", last_name="Martin")
    return deposer_dossier(candidat, intitule="SPIE du Nord 2022-2024")


def test_prise_en_instruction_et_recevabilite(page, depose, axe, capture):
    UserFactory(instructeur=True, email="alex@dgefp.gouv.fr", first_name="Alex", last_name="Durand")
    nord = DepartementFactory()
    UserFactory(
        agent=True,
        email="ddets59@nord.gouv.fr",
        service_territorial=ServiceTerritorialFactory(departement=nord),
    )
    bretagne = DepartementFactory(code="35", nom="Ille-et-Vilaine", region__code="53", region__nom="Bretagne")
    UserFactory(
        agent=True,
        email="ddets35@ille.gouv.fr",
        service_territorial=ServiceTerritorialFactory(departement=bretagne),
    )

    se_connecter(page, "alex@dgefp.gouv.fr", MOT_DE_PASSE)
    page.goto(f"/instruction/dossiers/{depose.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SPIE du Nord 2022-2024")
    expect(page.locator(".historique")).to_contain_text("Dépôt du dossier")
    axe(page)
    capture(page, "instruction-dossier-depose")
    page.get_by_role("button", name="Prendre en instruction").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Vous avez pris en instruction")

    ligne = page.locator("#controle-R13")
    page.get_by_role("combobox", name="Constat de l’instructeur (R13)").select_option("non_conforme")
    page.get_by_role("radio", name="Irrecevable").evaluate("e => e.click()")
    page.get_by_role("textbox", name=re.compile("^Motivation de la décision")).fill(
        "Cofinancement CALPAE : 20 % non atteints."
    )
    page.get_by_role("button", name="Enregistrer la décision de recevabilité").click()
    # R13 judged apart from the automated check without a motivation: refused, everything typed kept.
    expect(ligne).to_contain_text("Motivez ce constat")
    expect(page.get_by_role("textbox", name=re.compile("^Motivation de la décision"))).to_have_value(
        "Cofinancement CALPAE : 20 % non atteints."
    )
    axe(page)
    capture(page, "instruction-recevabilite-erreur")
    page.get_by_role("textbox", name=re.compile(r"^Motivation si le constat diffère \(R13\)")).fill(
        "Contribution CALPAE comptée."
    )
    page.get_by_role("button", name="Enregistrer la décision de recevabilité").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est déclaré irrecevable")
    expect(page.locator(".historique")).to_contain_text(
        "R13 jugé non conforme : Contribution CALPAE comptée."
    )
    capture(page, "instruction-irrecevable")
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.IRRECEVABLE

    page.context.clear_cookies()
    se_connecter(page, "ddets59@nord.gouv.fr", MOT_DE_PASSE)
    page.goto(f"/instruction/dossiers/{depose.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SPIE du Nord 2022-2024")
    expect(page.get_by_role("button", name="Prendre en instruction")).to_have_count(0)

    page.context.clear_cookies()
    se_connecter(page, "ddets35@ille.gouv.fr", MOT_DE_PASSE)
    reponse = page.goto(f"/instruction/dossiers/{depose.pk}/")
    assert reponse.status == 404
    piece = depose.pieces.first()
    reponse = page.request.get(f"/candidatures/{depose.pk}/pieces/{piece.pk}/")
    assert reponse.status == 404


def connecter(page, email):
    page.context.clear_cookies()
    se_connecter(page, email, MOT_DE_PASSE)


def test_avis_notes_et_decision_jusqu_au_porteur(page, depose, axe, capture):
    """The issue's scenario: an instructeur takes the dossier and asks for an avis, the DDETS of the
    département gives it, two instructeurs score it, the instructeur decides, the porteur sees it."""
    UserFactory(instructeur=True, email="alex@dgefp.gouv.fr", first_name="Alex", last_name="Durand")
    UserFactory(instructeur=True, email="sacha@diplp.gouv.fr", first_name="Sacha", last_name="Bernard")
    nord = ServiceTerritorialFactory(departement=DepartementFactory(), nom="DDETS du Nord")
    UserFactory(agent=True, email="ddets59@nord.gouv.fr", first_name="Dominique", service_territorial=nord)
    fiche = f"/instruction/dossiers/{depose.pk}/"

    connecter(page, "alex@dgefp.gouv.fr")
    page.goto(fiche)
    page.get_by_role("button", name="Prendre en instruction").click()
    page.get_by_role("radio", name="Recevable", exact=True).evaluate("e => e.click()")
    page.get_by_role("textbox", name=re.compile("^Motivation de la décision")).fill(
        "Tous les critères sont remplis."
    )
    page.get_by_role("button", name="Enregistrer la décision de recevabilité").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est déclaré recevable")
    page.get_by_role("tab", name="Avis").click()  # the dossier page is in tabs (issue 17)
    expect(page.get_by_role("checkbox", name="DDETS du Nord")).to_be_checked()  # proposed for the territory
    page.get_by_role("button", name="Demander l’avis").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Avis demandé à : DDETS du Nord")
    expect(page.locator("#avis")).to_contain_text("En attente")

    connecter(page, "ddets59@nord.gouv.fr")
    page.goto("/instruction/territoire/")
    page.get_by_role("link", name=depose.numero).click()
    expect(page.locator("#notation")).to_have_count(0)  # no national score for an agent
    page.get_by_role("tab", name="Avis").click()  # the dossier page is in tabs (issue 17)
    page.get_by_role("radio", name="Favorable avec réserves").evaluate("e => e.click()")
    page.get_by_role("textbox", name="Motivation").fill("Gouvernance du consortium à préciser.")
    axe(page)
    capture(page, "instruction-avis-agent")
    page.get_by_role("button", name="Enregistrer l’avis").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Favorable avec réserves")

    for email, note in (("alex@dgefp.gouv.fr", "4"), ("sacha@diplp.gouv.fr", "3")):
        connecter(page, email)
        page.goto(fiche)
        page.get_by_role("tab", name="Évaluation").click()  # the dossier page is in tabs (issue 17)
        expect(page.get_by_role("tabpanel", name="Évaluation")).to_be_visible()  # before .all()
        for critere in page.get_by_role("combobox", name=re.compile("coefficient")).all():
            critere.select_option(note)
        page.get_by_role("button", name="Enregistrer mon évaluation").click()
        expect(page.locator(".fr-alert--success")).to_contain_text("Votre évaluation est enregistrée")
    expect(page.locator("#notation")).to_contain_text("Moyenne pondérée : 14,00 / 20")
    expect(page.locator("#notation")).to_contain_text("Alex Durand")
    capture(page, "instruction-notes")

    page.goto("/instruction/classement/")
    expect(page.locator(".classement")).to_contain_text("14,00")
    expect(page.locator(".classement")).to_contain_text("1 avec réserves")
    axe(page)
    capture(page, "instruction-classement")
    page.get_by_role("link", name=depose.numero).click()
    page.get_by_role("radio", name="Lauréat", exact=True).evaluate("e => e.click()")
    page.get_by_role("textbox", name=re.compile("^Motivation de la proposition")).fill(
        "Deuxième du classement."
    )
    page.get_by_role("button", name="Enregistrer la proposition").click()
    page.get_by_role("textbox", name=re.compile("^Motivation de la décision")).fill("Retenu par le comité.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Décision enregistrée : lauréat")
    capture(page, "instruction-decision")

    connecter(page, "camille@cd59.fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    expect(page.locator("table")).to_contain_text("Lauréat")
    page.goto(f"/candidatures/{depose.pk}/recepisse/")
    expect(page.locator("#suivi")).to_contain_text("Décision : lauréat")
    expect(page.locator("#suivi")).to_contain_text("Retenu par le comité.")
    expect(page.locator("#suivi")).not_to_contain_text("Deuxième du classement.")
    capture(page, "instruction-suivi-porteur")
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.LAUREAT


def test_complements_du_porteur_jusqu_a_l_instructeur(page, depose, axe, capture):
    """Compléments: the instructeur reopens the chef de file; the porteur changes it, transmits; the
    instructeur sees what changed. The territory's queue lists the dossier for the DDETS."""
    UserFactory(instructeur=True, email="alex@dgefp.gouv.fr", first_name="Alex", last_name="Durand")
    nord = ServiceTerritorialFactory(departement=DepartementFactory(), nom="DDETS du Nord")
    UserFactory(agent=True, email="ddets59@nord.gouv.fr", service_territorial=nord)
    fiche = f"/instruction/dossiers/{depose.pk}/"

    connecter(page, "alex@dgefp.gouv.fr")
    page.goto(fiche)
    page.get_by_role("button", name="Prendre en instruction").click()
    demande = page.locator("#demande-complements")
    cocher(demande.get_by_role("checkbox", name="1. Chef de file de la candidature"))
    demande.get_by_role("textbox", name=re.compile("^Message au porteur")).fill("Précisez la fonction.")
    page.get_by_role("button", name="Demander les compléments").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Compléments demandés jusqu’au")

    connecter(page, "camille@cd59.fr")
    page.get_by_role("link", name="SPIE du Nord 2022-2024", exact=True).click()  # from « Mes dossiers »
    expect(page.locator("#complements")).to_contain_text("Précisez la fonction.")
    axe(page)
    capture(page, "complements-porteur")
    page.locator("#complements").get_by_role("link", name="1. Chef de file de la candidature").click()
    fonction = page.get_by_role("textbox", name=re.compile("^Fonction")).first
    fonction.fill("Directrice de l’insertion et de l’emploi")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à")
    page.get_by_role("button", name="Transmettre les compléments").click()
    expect(page.locator("#suivi")).to_contain_text("Compléments transmis")

    connecter(page, "alex@dgefp.gouv.fr")
    page.goto(fiche)
    expect(page.locator("#complements-transmis mark")).to_contain_text(
        "Directrice de l’insertion et de l’emploi"
    )
    axe(page)
    capture(page, "complements-instructeur")

    connecter(page, "ddets59@nord.gouv.fr")
    page.goto("/instruction/territoire/")
    expect(page.get_by_role("link", name=depose.numero)).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("Note moyenne")
    axe(page)
    capture(page, "instruction-territoire")
