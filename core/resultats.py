"""What every recevabilité rule returns, whichever app owns it (rules.md, R01–R18, W01–W02)."""

from dataclasses import dataclass
from enum import StrEnum


class Statut(StrEnum):
    RESPECTE = "respecté"
    NON_RESPECTE = "non respecté"
    A_COMPLETER = "à compléter"


@dataclass(frozen=True)
class Resultat:
    regle: str  # « R13 »
    statut: Statut
    message: str  # plain French, with the figures
    source: str  # « AMI, III.A.2 ; FAQ »
    champ: str = ""  # anchor of the field to fix
    avertissement: bool = False  # W01, W02, and R10's « plus de 5 indicateurs »

    @property
    def bloquant(self) -> bool:
        return self.statut != Statut.RESPECTE and not self.avertissement
