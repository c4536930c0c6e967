"""The demo's messagerie, « Suivi par » and private notes (issue 17, points 10 and 14: ``demo.messagerie``,
``demo.suivi``): threads on four dossiers of the queue, with an attachment and an invited service, unread
messages on each side at login; dossiers followed by either instructeur or by nobody; notes. Built
through the portal's services, each dated in the past; run twice, the same."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from candidatures.models import Dossier, Etat, Transition
from comptes.models import Role, User
from instruction import suivi
from instruction.models import NotePrivee, Suivi
from messagerie import acces
from messagerie.models import Cote, Invitation, Message, PieceJointe
from messagerie.requetes import non_lus

pytestmark = pytest.mark.django_db

INSTRUCTEUR, INSTRUCTEUR2 = "instructeur@demo.ami-spie.fr", "instructeur2@demo.ami-spie.fr"


@pytest.fixture(autouse=True)
def _fichiers(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the attachment, outside the project's folder
    settings.ANTIVIRUS = "aucun"  # as ./bin/demo runs it


def lancer(capture) -> str:
    sortie = io.StringIO()
    with capture(execute=True):
        call_command("demo", force=True, stdout=sortie)
    return sortie.getvalue()


def compter() -> dict:
    return {
        "messages": list(Message.objects.order_by("pk").values_list("dossier_id", "cote", "envoye_le")),
        "pieces": PieceJointe.objects.count(),
        "invitations": Invitation.objects.count(),
        "suivis": dict(Suivi.objects.values_list("dossier_id", "instructeur_id")),
        "notes": NotePrivee.objects.count(),
        "transitions": Transition.objects.count(),
        "comptes": User.objects.count(),
    }


def non_lus_de(user) -> int:
    """The unread messages of ``user`` over the dossiers whose thread he reads (his badges)."""
    return sum(acces.dossiers(user).annotate(n=non_lus(user)).values_list("n", flat=True))


def test_la_demo_montre_une_messagerie_vivante_et_le_suivi(django_capture_on_commit_callbacks):
    texte = lancer(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    instructeur = User.objects.get(email=INSTRUCTEUR)
    instructeur2 = User.objects.get(email=INSTRUCTEUR2)

    # Four threads on deposited dossiers, each message written by someone who reads the thread.
    messages = list(Message.objects.select_related("dossier", "auteur"))
    fils = {m.dossier for m in messages}
    assert len(fils) == 4 and all(d.etat != Etat.BROUILLON for d in fils)
    assert {d.etat for d in fils} == {Etat.EN_INSTRUCTION, Etat.COMPLEMENTS, Etat.RECEVABLE, Etat.DEPOSE}
    for message in messages:
        assert acces.peut_lire(message.auteur, message.dossier)
        assert message.dossier.depose_le < message.envoye_le < timezone.now()
        lectures = [message.lu_porteur_le, message.lu_instruction_le]
        assert all(message.envoye_le <= lu < timezone.now() for lu in lectures if lu)
    assert {m.cote for m in messages} == set(Cote.values)
    assert {m.auteur.email for m in messages} >= {INSTRUCTEUR, INSTRUCTEUR2, "agent.ddets@demo.ami-spie.fr"}
    # Two members of one porteur's team write in the same thread (the second joined through « Mon équipe »).
    equipes = {}
    for m in messages:
        if m.cote == Cote.PORTEUR:
            equipes.setdefault(m.dossier_id, set()).add(m.auteur_id)
    assert max(len(auteurs) for auteurs in equipes.values()) == 2

    # The attachment: a PDF accepted by the message form, its pages read.
    piece = PieceJointe.objects.get()
    assert piece.nom.endswith(".pdf") and piece.pages == 1 and len(piece.empreinte) == 64
    assert piece.telechargeable
    with piece.fichier.open("rb") as fichier:
        assert fichier.read().startswith(b"%PDF")
    # The DDETS du Nord invited, its agent answered; it has not read the last message yet.
    invitation = Invitation.objects.select_related("service").get()
    assert invitation.service.nom == "DDETS du Nord" and invitation.par == instructeur
    agent = User.objects.get(email="agent.ddets@demo.ami-spie.fr")
    assert non_lus_de(agent) == 1

    # Badges « non lus » at login: porteurs (« Mes dossiers ») and the instruction's queue.
    porteurs = User.objects.filter(role=Role.CANDIDAT, organisation__dossiers__in=fils).distinct()
    avec_non_lus = sorted((p for p in porteurs if non_lus_de(p)), key=lambda p: p.email)
    assert len(avec_non_lus) >= 2
    assert non_lus_de(instructeur) >= 2 and non_lus_de(instructeur) == non_lus_de(instructeur2)
    assert Message.objects.exclude(lu_porteur_le=None).exists()
    assert Message.objects.exclude(lu_instruction_le=None).exists()

    # « Suivi par »: some by each instructeur, others by nobody; each change in the history, in the past.
    suivis = Suivi.objects.select_related("dossier")
    assert suivis.filter(instructeur=instructeur).count() >= 3
    assert suivis.filter(instructeur=instructeur2).count() >= 2
    deposes = Dossier.objects.exclude(etat=Etat.BROUILLON)
    assert deposes.filter(suivi__isnull=True).count() > deposes.count() / 2
    for s in suivis:
        etape = Transition.objects.get(dossier=s.dossier, action=suivi.ACTION)
        assert etape.le == s.depuis_le < timezone.now()
        assert etape.le == s.dossier.transitions.order_by("le").last().le  # the latest step of its history
    # Private notes, by both instructeurs, on followed dossiers.
    notes = NotePrivee.objects.all()
    assert 2 <= notes.count() <= 3
    assert {n.auteur for n in notes} == {instructeur, instructeur2}
    assert all(suivis.filter(dossier=n.dossier).exists() and n.creee_le < timezone.now() for n in notes)

    for ligne in ("Suivi par : ", "Échanges : 4 fils créés, 0 conservés tels quels"):
        assert ligne in texte
    assert f"non lus à la connexion pour {avec_non_lus[0].email}" in texte

    # Run again: everything kept as it was, and said so.
    avant = compter()
    texte = lancer(django_capture_on_commit_callbacks)
    assert compter() == avant
    assert mail.outbox == []
    assert "Échanges : 0 fils créés, 4 conservés tels quels" in texte
    assert "(0 attribués par ce lancement, 9 conservés) ; notes privées : 0 écrites, 3 conservées." in texte
