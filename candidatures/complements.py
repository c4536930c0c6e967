"""Demande de compléments: the instructeur names the sections to complete and a date; those sections
reopen to the porteur until the date; the porteur transmits, and the instructeur sees what changed.

« An instructeur may send a « demande de compléments » that reopens the named parts of a deposited
dossier to the candidat until a date » (rules.md, « Dossier lifecycle »). The request is one record,
``DemandeComplements``, read by every page; its steps are in the history (``Transition``)."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse

from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.differences import differences
from candidatures.envoi import blocage, figer_montants
from candidatures.models import DemandeComplements, Dossier, Etat, Section
from candidatures.notifications import envoyer_apres_validation, prevenir_porteur
from candidatures.resume import instantane
from comptes.models import Role, User
from notifications.models import Nature
from notifications.services import notifier


def lien_complements(dossier: Dossier, demande: DemandeComplements) -> str:
    """The first section the request reopens (the dossier's overview without any): where the porteur
    completes."""
    if demande.sections:
        return reverse("candidatures:section", args=[dossier.pk, demande.sections[0]])
    return reverse("candidatures:apercu", args=[dossier.pk])


def demander(dossier: Dossier, user, sections: list[str], date_limite, message: str):
    """The caller holds the dossier's lock and has checked the version; the porteur is mailed."""
    avant = instantane(bilan(dossier).donnees)
    transition = cycle.effectuer(dossier, cycle.Action.DEMANDER_COMPLEMENTS, user, message)
    demande = DemandeComplements.objects.create(
        dossier=dossier, transition=transition, sections=sections, date_limite=date_limite, avant=avant
    )
    dossier.demande_complements = demande
    prevenir_porteur(
        dossier,
        f"Dossier {dossier.numero} : compléments demandés avant le {date_limite:%d/%m/%Y}",
        "candidatures/courriels/complements.txt",
        {"transition": transition, "demande": demande},
    )
    notifier(
        User.objects.filter(organisation_id=dossier.organisation_id, role=Role.CANDIDAT, is_active=True),
        Nature.COMPLEMENTS,
        f"Dossier {dossier.numero} : compléments demandés avant le {date_limite:%d/%m/%Y}",
        lien_complements(dossier, demande),
        dossier=dossier,
    )
    return transition


@dataclass
class ResultatTransmission:
    transmis: bool
    motif: str = ""
    points: list = field(default_factory=list)


def transmettre(dossier_pk: int, user) -> ResultatTransmission:
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier_pk)
        if dossier.etat != Etat.COMPLEMENTS:
            return ResultatTransmission(True)  # already transmitted (a double click)
        raison = cycle.refus(dossier, cycle.Action.TRANSMETTRE_COMPLEMENTS, user)
        if raison:
            return ResultatTransmission(False, raison)
        etat = bilan(dossier)
        if refus := blocage(etat, "transmis", sections=False):
            return ResultatTransmission(False, refus.motif, refus.points)
        demande = dossier.demande_complements
        modifications = []
        if demande:
            modifications = differences(demande.avant, instantane(etat.donnees), titres=dict(Section.choices))
        dossier.save(update_fields=figer_montants(dossier, etat))
        reponse = cycle.effectuer(dossier, cycle.Action.TRANSMETTRE_COMPLEMENTS, user)
        dossier.demande_complements = None
        if demande is None:
            return ResultatTransmission(True)
        demande.reponse = reponse
        demande.modifications = [m.en_donnees() for m in modifications]
        demande.save(update_fields=["reponse", "modifications"])
        par = demande.transition.par
        if par and par.is_active:
            envoyer_apres_validation(
                f"Dossier {dossier.numero} : compléments transmis",
                "candidatures/courriels/complements_transmis.txt",
                {"dossier": dossier, "modifications": modifications, "par": user},
                [par.email],
            )
            notifier(
                [par],
                Nature.COMPLEMENTS,
                f"Dossier {dossier.numero} : compléments transmis par {user.get_full_name() or user.email}",
                reverse("instruction:dossier", args=[dossier.pk]),
                dossier=dossier,
            )
    return ResultatTransmission(True)


def derniere_transmission(dossier):
    """The last « Compléments transmis » of the history, with ``modifications``: what the porteur
    changed (``Difference``; none when the request predates the record)."""
    reponse = (
        dossier.transitions.filter(action=cycle.Action.TRANSMETTRE_COMPLEMENTS)
        .select_related("par", "reponse_complements")
        .order_by("-le", "-id")
        .first()
    )
    if reponse is not None:
        try:
            reponse.modifications = reponse.reponse_complements.differences
        except ObjectDoesNotExist:
            reponse.modifications = []
    return reponse
