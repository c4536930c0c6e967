"""Demande de compléments: the instructeur names the sections to complete and a date; those sections
reopen to the porteur until the date; the porteur transmits, and the instructeur sees what changed.

« An instructeur may send a « demande de compléments » that reopens the named parts of a deposited
dossier to the candidat until a date » (rules.md, « Dossier lifecycle »)."""

from dataclasses import dataclass, field

from django.db import transaction

from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.models import Dossier, Etat
from candidatures.notifications import envoyer_apres_validation, prevenir_porteur
from candidatures.resume import differences, instantane


def demander(dossier: Dossier, user, sections: list[str], date_limite, message: str):
    """The caller holds the dossier's lock and has checked the version; the porteur is mailed."""
    avant = instantane(bilan(dossier).donnees)
    transition = cycle.appliquer(
        dossier,
        cycle.Action.DEMANDER_COMPLEMENTS,
        user,
        message,
        {"sections": sections, "date_limite": date_limite.isoformat(), "avant": avant},
    )
    dossier.complements = {"sections": sections, "date_limite": date_limite.isoformat(), "message": message}
    dossier.save(update_fields=["complements"])
    prevenir_porteur(
        dossier,
        f"Dossier {dossier.numero} : compléments demandés avant le {date_limite:%d/%m/%Y}",
        "candidatures/courriels/complements.txt",
        {"transition": transition},
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
        if etat.recevabilite.bloquantes:
            points = [f"{ligne.regle} — {ligne.libelle}" for ligne in etat.recevabilite.bloquantes]
            motif = f"Le dossier ne peut pas être transmis : {len(points)} point(s) bloquant(s)."
            return ResultatTransmission(False, motif, points)
        demande = (
            dossier.transitions.filter(action=cycle.Action.DEMANDER_COMPLEMENTS)
            .order_by("-le", "-id")
            .first()
        )
        apres = instantane(etat.donnees)
        sections = dossier.complements.get("sections", [])
        modifications = differences(demande.donnees.get("avant", {}), apres) if demande else []
        dossier.cout_global = etat.donnees.budget.cout_global
        dossier.subvention_demandee = etat.donnees.budget.subvention_etat
        dossier.complements = {}
        dossier.save(update_fields=["cout_global", "subvention_demandee", "complements"])
        cycle.appliquer(
            dossier,
            cycle.Action.TRANSMETTRE_COMPLEMENTS,
            user,
            donnees={"sections": sections, "modifications": [list(m) for m in modifications]},
        )
        if demande and demande.par and demande.par.is_active:
            envoyer_apres_validation(
                f"Dossier {dossier.numero} : compléments transmis",
                "candidatures/courriels/complements_transmis.txt",
                {"dossier": dossier, "modifications": modifications, "par": user},
                [demande.par.email],
            )
    return ResultatTransmission(True)
