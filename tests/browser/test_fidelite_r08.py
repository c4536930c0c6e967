"""Issue 16, points 3 and 7 in Chromium.

7 — A mission locale on a SPIE territory (an exclusion of the Nord without SIRET) says it is an actor of
that territory, answers « mêmes publics ? mêmes territoires ? », is refused on the same publics and
territories, writes the articulation, uploads the existing porteur's letter on the pièces page and sees
R08 respected. The administrateur sees what an exclusion without SIRET does.
3 — The instructeur sees the R02 badge in the queue, filters « Cas exceptionnel (R02) », reads the banner
with the justification on the dossier's page."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ami.models import Appel, ExclusionR08, NatureExclusion
from candidatures.models import Public, Section
from comptes.models import TypeOrganisation
from demo.exemples import pdf
from tests.browser.outils import cocher, se_connecter
from tests.browser.test_dossier import enregistrer
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
CAPTURES = Path("/tmp/r08")  # noqa: S108 — the screenshots the helper looks at


def photo(page, nom):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True)


@pytest.fixture
def ouvert(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    return Appel.objects.courant()


def test_acteur_d_un_territoire_spie_remplit_les_conditions(page, ouvert, capture, axe):
    ExclusionR08.objects.create(
        appel=ouvert,
        nature=NatureExclusion.EXPERIMENTATION,
        nom="SPIE de la Métropole lilloise",
        departement_id="59",
    )
    organisation = OrganisationFactory(
        nom="Mission locale de Lille", type=TypeOrganisation.MISSION_LOCALE, departement_id="59"
    )
    candidat = UserFactory(organisation=organisation, email="camille@ml-lille.fr")
    dossier = DossierFactory(organisation=organisation, cree_par=candidat, modifie_par=candidat)
    dossier.departements.add("59")
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.TERRITOIRE]))

    cocher(page.get_by_role("radio", name=re.compile("^Le porteur est un acteur de l’insertion")))
    publics = page.get_by_role("group", name=re.compile("mêmes publics"))
    territoires = page.get_by_role("group", name=re.compile("mêmes territoires"))
    cocher(publics.get_by_role("radio", name="Oui"))
    cocher(territoires.get_by_role("radio", name="Oui"))
    enregistrer(page)
    regle = page.locator("#regle-R08")
    expect(regle).to_contain_text("ne peut pas porter sur les mêmes publics et les mêmes territoires")
    expect(regle).to_contain_text("SPIE de la Métropole lilloise")
    capture(page, "r08-memes-publics-memes-territoires")
    axe(page)

    cocher(territoires.get_by_role("radio", name="Non"))
    page.locator("textarea[name=articulation]").fill(
        "Les mêmes publics que l’expérimentation, sur les bassins de Roubaix et Tourcoing qu’elle ne "
        "couvre pas."
    )
    enregistrer(page)
    expect(regle).to_contain_text("joignez la lettre d’accord du porteur de l’expérimentation")
    photo(page, "territoire-r08")

    page.goto(reverse("candidatures:section_pieces", args=[dossier.pk]))
    bloc = page.locator("#accord_spie")
    expect(bloc).to_contain_text("Requise sur un territoire SPIE (R08)")
    bloc.locator("input[type=file]").set_input_files(
        {"name": "accord-mel.pdf", "mimeType": "application/pdf", "buffer": pdf(1)}
    )
    bloc.get_by_role("button", name=re.compile("Envoyer")).click()
    page.wait_for_load_state()
    expect(bloc).to_contain_text("accord-mel.pdf")
    axe(page)
    photo(page, "pieces-accord-spie")
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.TERRITOIRE]))
    expect(page.locator("#regle-R08")).to_contain_text(
        "lettre d’accord du porteur existant jointe, les mêmes publics sur des territoires différents"
    )


def test_exclusion_sans_siret_l_administrateur_est_prevenu(page, ouvert, axe):
    UserFactory(administrateur=True, email="ada@dgefp.gouv.fr")
    se_connecter(page, "ada@dgefp.gouv.fr", MOT_DE_PASSE)
    page.goto(reverse("ami:exclusions"))
    nouvelle = page.locator("fieldset", has_text="Nouvelle exclusion")
    nouvelle.get_by_label("Nature").select_option(label="Lauréat du premier AMI")
    nouvelle.get_by_label("Porteur ou territoire").fill("Département du Nord")
    page.get_by_role("button", name="Enregistrer les exclusions").click()
    expect(page.locator(".fr-message--error").first).to_contain_text("n’exclurait personne")
    page.locator("fieldset", has_text="Nouvelle exclusion").locator(
        "select[name$=departement]"
    ).select_option(value="59")
    page.get_by_role("button", name="Enregistrer les exclusions").click()
    expect(page.locator(".fr-message--warning").first).to_contain_text(
        "N’exclut aucun porteur (pas de SIRET)"
    )
    axe(page)
    photo(page, "exclusions-sans-siret")


def test_r02_badge_filtre_et_bandeau(page, ouvert, axe):
    def declarer(dossier):
        dossier.cas_exceptionnel = True
        dossier.cas_exceptionnel_justification = (
            "Le département n’a pas candidaté ; le consortium accompagne les jeunes sortant de l’ASE."
        )
        dossier.save()

    exceptionnel = deposer_dossier(
        type=TypeOrganisation.MISSION_LOCALE, publics=[Public.JEUNES], preparer=declarer
    )
    ordinaire = deposer_dossier()
    UserFactory(instructeur=True, email="alex@dgefp.gouv.fr")
    se_connecter(page, "alex@dgefp.gouv.fr", MOT_DE_PASSE)
    page.goto(reverse("instruction:a_instruire"))
    ligne = page.locator("tr", has_text=exceptionnel.numero)
    expect(ligne).to_contain_text("Cas exceptionnel (R02)")
    expect(ligne).to_contain_text("R02 respecté")
    expect(page.locator("tr", has_text=ordinaire.numero)).not_to_contain_text("Cas exceptionnel")
    photo(page, "file-badge-r02")
    page.get_by_label("Cas exceptionnel (R02)").select_option(label="Déclaré")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#nombre-dossiers")).to_contain_text("1")
    expect(page.locator("tbody tr")).to_have_count(1)
    axe(page)

    page.get_by_role("link", name=exceptionnel.numero).click()
    bandeau = page.locator("#cas-exceptionnel")
    expect(bandeau).to_contain_text("Cas exceptionnel déclaré (R02) — R02 respecté")
    expect(bandeau).to_contain_text("consortium accompagne les jeunes sortant de l’ASE")
    axe(page)
    photo(page, "dossier-bandeau-r02")
