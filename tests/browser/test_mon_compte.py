"""Issue 15 item 3 in Chromium: « Mon compte » from the header — name and telephone (a wrong number said in
French, what was typed kept), the open sessions of two browsers and « Fermer les autres sessions » (the
other browser sent back to the login), the password (the other browser logged out again, this one stays),
the e-mail address with the link read from the outbox, then a login with the new address and password.
axe-core finds no violation on any of the new pages."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from comptes.models import TypeOrganisation, User
from courriels.models import Courriel
from tests.browser.outils import nouveau_contexte, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOUVEAU = "Un-nouveau-mot-de-passe-2021"


@pytest.fixture
def candidat(donnees_de_base):
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(
        organisation=organisation, email="camille@cd59.fr", first_name="Camille", last_name="Martin"
    )


def autre_navigateur(navigateur, live_server):
    contexte = nouveau_contexte(navigateur, live_server)
    return contexte, contexte.new_page()


def courriel_a(adresse: str, attendre) -> Courriel:
    assert attendre(lambda: Courriel.objects.filter(destinataires__contains=[adresse]).exists())
    return Courriel.objects.filter(destinataires__contains=[adresse]).latest("pk")


def test_mon_compte(page, navigateur, live_server, candidat, axe, capture, attendre):
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.get_by_text("camille@cd59.fr").first).to_be_visible()

    # Name and telephone: a wrong number is said next to the field, nothing typed is lost.
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Téléphone").fill("12 34")
    page.get_by_role("button", name="Enregistrer mes coordonnées").click()
    expect(page.get_by_text("Saisissez un numéro de téléphone français de 10 chiffres")).to_be_visible()
    expect(page.get_by_label("Nom", exact=True)).to_have_value("Durand")
    expect(page.get_by_label("Téléphone")).to_have_value("12 34")
    axe(page)
    capture(page, "mon-compte-erreur")
    page.get_by_label("Téléphone").fill("+33 6 12 34 56 78")
    page.get_by_role("button", name="Enregistrer mes coordonnées").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Vos coordonnées sont enregistrées.")
    expect(page.get_by_label("Téléphone")).to_have_value("06 12 34 56 78")
    expect(page.locator(".fr-header")).to_contain_text("Camille Durand")

    # A second browser: two sessions, this one marked; closing the others sends it back to the login.
    contexte, ailleurs = autre_navigateur(navigateur, live_server)
    try:
        se_connecter(ailleurs, candidat.email, MOT_DE_PASSE)
        expect(ailleurs.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
        page.reload()
        lignes = page.locator("#sessions ~ .fr-table tbody tr")
        expect(lignes).to_have_count(2)
        expect(lignes.first).to_contain_text("Cette session")
        expect(lignes.first).to_contain_text("127.0.0.1")
        expect(lignes.nth(1)).not_to_contain_text("Cette session")
        axe(page)
        capture(page, "mon-compte")
        page.get_by_role("button", name="Fermer les autres sessions").click()
        expect(page.locator(".fr-alert--success")).to_contain_text("1 autre session ouverte est fermée")
        expect(lignes).to_have_count(1)
        ailleurs.goto("/candidatures/")
        expect(ailleurs.get_by_role("heading", level=1)).to_have_text(re.compile("^Connexion"))

        # The password: the current one required; the other browser (logged in again) is logged out.
        se_connecter(ailleurs, candidat.email, MOT_DE_PASSE)
        expect(ailleurs.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
        page.get_by_role("link", name="Changer de mot de passe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Changer de mot de passe")
        axe(page)
        page.get_by_label("Mot de passe actuel").fill("pas-le-bon-mot-de-passe")
        page.locator("#id_new_password1").fill(NOUVEAU)
        page.locator("#id_new_password2").fill(NOUVEAU)
        page.get_by_role("button", name="Changer le mot de passe").click()
        expect(page.get_by_text("Le mot de passe actuel est incorrect.")).to_be_visible()
        axe(page)
        capture(page, "mon-compte-mot-de-passe")
        page.get_by_label("Mot de passe actuel").fill(MOT_DE_PASSE)
        page.locator("#id_new_password1").fill(NOUVEAU)
        page.locator("#id_new_password2").fill(NOUVEAU)
        page.get_by_role("button", name="Changer le mot de passe").click()
        expect(page.locator(".fr-alert--success")).to_contain_text("Votre mot de passe est changé")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")  # still logged in
        ailleurs.goto("/candidatures/")
        expect(ailleurs.get_by_role("heading", level=1)).to_have_text(re.compile("^Connexion"))
        assert "mot de passe a été changé" in courriel_a("camille@cd59.fr", attendre).sujet
    finally:
        contexte.close()

    # The address: a link to the new one, read from the outbox, confirmed by its button.
    page.get_by_role("link", name="Changer d’adresse électronique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changer d’adresse électronique")
    axe(page)
    capture(page, "mon-compte-adresse")
    page.get_by_label("Nouvelle adresse électronique").fill("camille.durand@cd59.fr")
    page.get_by_label("Mot de passe actuel").fill(NOUVEAU)
    page.get_by_role("button", name="Recevoir le lien de confirmation").click()
    expect(page.locator(".fr-alert--info")).to_contain_text("Un courriel est envoyé à camille.durand@cd59.fr")
    texte = courriel_a("camille.durand@cd59.fr", attendre).texte
    lien = re.search(r"https?://\S+(/compte/mon-compte/adresse/confirmer/\S+/)", texte).group(1)
    assert settings.PORTAIL_URL in texte
    page.goto(lien)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer la nouvelle adresse électronique")
    expect(page.get_by_text("camille.durand@cd59.fr")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Confirmer cette adresse").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Votre adresse est changée")
    axe(page)
    capture(page, "mon-compte-adresse-confirmee")
    assert User.objects.get(pk=candidat.pk).email == "camille.durand@cd59.fr"
    assert "a été changée" in courriel_a("camille@cd59.fr", attendre).sujet
    page.goto(lien)  # once only
    expect(page.get_by_text("Ce lien n’est plus valable")).to_be_visible()
    axe(page)

    # Logged out, the new address and the new password open the portal.
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, "camille.durand@cd59.fr", NOUVEAU)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
