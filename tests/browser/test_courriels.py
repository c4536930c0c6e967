"""« Courriels en attente » in Chromium: the administrateur sees the mails the mail server refused, with
their error, and sends one again with « Renvoyer »."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from courriels import envoi
from courriels.models import Courriel, EtatCourriel
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_administrateur_voit_les_courriels_en_souffrance_et_en_renvoie_un(page, settings, axe, capture):
    settings.EMAIL_BACKEND = "tests.courriels.smtp_en_panne.ServeurEnPanne"
    envoi.envoyer("Votre dossier AMI2-SPIE-2021-0003 est déposé", "texte", ["porteur@exemple.fr"])
    invitation = envoi.envoyer("AMI SPIE — vous êtes invité", "texte", ["invite@exemple.fr"])
    Courriel.objects.filter(pk=invitation.pk).update(etat=EtatCourriel.ECHEC, essais=envoi.ESSAIS_MAX)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    UserFactory(administrateur=True, email="admin@ami.gouv.fr", first_name="Ada", last_name="Admin")
    se_connecter(page, "admin@ami.gouv.fr", MOT_DE_PASSE)
    page.goto("/administration/")
    page.get_by_role("link", name="Courriels en attente").click()
    tableau = page.locator("#courriels")
    expect(tableau).to_contain_text("SMTPConnectError")
    expect(tableau).to_contain_text("En échec")
    expect(tableau).to_contain_text("À envoyer")
    axe(page)
    capture(page, "administration-courriels")

    page.get_by_role("button", name="Renvoyer le courriel « AMI SPIE — vous êtes invité »").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est renvoyé")
    expect(tableau).not_to_contain_text("vous êtes invité")
    assert [m.to for m in mail.outbox] == [["invite@exemple.fr"]]
