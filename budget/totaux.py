"""Totals of the budget as annexe 7 §4 and the FAQ's état des dépenses show them, computed by the server."""

from decimal import Decimal

from budget.natures import NATURES_FRAIS_GENERAUX, GroupeDepense
from budget.rules import ZERO, Budget
from core.format import taux


def totaux(budget: Budget) -> dict:
    groupes = []
    for valeur, libelle in GroupeDepense.choices:
        lignes = [d for d in budget.depenses if d.groupe == valeur]
        groupes.append(
            {
                "valeur": valeur,
                "libelle": libelle,
                "total": sum((d.montant for d in lignes), ZERO),
                "frais_generaux": sum(
                    (d.montant for d in lignes if d.frais_generaux or d.nature in NATURES_FRAIS_GENERAUX),
                    ZERO,
                ),
            }
        )
    cout = budget.cout_global

    def part(montant: Decimal):
        return taux(montant, cout) if cout > 0 else None

    return {
        "groupes": groupes,
        "taux_etat": part(budget.subvention_etat),
        "taux_cofinancement": part(budget.cofinancement),
        "taux_frais": part(budget.frais_generaux),
    }
