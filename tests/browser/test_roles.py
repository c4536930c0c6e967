import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.management.commands.demo import COMPTES, MOT_DE_PASSE
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE as FACTORY_MOT_DE_PASSE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ESPACES = {
    "candidat.cd@demo.ami-spie.fr": "Mes dossiers",
    "candidat2.cd@demo.ami-spie.fr": "Mes dossiers",
    "candidat.plie@demo.ami-spie.fr": "Mes dossiers",
    "instructeur@demo.ami-spie.fr": "Dossiers à instruire",
    "instructeur2@demo.ami-spie.fr": "Dossiers à instruire",
    "agent.ddets@demo.ami-spie.fr": "Dossiers de mon territoire",
    "agent.dreets@demo.ami-spie.fr": "Dossiers de mon territoire",
    "admin@demo.ami-spie.fr": "Paramètres de l’appel",
}


@pytest.fixture
def demo(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the demo's letters, never into the project's fichiers/
    call_command("demo", force=True, stdout=io.StringIO())


def test_accueil_et_connexion_accessibles(page, axe, capture):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "service public de l'insertion et de l'emploi"
    )
    expect(page.get_by_text("11/10/2021").first).to_be_visible()
    axe(page)
    capture(page, "accueil")
    page.get_by_role("link", name="Se connecter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à AMI SPIE")
    axe(page)
    capture(page, "connexion")


def test_faq_accessible(page, axe, capture):
    page.goto("/questions-reponses/")
    page.get_by_role("button", name="Qui peut candidater et pourquoi ?").click()
    expect(page.get_by_text("Les départements ou tout autre acteur de l’insertion")).to_be_visible()
    axe(page)
    capture(page, "questions-reponses")


# The technical account lands in /django-admin/, no page of the portal (browser/test_admin_technique.py).
# One test for the 8 accounts: the demo is loaded once (about 20 s), not once per account.
def test_chaque_compte_de_demo_arrive_dans_son_espace(page, demo, axe, capture):
    comptes = [email for email, *_ in COMPTES if email in ESPACES]
    assert len(comptes) == len(ESPACES)
    for email in comptes:
        se_connecter(page, email, MOT_DE_PASSE)
        expect(page.get_by_role("heading", level=1), email).to_have_text(ESPACES[email])
        expect(page.get_by_role("button", name="Se déconnecter"), email).to_be_visible()
        axe(page)
        capture(page, "espace-" + email.split("@")[0])
        page.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("link", name="Se connecter").first, email).to_be_visible()


@pytest.fixture
def un_candidat():
    """A candidat of a conseil départemental (no need of the whole demo)."""
    return UserFactory(email="candidat.cd@demo.ami-spie.fr")


def test_erreur_de_connexion_en_francais(page, un_candidat):
    se_connecter(page, "candidat.cd@demo.ami-spie.fr", "mauvais mot de passe")
    expect(page.get_by_text("Adresse électronique ou mot de passe incorrect")).to_be_visible()
    expect(page.get_by_role("textbox", name="Adresse électronique")).to_have_value(
        "candidat.cd@demo.ami-spie.fr"
    )


def test_page_interdite_403_dsfr(page, un_candidat, axe, capture):
    se_connecter(page, "candidat.cd@demo.ami-spie.fr", FACTORY_MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    reponse = page.goto("/administration/")
    assert reponse.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    axe(page)
    capture(page, "erreur-403")
