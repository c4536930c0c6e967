"""« Créer un compte » in Chromium: a newcomer signs up from the login page, reads the confirmation link in
the outbox, confirms, lands on « Mes dossiers », creates a dossier and deposits it — no administrateur."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier, Etat
from comptes.models import User
from demo.exemples import dossier_complet
from tests.browser.outils import cocher, se_connecter

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
MOT_DE_PASSE = "Insertion-et-emploi-2021"


@pytest.fixture
def appel_ouvert_navigateur(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))


def lien_de_confirmation(attendre) -> str:
    assert attendre(lambda: mail.outbox)
    (message,) = mail.outbox
    lien = re.search(r"(https?://\S+/compte/inscription/confirmer/\S+/\S+/)", message.body).group(1)
    return lien.removeprefix(settings.PORTAIL_URL)


def test_un_porteur_cree_son_compte_et_depose_un_dossier(
    page, appel_ouvert_navigateur, axe, capture, attendre
):
    page.goto("/compte/connexion/")
    expect(page.get_by_role("heading", name="Vous n’avez pas de compte ?")).to_be_visible()
    axe(page)
    capture(page, "inscription-connexion")
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    expect(page.get_by_text("Au moins 12 caractères")).to_be_visible()
    axe(page)

    # A mistake: the errors next to their fields, what was typed kept (not the password).
    vous = page.get_by_role("group", name="Vous")
    vous.get_by_role("textbox", name=re.compile("^Adresse électronique")).fill("camille.martin@plie-lille.fr")
    vous.get_by_role("textbox", name=re.compile("^Prénom")).fill("Camille")
    vous.get_by_role("textbox", name=re.compile("^Nom")).fill("Martin")
    vous.get_by_role("textbox", name=re.compile("^Mot de passe")).fill("court")
    vous.get_by_label("Confirmation du mot de passe").fill("court")
    organisation = page.get_by_role("group", name="Votre organisation")
    organisation.get_by_label("SIRET de l’organisation").fill("732 829 320 00075")
    organisation.get_by_label("Nom de l’organisation").fill("PLIE de la métropole lilloise")
    organisation.get_by_label("Type de porteur").select_option(label="PLIE")
    organisation.get_by_label("Département de l’organisation").select_option(label="59 — Nord")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("#erreurs-formulaire")).to_contain_text("Votre compte n’est pas encore créé")
    expect(page.locator("#id_siret-groupe")).to_contain_text("Ce SIRET n'est pas valide")
    expect(page.locator("#id_password1-groupe")).to_contain_text("trop court")
    expect(organisation.get_by_label("Nom de l’organisation")).to_have_value("PLIE de la métropole lilloise")
    expect(organisation.get_by_label("Type de porteur")).to_have_value("plie")
    expect(vous.get_by_role("textbox", name=re.compile("^Mot de passe"))).to_have_value("")
    axe(page)
    capture(page, "inscription-erreurs")

    vous.get_by_role("textbox", name=re.compile("^Mot de passe")).fill(MOT_DE_PASSE)
    vous.get_by_label("Confirmation du mot de passe").fill(MOT_DE_PASSE)
    organisation.get_by_label("SIRET de l’organisation").fill("732 829 320 00074")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse électronique")
    expect(page.get_by_text("camille.martin@plie-lille.fr")).to_be_visible()
    axe(page)
    capture(page, "inscription-envoyee")

    # Not confirmed yet: the login is refused, and says why it may be.
    se_connecter(page, "camille.martin@plie-lille.fr", MOT_DE_PASSE)
    expect(page.get_by_text("confirmez d’abord votre adresse avec le lien reçu")).to_be_visible()

    lien = lien_de_confirmation(attendre)
    page.goto(lien)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre adresse électronique")
    axe(page)
    capture(page, "inscription-confirmer")
    page.get_by_role("button", name="Confirmer mon adresse et activer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    expect(page.get_by_text("Votre adresse est confirmée")).to_be_visible()
    axe(page)
    capture(page, "inscription-mes-dossiers")
    compte = User.objects.get(email="camille.martin@plie-lille.fr")
    assert compte.is_active and compte.referent and compte.organisation.siret == "73282932000074"

    # The link has served.
    page.goto(lien)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien n’est plus valable")

    # A dossier, created in the browser, completed, deposited by the newcomer.
    page.goto("/candidatures/")
    page.get_by_label("Intitulé du projet").fill("SPIE de la métropole lilloise")
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.get_by_label("Nom du chef de file")).to_have_value("PLIE de la métropole lilloise")
    dossier = Dossier.objects.get()
    assert dossier.organisation == compte.organisation
    dossier_complet(dossier, user=compte)
    page.goto(f"/candidatures/{dossier.pk}/depot/")
    cocher(page.get_by_label(re.compile("Je confirme")))
    page.get_by_role("button", name="Déposer le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    capture(page, "inscription-recepisse")
    assert Dossier.objects.get().etat == Etat.DEPOSE


def test_lien_invalide_et_nouveau_lien(page, donnees_de_base, axe, capture, attendre):
    page.goto("/compte/inscription/confirmer/MQ/abc-123/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien n’est plus valable")
    axe(page)
    capture(page, "inscription-lien-invalide")
    page.get_by_label("Adresse électronique").fill("inconnue@")
    page.get_by_role("button", name="Recevoir un nouveau lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recevoir un nouveau lien de confirmation")
    expect(page.locator("#id_email-groupe")).to_contain_text("Saisissez une adresse électronique valide")
    axe(page)
    capture(page, "inscription-nouveau-lien-erreur")
    page.get_by_label("Adresse électronique").fill("inconnue@exemple.fr")
    page.get_by_role("button", name="Recevoir un nouveau lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse électronique")
    assert mail.outbox == []
