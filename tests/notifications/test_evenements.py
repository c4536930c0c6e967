"""Each event notifies the people concerned, in its transaction, with a link to the page they open:
an avis requested (the agents of the services asked), compléments requested (the porteur's members) and
transmitted (the instructeur who asked), a decision (the porteur's members), a request to join a team
(its members)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidatures import complements, cycle
from candidatures.models import Dossier, Section
from comptes import equipe
from instruction import avis
from notifications.models import Nature, Notification
from notifications.services import notifier
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def de(user, nature=None):
    notifications = Notification.objects.filter(destinataire=user)
    return list(notifications.filter(nature=nature) if nature else notifications)


def s_ouvre(client, user, lien):
    client.force_login(user)
    notification = Notification.objects.filter(destinataire=user, lien=lien).first()
    reponse = client.get(reverse("notifications:ouvrir", args=[notification.pk]))
    assert reponse.status_code == 302 and reponse.url == lien
    assert client.get(lien).status_code == 200, lien


@pytest.fixture
def en_instruction(depose, instructeur):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    return Dossier.objects.get(pk=depose.pk)


def test_avis_demande_aux_agents_des_services_consultes(
    client, depose, instructeur, agent_nord, agent_region, agent_ailleurs
):
    date = timezone.localdate() + datetime.timedelta(days=10)
    avis.demander(depose, instructeur, [agent_nord.service_territorial], date)
    (notification,) = de(agent_nord)
    assert notification.nature == Nature.AVIS_DEMANDE and notification.dossier_id == depose.pk
    assert notification.lien == reverse("instruction:dossier", args=[depose.pk]) + "?onglet=avis"
    assert depose.numero in notification.titre and f"{date:%d/%m/%Y}" in notification.titre
    assert not de(agent_region) and not de(agent_ailleurs) and not de(instructeur)
    s_ouvre(client, agent_nord, notification.lien)
    # Asked again: the service is not asked twice, nobody is notified twice.
    avis.demander(depose, instructeur, [agent_nord.service_territorial], date)
    assert len(de(agent_nord)) == 1


def test_complements_demandes_puis_transmis(client, en_instruction, instructeur, candidat, collegue):
    date = timezone.localdate() + datetime.timedelta(days=10)
    autre_porteur = UserFactory()
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(en_instruction.pk)
        complements.demander(dossier, instructeur, [Section.CHEF_DE_FILE], date, "Précisez.")
    lien = reverse("candidatures:section", args=[dossier.pk, Section.CHEF_DE_FILE])
    for membre in (candidat, collegue):
        (notification,) = de(membre)
        assert (notification.nature, notification.lien) == (Nature.COMPLEMENTS, lien)
        assert "compléments demandés" in notification.titre
    assert not de(autre_porteur) and not de(instructeur)
    s_ouvre(client, candidat, lien)

    assert complements.transmettre(dossier.pk, candidat).transmis
    (notification,) = de(instructeur)
    assert notification.nature == Nature.COMPLEMENTS
    assert notification.lien == reverse("instruction:dossier", args=[dossier.pk])
    assert "compléments transmis par Camille Martin" in notification.titre
    s_ouvre(client, instructeur, notification.lien)


@pytest.mark.parametrize(
    ("actions", "attendu"),
    [
        ([cycle.Action.DECLARER_RECEVABLE], "recevable"),
        ([cycle.Action.DECLARER_IRRECEVABLE], "irrecevable"),
        ([cycle.Action.DECLARER_RECEVABLE, cycle.Action.PROPOSER, cycle.Action.DECIDER_LAUREAT], "lauréat"),
        (
            [cycle.Action.DECLARER_RECEVABLE, cycle.Action.PROPOSER, cycle.Action.DECIDER_NON_RETENU],
            "non retenu",
        ),
    ],
)
def test_decision_au_porteur(client, en_instruction, instructeur, candidat, collegue, actions, attendu):
    for action in actions:
        cycle.effectuer(en_instruction, action, instructeur, "Motivation de la décision.")
    lien = reverse("candidatures:apercu", args=[en_instruction.pk])
    for membre in (candidat, collegue):
        # One per decision; the proposition is never told to the porteur (he never sees « Proposé »).
        notifications = de(membre, Nature.DECISION)
        assert len(notifications) == len([a for a in actions if a in cycle.DECISIONS])
        assert notifications[0].titre.endswith(attendu) and notifications[0].lien == lien
    assert not de(instructeur)
    s_ouvre(client, candidat, lien)


def test_demande_pour_rejoindre_l_equipe(client, candidat, collegue):
    referent = candidat
    referent.referent = True
    referent.save(update_fields=["referent"])
    demandeur = UserFactory(organisation=None, first_name="Sam", last_name="Nouveau")
    inactif = UserFactory(organisation=referent.organisation, is_active=False)
    equipe.demander_adhesion(demandeur, referent.organisation)
    lien = reverse("comptes:equipe")
    for membre in (referent, collegue):
        (notification,) = de(membre)
        assert notification.nature == Nature.DEMANDE_ADHESION and notification.lien == lien
        assert notification.titre == f"Sam Nouveau demande à rejoindre {referent.organisation.nom}"
    assert not de(demandeur) and not de(inactif)
    s_ouvre(client, collegue, lien)
    # The same request again: no second notification.
    equipe.demander_adhesion(demandeur, referent.organisation)
    assert len(de(referent)) == 1


def test_un_evenement_annule_ne_notifie_personne(candidat):
    with pytest.raises(RuntimeError), transaction.atomic():
        notifier([candidat], Nature.AUTRE, "Titre", "/")
        raise RuntimeError
    assert not Notification.objects.exists()


def test_doublons_et_comptes_inactifs_ignores(candidat, collegue):
    collegue.is_active = False
    collegue.save()
    creees = notifier([candidat, candidat, collegue, None], Nature.MESSAGE, "x" * 400, "/")
    assert len(creees) == 1 and len(creees[0].titre) == 300
