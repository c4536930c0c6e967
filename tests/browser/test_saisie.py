"""Issue 12 item 7 in Chromium: the live character counter under a long answer, and the autosave that
says why it could not save (a body too big: 413; a server error) instead of keeping its last « Enregistré
à … », the text staying in the page."""

import datetime

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier
from comptes.models import TypeOrganisation
from tests.browser.outils import CAPTURES, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
NNBSP = "\u202f"


@pytest.fixture
def axe_4(page, donnees_de_base):
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59")
    candidat = UserFactory(organisation=organisation)
    dossier = Dossier.objects.create(appel=Appel.objects.get(), organisation=organisation, intitule="Axe 4")
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/axe_4/")
    return dossier


def test_item7_compteur_de_caracteres_sous_une_reponse_longue(page, axe_4, capture, axe):
    zone = page.get_by_label("Équipe d'animation")
    compteur = page.locator("#id_methodologie_equipe-compteur")
    annonce = page.locator("#id_methodologie_equipe-compteur-annonce")
    expect(compteur).to_have_text(f"0 / 5{NNBSP}000 caractères")
    assert compteur.get_attribute("id") in zone.get_attribute("aria-describedby")
    assert annonce.get_attribute("aria-live") == "polite"

    zone.fill("a" * 120)
    expect(compteur).to_have_text(f"120 / 5{NNBSP}000 caractères")
    expect(annonce).to_have_text("")  # nothing said below 80 %
    zone.fill("a" * 4100)
    expect(compteur).to_have_text(f"4{NNBSP}100 / 5{NNBSP}000 caractères")
    expect(annonce).to_have_text("Il vous reste 900 caractères.")
    zone.fill("é" * 5010)
    expect(compteur).to_have_text(f"5{NNBSP}010 / 5{NNBSP}000 caractères : 10 de trop")
    expect(compteur).to_have_class("fr-hint-text compteur-caracteres fr-error-text")
    expect(annonce).to_contain_text("Limite dépassée de 10 caractères")
    # The autosave refuses it next to the field, the text stays whole in the page.
    erreur = page.locator("#id_methodologie_equipe-desc-error")
    expect(erreur).to_have_text(
        f"5{NNBSP}000 caractères au plus : ce texte en compte 5{NNBSP}010.", timeout=8000
    )
    expect(zone).to_have_value("é" * 5010)
    capture(page, "saisie-compteur-depasse")
    CAPTURES.mkdir(parents=True, exist_ok=True)
    zone.evaluate("e => e.scrollIntoView({block: 'start'})")  # above the sticky save bar
    page.locator("#id_methodologie_equipe-groupe").screenshot(
        path=str(CAPTURES / "saisie-compteur-champ.png")
    )
    axe(page)
    zone.fill("Une cheffe de projet et deux chargés de mission.")
    expect(annonce).to_have_text("Le texte est de nouveau sous la limite.")
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à", timeout=8000)
    axe_4.refresh_from_db()
    assert axe_4.methodologie_equipe == "Une cheffe de projet et deux chargés de mission."


def test_item7_autosave_d_un_corps_trop_gros_le_dit(page, axe_4, settings, capture):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000  # the live server reads this setting per request
    zone = page.get_by_label("Équipe d'animation")
    statut = page.locator("#statut-enregistrement")
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 413):
        zone.fill("é" * 4000)  # 4 000 characters, 36 000 bytes url-encoded
    expect(statut).to_contain_text("Votre saisie est trop volumineuse pour être enregistrée")
    expect(statut).to_contain_text("elle reste dans la page")
    expect(statut.locator(".fr-message--error")).to_be_visible()
    assert statut.get_attribute("aria-live") == "polite"
    expect(zone).to_have_value("é" * 4000)
    capture(page, "saisie-autosave-413")


@pytest.mark.parametrize("statut_http", [500, 502, 403])
def test_item7_autosave_refuse_par_le_serveur_le_dit(page, axe_4, statut_http):
    page.route(
        "**/axe_4/",
        lambda route: (
            route.fulfill(status=statut_http, body="Erreur")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    zone = page.get_by_label("Équipe d'animation")
    zone.fill("Une cheffe de projet.")
    statut = page.locator("#statut-enregistrement")
    attendu = f"(erreur {statut_http})" if statut_http != 403 else "Enregistrement refusé"
    expect(statut).to_contain_text(attendu, timeout=8000)
    expect(statut).not_to_contain_text("Dernière modification")
    expect(zone).to_have_value("Une cheffe de projet.")
