"""Issue 17, points 12 and 13, in Chromium: the counter under a long answer that follows the typing and
the autosave, « Section précédente / suivante », « Besoin d'aide ? » with the DREETS of the candidat's
région, the FAQ searched without JavaScript, and the attestation de dépôt downloaded from the récépissé
(a PDF whose text holds the dossier's number and the empreinte of its content)."""

import datetime
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.attestation import transition_depot
from candidatures.models import Dossier
from comptes.models import TypeOrganisation
from territoires.models import Region
from tests.browser.outils import se_connecter
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
NNBSP = "\u202f"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    Region.objects.filter(code="32").update(courriel_service_regional="spie@hdf.exemple.gouv.fr")
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(organisation=organisation, email="camille@cd59.fr", first_name="Camille")


def test_compteur_sections_voisines_et_besoin_d_aide(page, candidat, capture, axe):
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="SPIE du Nord"
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{dossier.pk}/axe_1/")
    # The counter under a long answer follows the typing; the autosave keeps the text.
    zone = page.locator("textarea[data-max-caracteres]").first
    compteur = page.locator(f"#{zone.get_attribute('id')}-compteur")
    expect(compteur).to_have_text(f"0 / 5{NNBSP}000 caractères")
    texte = ("Un diagnostic partagé par le consortium, dès le premier rendez-vous. " * 20).strip()
    attendu = f"{len(texte):,} / 5,000 caractères".replace(",", NNBSP)  # « 1 380 / 5 000 caractères »
    zone.fill(texte)
    expect(compteur).to_have_text(attendu)
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré", timeout=8000)
    annonce = page.locator(f"#{zone.get_attribute('id')}-compteur-annonce")
    expect(annonce).to_have_text("")  # far from the limit: nothing said

    # « Section suivante » then « Section précédente ».
    suivante = page.locator("#section-suivante")
    expect(suivante).to_have_accessible_name(re.compile(r"^Section suivante : Axe 2"))
    expect(suivante).to_contain_text("Axe 2")
    capture(page, "aide-section-navigation")
    axe(page)
    suivante.click()
    expect(page).to_have_url(re.compile(rf"/candidatures/{dossier.pk}/axe_2/$"))
    expect(page.locator("#contenu-section h2").first).to_contain_text("Axe 2")
    page.locator("#section-precedente").click()
    expect(page).to_have_url(re.compile(rf"/candidatures/{dossier.pk}/axe_1/$"))
    expect(compteur).to_have_text(attendu)  # saved, counted at the load

    # « Besoin d'aide ? »: the DREETS of the Nord's région, the national address, the FAQ.
    page.locator("#lien-aide-section").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Besoin d’aide ?")
    expect(page.locator("#contact-32")).to_contain_text("DREETS Hauts-de-France")
    expect(page.locator("#contact-32").get_by_role("link")).to_have_attribute(
        "href", "mailto:spie@hdf.exemple.gouv.fr"
    )
    expect(page.locator("#courriel-national")).to_have_text(Appel.objects.get().courriel_contact)
    axe(page)
    capture(page, "aide-besoin-d-aide")
    page.set_viewport_size({"width": 375, "height": 800})
    axe(page)
    capture(page, "aide-besoin-d-aide-375")


def test_la_faq_se_cherche_sans_javascript(navigateur, live_server, donnees_de_base, capture, axe):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    page = contexte.new_page()
    try:
        page.goto("/questions-reponses/")
        page.get_by_label("Rechercher dans les questions / réponses").fill("cofinancement")
        page.get_by_label("Rechercher dans les questions / réponses").press("Enter")
        expect(page).to_have_url(re.compile(r"\?q=cofinancement$"))
        titre = page.locator("#resultats-faq-titre")
        expect(titre).to_have_text(re.compile(r"^\d+ questions correspondent à « cofinancement »$"))
        n = int(titre.inner_text().split()[0])
        expect(page.locator("article.resultat-faq")).to_have_count(n)
        expect(page.locator("article.resultat-faq mark").first).to_be_visible()
        capture(page, "aide-faq-recherche")
        page.get_by_label("Rechercher dans les questions / réponses").fill("xylophone")
        page.get_by_label("Rechercher dans les questions / réponses").press("Enter")
        expect(titre).to_have_text("Aucune question ne correspond à « xylophone ».")
    finally:
        contexte.close()


def test_la_faq_recherchee_sans_violation(page, donnees_de_base, axe):
    page.goto("/questions-reponses/?q=frais+généraux")
    expect(page.locator("#resultats-faq-titre")).to_contain_text("correspond")
    axe(page)


def test_l_attestation_se_telecharge_depuis_le_recepisse(page, candidat, capture, axe, tmp_path):
    depose = deposer_dossier(candidat, intitule="SPIE du Nord 2022-2024")
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{depose.pk}/recepisse/")
    lien = page.locator("#attestation-depot a")
    expect(lien).to_contain_text("Télécharger l’attestation de dépôt (PDF)")
    expect(lien.locator(".fr-link__detail")).to_have_text(re.compile(r"^PDF – \d+ ko$"))
    # The dossier's PDF button shows its label (an icon alone before: DSFR's group without icon-left).
    bouton = page.get_by_role("link", name="Télécharger le dossier (PDF)", exact=True)
    expect(bouton).to_be_visible()
    assert bouton.bounding_box()["width"] > 150
    axe(page)
    capture(page, "aide-recepisse-attestation")
    with page.expect_download() as telechargement:
        lien.click()
    fichier = tmp_path / "attestation.pdf"
    telechargement.value.save_as(fichier)
    assert telechargement.value.suggested_filename == f"attestation-depot-{depose.numero}.pdf"
    assert fichier.read_bytes().startswith(b"%PDF-")
    texte = subprocess.run(  # noqa: S603 — poppler-utils, fixed arguments
        [PDFTOTEXT, str(fichier), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert depose.numero in texte
    assert transition_depot(depose).donnees["empreinte"] in texte
    # The response's type, as the browser received it.
    reponse = page.request.get(f"/candidatures/{depose.pk}/attestation-depot/")
    assert reponse.status == 200 and reponse.headers["content-type"] == "application/pdf"


def test_l_administrateur_donne_l_adresse_d_une_dreets(page, donnees_de_base, capture, axe):
    administrateur = UserFactory(administrateur=True)
    se_connecter(page, administrateur.email, MOT_DE_PASSE)
    page.goto("/administration/contacts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts des services régionaux")
    page.locator("#contact-53").get_by_label("Adresse de contact").fill("spie@bretagne.exemple.gouv.fr")
    page.get_by_role("button", name="Enregistrer les contacts", exact=True).click()
    expect(page.locator(".fr-alert--success, .fr-notice, [role=status], .messages").first).to_contain_text(
        "1 adresse modifiée"
    )
    axe(page)
    capture(page, "aide-administration-contacts")
    page.goto("/besoin-d-aide/?region=53")
    expect(page.locator("#contact-53")).to_contain_text("spie@bretagne.exemple.gouv.fr")
