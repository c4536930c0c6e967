"""Demo data for the instructeurs' teamwork (issue 17, point 14): « Suivi par » on dossiers of the queue,
chosen through ``instruction.suivi.attribuer`` (the first instructeur follows some, gives others to his
colleague, the colleague takes one himself; the rest are followed by nobody), and private notes written
through ``instruction.notes_privees.ajouter``. Each dated after the dossier's last step.

Idempotent: a dossier whose « Suivi par » was ever set (a step ``suivi`` in its history) is kept as it
is, whoever changed it since; a note is written once (the same text on the same dossier). No e-mail: the
caller's ``demo.instruction.sans_courriels``."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from candidatures.models import Dossier, Etat, Transition
from demo.instruction import planifier, sans_courriels
from demo.messagerie import compte_du_porteur, heure_de_bureau
from instruction import notes_privees, suivi
from instruction.models import NotePrivee, Suivi
from notifications.models import Notification

# (state of the dossiers, how many, followed by which instructeur: 0 the first, 1 the second; chosen by)
SUIVIS = [
    (Etat.EN_INSTRUCTION, 4, 0, 0),
    (Etat.EN_INSTRUCTION, 2, 1, 0),  # given by the first instructeur to his colleague (notified)
    (Etat.COMPLEMENTS, 2, 0, 0),
    (Etat.RECEVABLE, 1, 1, 1),  # taken by the second himself
]
# (the n-th dossier followed above, its author, the note)
NOTES = [
    (
        0,
        0,
        "Échange téléphonique avec le chef de file : le PLIE confirme sa participation au consortium, "
        "lettre d’engagement à venir. Attendre avant de conclure sur la recevabilité financière.",
    ),
    (
        4,
        1,
        "Taux de cofinancement proche du plancher : vérifier avec la DREETS que le cofinancement du "
        "Département est bien acquis et non seulement demandé.",
    ),
    (
        6,
        0,
        "Compléments demandés sur le budget : si la réponse arrive après le comité, proposer un "
        "examen à la séance suivante plutôt qu’un rejet.",
    ),
]


@dataclass
class Bilan:
    attribues: int = 0
    gardes: int = 0
    notes: int = 0
    notes_gardees: int = 0
    dossiers: list = field(default_factory=list)

    def resume(self, instructeurs) -> str:
        suivis = Suivi.objects.filter(dossier__in=self.dossiers)
        par = [suivis.filter(instructeur=i).count() for i in instructeurs]
        non_suivis = Dossier.objects.exclude(etat=Etat.BROUILLON).filter(suivi__isnull=True).count()
        return (
            f"  Suivi par : {par[0]} dossiers suivis par {instructeurs[0].get_full_name()}, {par[1]} par "
            f"{instructeurs[1].get_full_name()}, {non_suivis} non suivis ({self.attribues} attribués par ce "
            f"lancement, {self.gardes} conservés) ; notes privées : {self.notes} écrites, "
            f"{self.notes_gardees} conservées."
        )


def attribuer(instructeurs) -> Bilan:
    """« Suivi par » of ``SUIVIS`` and the notes of ``NOTES``, those missing created."""
    bilan = Bilan()
    plans, choisis = planifier(), []
    with sans_courriels():
        for etat, nombre, qui, par in SUIVIS:
            suivants = [p for p in plans if p.etat == etat and p not in choisis][:nombre]
            choisis += suivants
            for plan in suivants:
                dossier = (
                    Dossier.objects.exclude(etat=Etat.BROUILLON)
                    .filter(organisation__membres__email=compte_du_porteur(plan))
                    .order_by("pk")
                    .first()
                )
                if dossier is None:
                    continue
                bilan.dossiers.append(dossier)
                if Transition.objects.filter(dossier=dossier, action=suivi.ACTION).exists():
                    bilan.gardes += 1
                    continue
                suivre(dossier.pk, instructeurs[par], instructeurs[qui])
                bilan.attribues += 1
        for rang, auteur, texte in NOTES:
            if rang >= len(bilan.dossiers):
                continue
            dossier = bilan.dossiers[rang]
            if NotePrivee.objects.filter(dossier=dossier, texte=texte).exists():
                bilan.notes_gardees += 1
                continue
            note = notes_privees.ajouter(dossier, instructeurs[auteur], texte)
            NotePrivee.objects.filter(pk=note.pk).update(creee_le=plus_tard(dossier))
            bilan.notes += 1
    return bilan


def plus_tard(dossier) -> datetime.datetime:
    """Between the dossier's last step and now: a third of the way, in office hours."""
    dernier = Transition.objects.filter(dossier=dossier).aggregate(m=Max("le"))["m"] or dossier.depose_le
    maintenant = timezone.now()
    return heure_de_bureau(dernier + (maintenant - dernier) / 3, dernier, maintenant)


def suivre(pk: int, par, instructeur) -> None:
    """« Suivi par » as the fiche posts it: the dossier locked, ``attribuer``, its step dated."""
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        quand = plus_tard(dossier)
        debut = timezone.now()
        suivi.attribuer(dossier, par, instructeur)
        Suivi.objects.filter(dossier=dossier).update(depuis_le=quand)
        Transition.objects.filter(dossier=dossier, action=suivi.ACTION, le__gte=debut).update(le=quand)
        Notification.objects.filter(dossier=dossier, creee_le__gte=debut).update(creee_le=quand)
