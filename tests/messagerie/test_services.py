"""The messagerie's services: a message and its receipts per side, the invitation of a service, the
notifications (mail with a link, never the content; the bell), the thread with the compléments, the
history."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from candidatures import complements
from messagerie import fil, services
from messagerie.models import Cote, Invitation, Message
from messagerie.requetes import non_lus_du_dossier
from notifications.models import Nature, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CONFIDENTIEL = "Le budget du partenaire X est confidentiel"


def test_un_message_du_porteur_et_ses_accuses_de_lecture(depose, candidat, collegue, instructeur):
    mail.outbox.clear()
    message = services.envoyer(depose, candidat, CONFIDENTIEL)
    assert message.cote == Cote.PORTEUR and message.lu_porteur_le is None
    assert non_lus_du_dossier(instructeur, depose) == 1
    assert non_lus_du_dossier(collegue, depose) == 0  # his own side's message
    services.marquer_lu(depose, instructeur)
    message.refresh_from_db()
    assert message.lu_instruction_le is not None
    assert non_lus_du_dossier(instructeur, depose) == 0
    premiere = message.lu_instruction_le
    services.marquer_lu(depose, UserFactory(instructeur=True))
    message.refresh_from_db()
    assert message.lu_instruction_le == premiere  # the first reading is kept


def test_le_courriel_donne_un_lien_direct_jamais_le_contenu(
    depose, candidat, collegue, instructeur, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = services.envoyer(depose, instructeur, CONFIDENTIEL)
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert sorted(courriel.to) == sorted([candidat.email, collegue.email])
    assert CONFIDENTIEL not in courriel.body and CONFIDENTIEL not in courriel.subject
    lien = f"{settings.PORTAIL_URL}/messagerie/dossiers/{depose.pk}/#message-{reponse.pk}"
    assert lien in courriel.body
    cloches = Notification.objects.filter(nature=Nature.MESSAGE, dossier=depose)
    assert {n.destinataire_id for n in cloches} == {candidat.pk, collegue.pk}
    assert cloches[0].lien == f"/messagerie/dossiers/{depose.pk}/#message-{reponse.pk}"


def test_l_instruction_prevenue_est_celle_qui_suit_le_dossier(
    depose, candidat, instructeur, instructeur2, django_capture_on_commit_callbacks
):
    services.envoyer(depose, instructeur, "Une question")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.envoyer(depose, candidat, "La réponse")
    assert [m.to for m in mail.outbox] == [[instructeur.email]]  # who wrote in the thread
    assert f"/instruction/dossiers/{depose.pk}/?onglet=echanges#message-" in mail.outbox[0].body


def test_sans_instructeur_qui_suit_tous_les_instructeurs_sont_prevenus(
    depose, candidat, instructeur, instructeur2, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.envoyer(depose, candidat, "Bonjour")
    assert sorted(mail.outbox[0].to) == sorted([instructeur.email, instructeur2.email])


def test_l_invitation_d_un_service(
    depose, candidat, instructeur, agent_nord, django_capture_on_commit_callbacks
):
    assert non_lus_du_dossier(agent_nord, depose) == 0
    services.envoyer(depose, candidat, "Avant l’invitation")
    assert non_lus_du_dossier(agent_nord, depose) == 0  # not invited: nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = services.inviter(depose, [agent_nord.service_territorial], instructeur)
    assert services.inviter(depose, [agent_nord.service_territorial], instructeur) == []  # once
    assert mail.outbox[0].to == [agent_nord.email]
    assert non_lus_du_dossier(agent_nord, depose) == 1
    services.marquer_lu(depose, agent_nord)
    assert non_lus_du_dossier(agent_nord, depose) == 0
    message = services.envoyer(depose, agent_nord, "L’avis du service")
    assert (message.cote, message.service_id) == (Cote.SERVICE, agent_nord.service_territorial_id)
    assert non_lus_du_dossier(agent_nord, depose) == 0
    assert non_lus_du_dossier(candidat, depose) == 1
    assert non_lus_du_dossier(instructeur, depose) == 2  # the porteur's and the service's
    assert Invitation.objects.get().pk == invitation.pk


def test_le_fil_montre_les_complements_dans_l_ordre(depose, candidat, instructeur):
    from candidatures import cycle

    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    services.envoyer(depose, candidat, "Premier message")
    limite = datetime.date.today() + datetime.timedelta(days=15)
    complements.demander(depose, instructeur, ["chef_de_file"], limite, "Précisez le chef de file.")
    Message.objects.filter(texte="Premier message").update(
        envoye_le=Message.objects.get().envoye_le - datetime.timedelta(minutes=5)
    )
    complements.transmettre(depose.pk, candidat)
    services.envoyer(depose, instructeur, "Merci")
    natures = [e.nature for e in fil.elements(depose)]
    assert natures == ["message", "demande", "transmission", "message"]
    demande = fil.elements(depose)[1]
    assert demande.transition.motif == "Précisez le chef de file." and demande.date_limite == limite


def test_l_historique_dit_les_messages_et_les_invitations(
    depose, candidat, instructeur, agent_nord, agent_region
):
    services.envoyer(depose, candidat, "Bonjour")
    services.inviter(depose, [agent_nord.service_territorial], instructeur)
    libelles = [e.libelle for e in fil.echanges(depose, instructeur).evenements]
    assert libelles == ["Message de l’équipe du porteur", "DDETS du Nord invité dans les échanges"]
    assert fil.echanges(depose, agent_region) is None  # his service is not invited
    assert len(fil.echanges(depose, agent_nord).evenements) == 2
    assert fil.echanges(depose, agent_nord).non_lus == 1
