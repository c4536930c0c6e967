"""The bell in Chromium: a porteur's member logs in and reads « Notifications (3 non lues) » in the
header; the « Notifications » page lists them, the unread ones set apart; opening the request to join
his team lands on « Mon équipe » and the bell says 2; « Tout marquer comme lu » brings it to none. On a
phone (375 px) the bell is in the menu. axe-core on each page, at 1280 and 375 px."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ami.models import Appel
from comptes import equipe
from notifications.models import Nature
from notifications.services import notifier
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, DossierFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def membre(donnees_de_base):
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    membre = UserFactory(first_name="Camille", last_name="Martin", email="camille@plie.fr", referent=True)
    dossier = DossierFactory(organisation=membre.organisation, intitule="SPIE de Lille", cree_par=membre)
    apercu = reverse("candidatures:apercu", args=[dossier.pk])
    notifier([membre], Nature.MESSAGE, "Nouveau message sur le dossier SPIE de Lille", apercu, dossier)
    notifier([membre], Nature.AUTRE, "Votre dossier a été enregistré", apercu, dossier)
    demandeur = UserFactory(organisation=None, first_name="Sam", last_name="Nouveau")
    equipe.demander_adhesion(demandeur, membre.organisation)
    return membre


def cloche(page, nom):
    return page.get_by_role("link", name=nom, exact=True)


def test_la_cloche_la_liste_et_la_page_concernee(page, live_server, membre, axe, capture):
    se_connecter(page, membre.email, MOT_DE_PASSE)
    expect(cloche(page, "Notifications (3 non lues)")).to_be_visible()
    axe(page)
    cloche(page, "Notifications (3 non lues)").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_text("3 notifications non lues.")).to_be_visible()
    expect(page.locator(".notification--non-lue")).to_have_count(3)
    axe(page)
    capture(page, "notifications-liste-1280")

    page.get_by_role("link", name="Sam Nouveau demande à rejoindre", exact=False).click()
    expect(page).to_have_url(re.compile(f"^{re.escape(live_server.url)}{reverse('comptes:equipe')}$"))
    expect(page.get_by_role("heading", name="Mon équipe", level=1)).to_be_visible()
    expect(cloche(page, "Notifications (2 non lues)")).to_be_visible()
    capture(page, "notifications-apres-ouverture-1280")

    cloche(page, "Notifications (2 non lues)").click()
    expect(page.locator(".notification--non-lue")).to_have_count(2)
    expect(page.locator(".notification--lue")).to_have_count(1)

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    axe(page)
    capture(page, "notifications-liste-375")
    page.get_by_role("button", name="Menu", exact=True).click()
    expect(cloche(page, "Notifications (2 non lues)")).to_be_visible()
    axe(page)
    capture(page, "notifications-menu-375")
    page.get_by_role("button", name="Fermer", exact=True).click()

    page.get_by_role("button", name="Tout marquer comme lu", exact=True).click()
    expect(page.get_by_text("Aucune notification non lue.")).to_be_visible()
    expect(page.locator(".notification--non-lue")).to_have_count(0)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(cloche(page, "Notifications")).to_be_visible()
    axe(page)
    capture(page, "notifications-tout-lu-1280")
