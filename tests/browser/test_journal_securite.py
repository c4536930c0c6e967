"""Issue 15 item 8 in Chromium: a failed login is recorded; the administrateur opens the « Journal de
sécurité » from the « Journal des modifications », filters it by person, kind and date, reads who, from
which address and what; axe-core finds no violation."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comptes.models_securite import EvenementSecurite, TypeEvenement
from comptes.securite import consigner
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_l_administrateur_filtre_le_journal_de_securite(page, axe, capture):
    camille = UserFactory(email="camille@cd59.fr", first_name="Camille", last_name="Martin")
    alex = UserFactory(instructeur=True, email="alex@dgefp.gouv.fr", first_name="Alex", last_name="Durand")
    UserFactory(administrateur=True, email="admin@ami.gouv.fr", first_name="Ada", last_name="Admin")
    # Camille mistypes her password, in this browser: the journal's row comes from the login page.
    page.goto("/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(camille.email)
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("body")).to_contain_text("Adresse électronique ou mot de passe incorrect")
    # Older rows: a failure of Camille's three weeks ago, a PDF of Alex's, an unknown address.
    ancien = consigner(TypeEvenement.ECHEC_CONNEXION, compte=camille, objet="Échec de connexion")
    il_y_a_trois_semaines = timezone.now() - datetime.timedelta(days=21)
    EvenementSecurite.objects.filter(pk=ancien.pk).update(quand=il_y_a_trois_semaines)
    consigner(TypeEvenement.TELECHARGEMENT, compte=alex, objet="Dossier n° AMI-2026-0012 — PDF")
    consigner(TypeEvenement.ECHEC_CONNEXION, identifiant="<script>intrus</script>@pirate.example")

    se_connecter(page, "admin@ami.gouv.fr", MOT_DE_PASSE)
    page.goto("/administration/journal/")
    page.get_by_role("navigation", name="Journaux de l’administration").get_by_role(
        "link", name="Sécurité"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal de sécurité")
    tableau = page.locator("#journal-securite")
    expect(tableau).to_contain_text("Dossier n° AMI-2026-0012 — PDF")
    expect(tableau).to_contain_text("Alex Durand")
    expect(tableau).to_contain_text("<script>intrus</script>@pirate.example")  # shown as text
    expect(tableau).to_contain_text("Ada Admin")  # her own login
    axe(page)
    capture(page, "journal-securite")

    page.get_by_label("Personne").fill("camille")
    page.get_by_label("Type d’événement").select_option(label="Échec de connexion")
    aujourd_hui = timezone.localdate()
    page.locator("#id_du").fill(f"{aujourd_hui:%d/%m/%Y}")
    page.locator("#id_au").fill(f"{aujourd_hui:%d/%m/%Y}")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#nombre-evenements")).to_have_text("1 événement correspondant aux filtres")
    ligne = tableau.locator("tbody tr")
    expect(ligne).to_have_count(1)
    expect(ligne).to_contain_text("Échec de connexion")
    expect(ligne).to_contain_text("Camille Martin")
    expect(ligne).to_contain_text("camille@cd59.fr")
    expect(ligne).to_contain_text("127.0.0.1")
    expect(ligne).to_contain_text("Mot de passe incorrect ou compte inactif")
    expect(page.locator("#id_du")).to_have_value(f"{aujourd_hui:%d/%m/%Y}")
    assert "pas-le-bon-mot-de-passe" not in page.content()
    axe(page)
    capture(page, "journal-securite-filtre")

    # The whole period: Camille's two failures, today's and the older one.
    page.locator("#id_du").fill("")
    page.locator("#id_au").fill("")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#nombre-evenements")).to_have_text("2 événements correspondant aux filtres")
    page.get_by_role("link", name="Effacer les filtres").click()
    expect(page.get_by_label("Personne")).to_have_value("")
