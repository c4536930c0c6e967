"""Totals of the budget as annexe 7 §4 and the FAQ's état des dépenses show them, computed by the server
from the figures of ``budget.chiffres`` (the same ones the rules, the lists and the exports read)."""

from budget.chiffres import COUT_GLOBAL, FRAIS_GENERAUX, Budget
from budget.natures import GroupeDepense


def totaux(budget: Budget) -> dict:
    groupes = []
    for valeur, libelle in GroupeDepense.choices:
        lignes = [d for d in budget.depenses if d.groupe == valeur]
        groupes.append(
            {
                "valeur": valeur,
                "libelle": libelle,
                "total": COUT_GLOBAL.somme(lignes),
                "frais_generaux": FRAIS_GENERAUX.somme(lignes),
            }
        )
    montants = budget.montants()
    return {
        "groupes": groupes,
        "taux_etat": montants.taux_etat,
        "taux_cofinancement": montants.taux_cofinancement,
        "taux_frais": montants.taux_frais,
    }
