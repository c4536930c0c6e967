"""What every recevabilité rule returns, whichever app owns it (rules.md, R01–R18, W01–W02)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ami.templatetags.ami_format import euros, pourcentage


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


def taux(partie: Decimal, total: Decimal) -> Decimal:
    """partie / total in %, for messages only (decisions compare exact products, never rounded rates)."""
    return (partie * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def en_euros(montant: Decimal) -> str:
    """« 92 500 € », cents only when there are some."""
    return euros(montant, 0 if montant == montant.to_integral_value() else 2)


__all__ = ["Resultat", "Statut", "en_euros", "pourcentage", "taux"]
