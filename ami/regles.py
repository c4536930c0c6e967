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


def nombre_fr(n: int) -> str:
    """« 1 500 » (narrow no-break space between thousands)."""
    return f"{n:,}".replace(",", "\u202f")


def liste_fr(elements: list[str]) -> str:
    """« axe 1, axe 2 et axe 3 »."""
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


def minuscule_initiale(texte: str) -> str:
    """« Lauréat du premier AMI » → « lauréat du premier AMI »: acronyms kept."""
    return texte[:1].lower() + texte[1:]


__all__ = [
    "Resultat",
    "Statut",
    "en_euros",
    "liste_fr",
    "minuscule_initiale",
    "nombre_fr",
    "pourcentage",
    "taux",
]
