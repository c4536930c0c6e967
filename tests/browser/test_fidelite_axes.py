"""Issue 16, point 5 in Chromium: a candidat without the % of an axe ticks « donnée non disponible »; the
autosave says next to the field that the reason is missing, then, the reason typed, R06 turns green in the
checklist. Point 15: the FAQ's advice under the questions. Screenshots in test-artifacts/captures/."""

import datetime

import pytest
from playwright.sync_api import expect

from ami import libelles as L
from ami.models import Appel
from candidatures.models import ReponseAxe
from comptes.models import TypeOrganisation
from demo.exemples import dossier_complet
from tests.browser.outils import cocher, se_connecter
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def axe_1_sans_pourcentage(page, donnees_de_base):
    """A complete dossier of a CD whose axe 1 has no %: R06 is « à compléter »."""
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59")
    candidat = UserFactory(organisation=organisation)
    dossier = dossier_complet(DossierFactory(organisation=organisation, cree_par=candidat))
    ReponseAxe.objects.filter(dossier=dossier, axe=1).update(part_population=None)
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/axe_1/")
    return dossier


def test_donnee_non_disponible_fait_passer_r06_au_vert(page, axe_1_sans_pourcentage, capture):
    regle = page.locator("#regle-R06")
    expect(regle).to_have_class("recevabilite__regle recevabilite__regle--a-completer")
    expect(regle).to_contain_text("axe 1 : % de la population qui a besoin d’un accompagnement non indiqué")

    # The FAQ's advice under the questions it concerns (point 15).
    expect(page.locator("#id_public_helptext")).to_contain_text("composition hommes/femmes, âge, CSP")
    expect(page.locator("#id_calendrier_helptext")).to_contain_text("par semestre ou trimestre")
    expect(page.locator("#indicateurs")).to_contain_text("s’ils possèdent déjà des données ou indicateurs")

    # Ticked without a reason: the autosave saves it and says so next to the field.
    cocher(page.locator("#id_chiffres_non_disponibles"))
    erreur = page.locator("#id_chiffres_explication-desc-error")
    expect(erreur).to_contain_text("Précisez pourquoi le % n’est pas disponible", timeout=8000)
    expect(regle).to_contain_text("% déclaré non disponible sans en préciser la raison")
    page.locator("#chiffres_non_disponibles").scroll_into_view_if_needed()
    capture(page, "axe-donnee-non-disponible-sans-raison")

    # The reason typed: R06 turns green, the error goes.
    page.get_by_label(L.CHIFFRES_EXPLICATION).fill("Pas de chiffre des jeunes NEET à l’échelle du Nord.")
    expect(regle).to_have_class("recevabilite__regle recevabilite__regle--ok", timeout=8000)
    expect(regle).to_contain_text("axe 1 : 1\u202f500 personnes (% non disponible : raison précisée)")
    expect(erreur).to_have_text("")
    reponse = ReponseAxe.objects.get(dossier=axe_1_sans_pourcentage, axe=1)
    assert reponse.chiffres_non_disponibles and reponse.chiffres_explication.startswith("Pas de chiffre")
    page.locator("#part_population").scroll_into_view_if_needed()
    capture(page, "axe-donnee-non-disponible-r06-respecte")
