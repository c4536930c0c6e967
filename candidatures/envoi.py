"""What the dépôt and the transmission of compléments share: the blocking points that refuse them, in
one message, and the amounts frozen when they go through (the instruction queue sorts and filters on
them: ``Dossier.cout_global``, ``Dossier.subvention_demandee``)."""

from dataclasses import dataclass, field


@dataclass
class Blocage:
    """Why the dossier cannot be sent: the message and its points, one line each (empty: it can)."""

    motif: str = ""
    points: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.points)


def blocage(etat, verbe: str, sections: bool = True) -> Blocage:
    """The blocking rules the dossier misses (``etat``: ``candidatures.bilan.bilan``) and, with
    ``sections``, its incomplete sections, under « Le dossier ne peut pas être <verbe> : n point(s)
    bloquant(s). »"""
    points = [f"{ligne.regle} — {ligne.libelle}" for ligne in etat.recevabilite.bloquantes]
    if sections:
        points += [f"Section « {s.libelle} » incomplète" for s in etat.incompletes]
    if not points:
        return Blocage()
    return Blocage(f"Le dossier ne peut pas être {verbe} : {len(points)} point(s) bloquant(s).", points)


MONTANTS = ["cout_global", "subvention_demandee"]


def figer_montants(dossier, etat) -> list[str]:
    """Copy the budget's figures onto the dossier; the fields to save (``MONTANTS``)."""
    dossier.cout_global = etat.donnees.budget.cout_global
    dossier.subvention_demandee = etat.donnees.budget.subvention_etat
    return MONTANTS
