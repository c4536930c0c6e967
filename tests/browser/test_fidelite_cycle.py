"""Issue 16, point 19, in Chromium: a porteur reopens his deposited dossier, corrects it and deposits it
again under the same number; then withdraws his candidature, motivated."""

import datetime
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ami import libelles as L
from ami.models import Appel
from candidatures.cycle import Action
from candidatures.models import Dossier, Etat
from comptes.models import TypeOrganisation
from courriels.models import Courriel
from tests.browser.outils import cocher, se_connecter
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
CAPTURES = Path(tempfile.gettempdir()) / "cycle"  # to look at, beside test-artifacts/captures
MOTIF = "Le consortium se réorganise : nous candidaterons avec le PLIE l’an prochain."


@pytest.fixture
def depose(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    UserFactory(organisation=organisation, email="collegue@cd59.fr")
    candidat = UserFactory(organisation=organisation, email="camille@cd59.fr", first_name="Camille")
    return deposer_dossier(candidat, intitule="SPIE du Nord 2022-2024")


def _capture(page, capture, nom):
    capture(page, nom)
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True)


def test_rouvrir_corriger_deposer_a_nouveau_puis_retirer(page, depose, capture, axe):
    numero = depose.numero
    se_connecter(page, depose.depose_par.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{depose.pk}/recepisse/")
    expect(page.locator("#numero-dossier")).to_have_text(numero)
    expect(page.locator("#actions-porteur")).to_be_visible()
    axe(page)
    _capture(page, capture, "cycle-recepisse-actions")

    # Reopen for correction: a draft again, the same number.
    page.get_by_label("Ce que vous souhaitez corriger").fill("Préciser le calendrier de l’axe 2.")
    page.get_by_role("button", name="Rouvrir le dossier pour le corriger").click()
    expect(page.locator("#dossier-rouvert")).to_contain_text(f"Ce dossier (n° {numero}) a été rouvert")
    expect(page.locator(".dossier-entete .fr-badge")).to_have_text("Brouillon")
    _capture(page, capture, "cycle-rouvert")
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.BROUILLON

    # Correct a section, then deposit again.
    page.goto(f"/candidatures/{depose.pk}/axe_2/")
    page.get_by_label("Quel calendrier de déploiement ?").fill(
        "Premier semestre 2022 : lancement ; 2023 : suivi."
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à")
    page.locator("#menu-sections").get_by_role("link", name="Déposer le dossier").click()
    cocher(page.locator("#confirmation"))
    page.get_by_role("button", name=f"Déposer à nouveau le dossier n° {numero}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    expect(page.locator("#numero-dossier")).to_have_text(numero)
    expect(page.locator("#confirmation-depot")).to_contain_text("a bien été déposé")
    dossier = Dossier.objects.get(pk=depose.pk)
    assert (dossier.etat, dossier.numero) == (Etat.DEPOSE, numero)
    assert "Premier semestre 2022" in dossier.axes.get(axe=2).calendrier
    assert Courriel.objects.filter(sujet__startswith=f"Dossier {numero} déposé à nouveau").exists()

    # Withdraw: the motif is required, then the candidature is « retirée ».
    page.get_by_role("link", name="Retirer ma candidature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer ma candidature")
    cocher(page.get_by_role("checkbox", name=re.compile("Je confirme, au nom du consortium, le retrait")))
    page.get_by_role("button", name="Retirer ma candidature").click()
    expect(page.locator("#formulaire-retrait")).to_contain_text("Indiquez le motif du retrait")
    page.get_by_label("Motif du retrait").fill(MOTIF)
    cocher(page.get_by_role("checkbox", name=re.compile("Je confirme, au nom du consortium, le retrait")))
    axe(page)
    _capture(page, capture, "cycle-retrait-confirmation")
    page.get_by_role("button", name="Retirer ma candidature").click()
    expect(page.locator("#decision")).to_contain_text("Candidature retirée")
    expect(page.locator("#decision")).to_contain_text(MOTIF)
    expect(page.locator("#confirmation-depot")).to_have_count(0)
    expect(page.locator("#actions-porteur")).to_have_count(0)
    _capture(page, capture, "cycle-retire")
    dossier.refresh_from_db()
    assert dossier.etat == Etat.RETIRE
    assert dossier.transitions.get(action=Action.RETIRER).motif == MOTIF
    assert Courriel.objects.filter(sujet__contains="candidature retirée").exists()

    page.goto("/candidatures/")
    expect(page.locator('[data-etat="retire"]')).to_have_text("Candidature retirée")
    _capture(page, capture, "cycle-mes-dossiers")


def test_la_page_de_depot_nomme_chaque_champ_manquant_par_son_libelle(page, depose, capture):
    """Point 17: an empty draft's dépôt page, each missing field by its annexe 7 label under its section,
    each a link to the field."""
    brouillon = DossierFactory(organisation=depose.organisation, intitule="Brouillon à compléter")
    se_connecter(page, depose.depose_par.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{brouillon.pk}/depot/")
    manques = page.locator("#points-a-completer")
    expect(manques.locator("#manques-axe_4")).to_contain_text(L.METHODO_EQUIPE)
    expect(manques.locator("#manques-engagements")).to_contain_text(L.ENGAGEMENTS["engagement_coherence"])
    expect(manques.locator("#manques-chef_de_file")).to_contain_text(f"Interlocuteur 1 — {L.TELEPHONE}")
    for nom in ("methodologie_equipe", "engagement_coherence", "interlocuteur1_telephone"):
        expect(manques).not_to_contain_text(nom)
    _capture(page, capture, "cycle-depot-manques")
    manques.locator("#manques-axe_4").get_by_role("link", name=L.METHODO_EQUIPE).click()
    expect(page).to_have_url(re.compile(r"/axe_4/#methodologie_equipe$"))
    expect(page.get_by_label(L.METHODO_EQUIPE)).to_be_in_viewport()
