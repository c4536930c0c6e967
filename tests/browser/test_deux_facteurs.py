"""In Chromium, the second factor (issue 15 item 5): an instructeur without an application logs in, scans
— here, reads — the key of the QR code, confirms it with a code computed by the test, keeps the recovery
codes shown once; logs in again with a computed code, is refused a wrong one, uses a recovery code once;
an administrateur resets it and the instructeur enrols again. axe-core on each new page."""

import base64
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.outils import code_totp, saisir_le_code, se_connecter
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def instructeur(donnees_de_base):
    return UserFactory(
        instructeur=True,
        email="isabelle.martin@emploi.gouv.fr",
        first_name="Isabelle",
        application_totp=False,
    )


def cle_affichee(page) -> str:
    """The key printed under the QR code (base32 by groups of four), as hex: what a person types in an
    application that cannot scan."""
    texte = page.locator("#cle-totp").inner_text().replace(" ", "")
    return base64.b32decode(texte + "=" * (-len(texte) % 8)).hex()


def enroler(page, axe=None, capture=None, nom=""):
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    qr = page.get_by_role("img", name="QR code de la clé de votre compte")
    expect(qr).to_be_visible()
    boite = qr.bounding_box()
    assert boite["width"] >= 150 and boite["width"] == boite["height"]
    if axe:
        axe(page)
    if capture:
        capture(page, f"deux-facteurs-{nom}activer")
    cle = cle_affichee(page)
    page.get_by_label("Code à 6 chiffres affiché par l’application").fill(code_totp(cle=cle))
    page.get_by_role("button", name="Confirmer et activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    return cle


def deconnecter(page):
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_double_authentification_d_un_instructeur(page, navigateur, live_server, instructeur, axe, capture):
    # 1. First password login: no session yet, the enrolment.
    se_connecter(page, instructeur.email, MOT_DE_PASSE)
    expect(page).to_have_url(re.compile(r"/compte/deux-facteurs/activer/$"))
    expect(page.get_by_text("Votre mot de passe est correct.")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)

    # A wrong code first: the message next to the field, the same key still shown.
    cle = cle_affichee(page)
    page.get_by_label("Code à 6 chiffres affiché par l’application").fill("12345")
    page.get_by_role("button", name="Confirmer et activer").click()
    expect(page.locator("#id_code-desc-error")).to_contain_text("Code incorrect")
    assert cle_affichee(page) == cle
    axe(page)
    page.wait_for_timeout(1100)  # django-otp's wait after one wrong code: 1 s
    assert enroler(page, axe, capture) == cle
    assert TOTPDevice.objects.get(user=instructeur).confirmed

    # 2. The recovery codes, shown once.
    codes = [c.strip() for c in page.locator(".ami-codes-de-secours code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    expect(page.get_by_text("Conservez ces codes maintenant : ils ne seront plus affichés")).to_be_visible()
    axe(page)
    capture(page, "deux-facteurs-codes-de-secours")
    page.get_by_role("link", name="J’ai conservé mes codes, continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers à instruire")
    page.goto("/compte/deux-facteurs/codes-de-secours/")
    expect(page.get_by_text("ceux-ci ont déjà été affichés")).to_be_visible()
    expect(page.locator(".ami-codes-de-secours")).to_have_count(0)
    page.goto("/")
    deconnecter(page)

    # 3. Logging in again: the password, then the code page; a wrong code, then the right one.
    page.goto("/compte/connexion/?next=/exports/")
    page.get_by_role("textbox", name="Adresse électronique").fill(instructeur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Double authentification")
    axe(page)
    capture(page, "deux-facteurs-code")
    bon = code_totp(instructeur.email)
    saisir_le_code(page, f"{(int(bon) + 1) % 1_000_000:06d}")
    erreur = page.locator("#id_code-desc-error")
    expect(erreur).to_contain_text(
        "Code incorrect. Saisissez le code affiché en ce moment par votre application"
    )
    expect(page.get_by_label("Code de vérification")).to_have_attribute("aria-invalid", "true")
    axe(page)
    capture(page, "deux-facteurs-code-faux")
    page.wait_for_timeout(1100)
    saisir_le_code(page, code_totp(instructeur.email))
    expect(page).to_have_url(re.compile(r"/exports/$"))  # the page asked for, kept through the code
    deconnecter(page)

    # 4. A recovery code: once.
    page.goto("/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(instructeur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    saisir_le_code(page, codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers à instruire")
    expect(page.get_by_text("Il vous en reste 9")).to_be_visible()
    deconnecter(page)
    page.goto("/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(instructeur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    saisir_le_code(page, codes[0])
    expect(page.locator("#id_code-desc-error")).to_contain_text("Code incorrect")

    # 5. An administrateur resets it (the instructeur lost the phone).
    administrateur = UserFactory(administrateur=True, email="admin@emploi.gouv.fr")
    contexte = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    admin = contexte.new_page()
    se_connecter(admin, administrateur.email, MOT_DE_PASSE)  # the code computed by se_connecter
    expect(admin.get_by_role("heading", level=1)).to_have_text("Paramètres de l’appel")
    admin.goto(f"/compte/gestion/{instructeur.pk}/")
    expect(admin.get_by_text("9 codes de secours restants")).to_be_visible()
    admin.get_by_role("button", name="Réinitialiser la double authentification").click()
    expect(
        admin.get_by_text(f"La double authentification de {instructeur.email} est réinitialisée")
    ).to_be_visible()
    expect(admin.get_by_text("Pas encore activée : elle est obligatoire pour ce profil")).to_be_visible()
    expect(admin.get_by_role("cell", name="Double authentification réinitialisée")).to_be_visible()
    axe(admin)
    capture(admin, "deux-facteurs-reinitialisee")
    contexte.close()
    assert not TOTPDevice.objects.filter(user=instructeur).exists()

    # 6. At the next login, the instructeur enrols a new application.
    se_connecter(page, instructeur.email, MOT_DE_PASSE)
    nouvelle = enroler(page)
    assert nouvelle != cle


def test_un_agent_active_la_double_authentification_depuis_mon_compte(page, donnees_de_base, axe, capture):
    agent = UserFactory(agent=True, email="thomas.leroy@ddets.gouv.fr")
    se_connecter(page, agent.email, MOT_DE_PASSE)  # offered, not asked: the password only
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers de mon territoire")
    page.goto("/compte/mon-compte/")
    expect(page.get_by_role("heading", name="Double authentification")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Activer la double authentification").click()
    enroler(page, axe, capture, "agent-")
    page.get_by_role("link", name="J’ai conservé mes codes, continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.get_by_text("Codes de secours restants : 10 sur 10.")).to_be_visible()
    axe(page)
    capture(page, "deux-facteurs-mon-compte")
    deconnecter(page)
    se_connecter(page, agent.email, MOT_DE_PASSE)  # now asked: se_connecter types the code
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers de mon territoire")
