"""Issue 15 item 6 in Chromium: the login locked after 5 wrong passwords, its French page (when to retry,
how to reset one's password), the same for /django-admin/, and the limit of « Mot de passe oublié ? »."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def essayer(page, email, mot_de_passe):
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def test_connexion_bloquee_apres_cinq_echecs_meme_avec_le_bon_mot_de_passe(page, axe, capture):
    UserFactory(email="camille@exemple.fr")
    page.goto("/compte/connexion/")
    for _ in range(4):
        essayer(page, "camille@exemple.fr", "pas-le-bon-mot-de-passe")
        expect(page.get_by_text("Adresse électronique ou mot de passe incorrect")).to_be_visible()
    essayer(page, "camille@exemple.fr", "pas-le-bon-mot-de-passe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion suspendue pour 15 minutes")
    expect(
        page.get_by_text(
            re.compile(r"Vous pourrez réessayer à partir de \d+ h \d\d(?: le \d+ \w+)? \(dans 15 minutes\)")
        )
    ).to_be_visible()
    axe(page)
    capture(page, "connexion-bloquee")

    page.get_by_role("link", name="Retour à la connexion").click()
    essayer(page, "camille@exemple.fr", MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion suspendue pour 15 minutes")
    expect(page.get_by_text("même le bon mot de passe est refusé")).to_be_visible()
    page.get_by_role("link", name="Réinitialiser mon mot de passe").click()
    expect(page).to_have_url(re.compile("/compte/mot-de-passe/oublie/$"))


def test_administration_technique_bloquee_avec_la_meme_page(page, axe, capture):
    technique = UserFactory(technique=True, email="exploitation@exemple.fr")
    page.goto("/django-admin/login/")
    for _ in range(5):
        page.locator("#id_username").fill(technique.email)
        page.locator("#id_password").fill("pas-le-bon-mot-de-passe")
        page.locator("input[type=submit]").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion suspendue pour 15 minutes")
    expect(
        page.get_by_role("link", name="Retour à la connexion de l’administration technique")
    ).to_be_visible()
    axe(page)
    capture(page, "admin-bloquee")


def test_mot_de_passe_oublie_trop_de_demandes(page, axe, capture, settings):
    settings.LIMITES = {"mot_de_passe_adresse": "2/h"}
    UserFactory(email="camille@exemple.fr")
    for _ in range(3):
        page.goto("/compte/mot-de-passe/oublie/")
        page.get_by_role("textbox", name="Adresse électronique").fill("camille@exemple.fr")
        page.get_by_role("button", name="Recevoir le lien").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trop de demandes")
    expect(
        page.get_by_text(re.compile(r"Vous pourrez réessayer à partir de \d+ h \d\d(?: le \d+ \w+)? \(dans "))
    ).to_be_visible()
    axe(page)
    capture(page, "mot-de-passe-trop-de-demandes")
