"""The badge « N non lus »: one subquery in the queue's and « Mes dossiers »' queries — their number of
queries is the same with 3 or 30 dossiers with messages (the queue's 7: tests/instruction/test_file.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from messagerie import services
from messagerie.models import Cote, Invitation, Message
from notifications.models import Notification
from tests.factories import OrganisationFactory, ServiceTerritorialFactory, UserFactory
from tests.instruction.test_file import A_INSTRUIRE, TERRITOIRE, deposes

pytestmark = pytest.mark.django_db


def _messages(dossiers, auteur, cote=Cote.PORTEUR):
    Message.objects.bulk_create(
        Message(dossier=d, auteur=auteur, cote=cote, texte=f"Message {i}") for d in dossiers for i in range(2)
    )


def _compter(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return len(requetes), reponse.content.decode()


def test_la_file_a_le_meme_nombre_de_requetes_avec_3_ou_30_dossiers_a_messages(client):
    organisation = OrganisationFactory()
    candidat = UserFactory(organisation=organisation)
    client.force_login(UserFactory(instructeur=True))
    _messages(deposes(3, organisation=organisation), candidat)
    client.get(A_INSTRUIRE)  # the filter's choices cached (instruction.choix_territoires)
    peu, page = _compter(client, A_INSTRUIRE)
    assert page.count("2 non lus") == 3
    _messages(deposes(27, organisation=organisation), candidat)
    beaucoup, page = _compter(client, A_INSTRUIRE)
    assert peu == beaucoup == 7  # the queue of tests/instruction/test_file.py
    assert page.count("2 non lus") == 30


def test_la_file_d_un_agent_compte_les_non_lus_des_seuls_dossiers_ou_son_service_est_invite(client):
    service = ServiceTerritorialFactory()
    agent = UserFactory(agent=True, service_territorial=service)
    client.force_login(agent)
    organisation = OrganisationFactory()
    candidat = UserFactory(organisation=organisation)
    dossiers = deposes(3, organisation=organisation)
    _messages(dossiers, candidat)
    Invitation.objects.create(dossier=dossiers[0], service=service)
    client.get(TERRITOIRE)  # the filter's choices cached (instruction.choix_territoires)
    peu, page = _compter(client, TERRITOIRE)
    assert page.count("2 non lus") == 1
    autres = deposes(27, organisation=organisation)
    _messages(autres, candidat)
    Invitation.objects.bulk_create(Invitation(dossier=d, service=service) for d in autres)
    beaucoup, page = _compter(client, TERRITOIRE)
    assert peu == beaucoup
    assert page.count("2 non lus") == 28


def test_mes_dossiers_a_le_meme_nombre_de_requetes_avec_3_ou_30_dossiers_a_messages(client):
    organisation = OrganisationFactory()
    candidat = UserFactory(organisation=organisation)
    instructeur = UserFactory(instructeur=True)
    client.force_login(candidat)
    url = reverse("candidatures:mes_dossiers")
    _messages(deposes(3, organisation=organisation), instructeur, Cote.INSTRUCTION)
    peu, page = _compter(client, url)
    assert page.count("2 non lus") == 3
    _messages(deposes(27, organisation=organisation), instructeur, Cote.INSTRUCTION)
    beaucoup, page = _compter(client, url)
    assert peu == beaucoup
    assert page.count("2 non lus") == 30


def test_lire_le_fil_efface_le_badge(client, depose, candidat, instructeur):
    services.envoyer(depose, instructeur, "Une question")
    client.force_login(candidat)
    assert "1 non lu</span>" in client.get(reverse("candidatures:mes_dossiers")).content.decode()
    client.get(reverse("messagerie:fil", args=[depose.pk]))
    assert "non lu</span>" not in client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert not Notification.objects.filter(destinataire=candidat, lue_le__isnull=True).exists()
