"""Recevabilité rules of the budget and financing plan: R11 to R15, one pure function each.

Each takes the budget's data (``budget.chiffres.Budget``, where its figures are defined) and the call's parameters (an ``Appel`` or any
object with the same four attributes) and returns a ``Resultat``. Decisions compare exact
Decimal products (``partie × 100 ≤ taux × total``), never rounded rates: 20 % passes,
19,99 % fails, one cent over a ceiling fails.
"""

from budget.chiffres import ZERO, Budget
from budget.natures import NATURES_NON_ELIGIBLES, NatureDepense, TypeFinancement
from core.format import en_euros, pourcentage, taux
from core.resultats import Resultat, Statut


def _a_completer(regle, message, source, champ):
    return Resultat(regle, Statut.A_COMPLETER, message, source, champ)


def _verdict(regle, problemes, constat, source, champ):
    """Non respecté with every problem found, or respecté with the plain statement of the figures."""
    if problemes:
        return Resultat(regle, Statut.NON_RESPECTE, " ; ".join(problemes) + ".", source, champ)
    return Resultat(regle, Statut.RESPECTE, constat + ".", source, champ)


def _part(libelle, partie, cout, verbe="représente"):
    """« Le cofinancement représente 18,5 % du coût global (92 500 € sur 500 000 €) »."""
    return (
        f"{libelle} {verbe} {pourcentage(taux(partie, cout))} du coût global "
        f"({en_euros(partie)} sur {en_euros(cout)})"
    )


def r11_budget_equilibre(budget: Budget, appel=None) -> Resultat:
    """R11 — coût global > 0, sum of the expense lines; subvention + cofinancements = coût global.

    Source : AMI, annexe 7 §4 « Budget prévisionnel et plan de financement ».
    """
    source, champ = "AMI, annexe 7 §4", "budget"
    if not budget.depenses or budget.cout_global <= 0:
        return _a_completer(
            "R11", "Ajoutez les lignes de dépenses : le coût global du projet est nul.", source, champ
        )
    if not budget.financements:
        return _a_completer(
            "R11",
            "Ajoutez le plan de financement (subvention de l'État, cofinancements).",
            source,
            "financements",
        )
    ecart = budget.total_financements - budget.cout_global
    if ecart:
        sens = "dépasse" if ecart > 0 else "n'atteint pas"
        return Resultat(
            "R11",
            Statut.NON_RESPECTE,
            f"Le plan de financement ({en_euros(budget.total_financements)}) {sens} le coût global du projet "
            f"({en_euros(budget.cout_global)}) : écart de {en_euros(abs(ecart))}. Les financements doivent "
            "couvrir exactement le coût global.",
            source,
            "financements",
        )
    return Resultat(
        "R11",
        Statut.RESPECTE,
        f"Le plan de financement couvre exactement le coût global ({en_euros(budget.cout_global)}).",
        source,
        champ,
    )


def r12_part_etat_maximale(budget: Budget, appel) -> Resultat:
    """R12 — subvention de l'État ≤ 80 % du coût global et ≤ 500 000 €.

    Source : AMI, III.A « un montant maximum de 500 K€ par territoire lauréat ; le financement
    de l'Etat représentera au maximum 80% du budget du projet ».
    """
    source, champ = "AMI, III.A", "financements"
    cout, subvention = budget.cout_global, budget.subvention_etat
    if cout <= 0 or subvention <= 0:
        return _a_completer("R12", "Indiquez le montant de subvention de l'État demandée.", source, champ)
    constat = _part("La subvention de l'État", subvention, cout)
    problemes = []
    if subvention > appel.subvention_etat_max:
        problemes.append(
            f"La subvention demandée ({en_euros(subvention)}) dépasse le maximum de "
            f"{en_euros(appel.subvention_etat_max)} par territoire"
        )
    if subvention * 100 > appel.part_etat_max * cout:
        problemes.append(f"{constat} ; l'AMI l'accepte jusqu'à {pourcentage(appel.part_etat_max)}")
    return _verdict("R12", problemes, constat, source, champ)


def r13_cofinancement_minimal(budget: Budget, appel) -> Resultat:
    """R13 — cofinancement ≥ 20 % du coût global; CALPAE and other State schemes are not cofinancement.

    Source : AMI, III.A.2 « L'autofinancement devra représenter au minimum 20% du plan de
    financement » ; FAQ « Comment est calculé le cofinancement de 20% attendu du porteur de projet ? ».
    """
    source, champ = "AMI, II.A et III.A.2 ; FAQ", "financements"
    cout, cofinancement = budget.cout_global, budget.cofinancement
    if cout <= 0:
        return _a_completer("R13", "Ajoutez les dépenses et le plan de financement.", source, champ)
    constat = _part("Le cofinancement", cofinancement, cout)
    refuses = [f for f in budget.financements if f.type == TypeFinancement.DISPOSITIF_ETAT]
    problemes = []
    if refuses:
        montant = sum((f.montant for f in refuses), ZERO)
        problemes.append(
            f"Les crédits d'autres dispositifs de l'État (CALPAE…) ne sont pas acceptés comme cofinancement "
            f"({en_euros(montant)} à retirer)"
        )
    if cofinancement * 100 < appel.cofinancement_min * cout:
        problemes.append(f"{constat} ; l'AMI demande au moins {pourcentage(appel.cofinancement_min)}")
    return _verdict("R13", problemes, constat, source, champ)


def r14_frais_generaux_plafonnes(budget: Budget, appel) -> Resultat:
    """R14 — frais généraux et frais de mission ≤ 15 % du montant total du projet.

    Source : AMI, III.A.1 « dans la limite de 15% du montant total du projet ».
    """
    source, champ = "AMI, III.A.1", "depenses"
    cout, frais = budget.cout_global, budget.frais_generaux
    if cout <= 0:
        return _a_completer("R14", "Ajoutez les lignes de dépenses.", source, champ)
    # « représentent »: the two kinds of expense are the subject (_part says « représente »).
    constat = _part("Les frais généraux et frais de mission", frais, cout).replace(
        "représente", "représentent", 1
    )
    problemes = []
    if frais * 100 > appel.frais_generaux_max * cout:
        problemes.append(f"{constat} ; l'AMI les limite à {pourcentage(appel.frais_generaux_max)}")
    return _verdict("R14", problemes, constat, source, champ)


def r15_depenses_eligibles(budget: Budget, appel=None) -> Resultat:
    """R15 — no ineligible expense: direct service offer, information system, already funded by the State.

    Source : AMI, III.A.1 « les dépenses liées à la mise en œuvre de l'offre de services directe aux
    usagers ne sont pas éligibles », « Les dépenses en système d'information ne seront pas non plus
    éligibles », « Les dépenses financées grâce au soutien de l'Etat au titre d'autres dispositifs
    (CALPAE, par exemple) ne constituent pas des dépenses éligibles » ; FAQ.
    """
    source, champ = "AMI, III.A.1 ; FAQ", "depenses"
    if not budget.depenses:
        return _a_completer("R15", "Ajoutez les lignes de dépenses.", source, champ)
    refusees = [d for d in budget.depenses if d.nature in NATURES_NON_ELIGIBLES]
    if refusees:
        natures = sorted({NatureDepense(d.nature).label.removesuffix(" (non éligible)") for d in refusees})
        montant = sum((d.montant for d in refusees), ZERO)
        return Resultat(
            "R15",
            Statut.NON_RESPECTE,
            f"{len(refusees)} ligne(s) de dépense non éligible(s), pour {en_euros(montant)} : "
            + " ; ".join(natures)
            + ".",
            source,
            champ,
        )
    return Resultat("R15", Statut.RESPECTE, "Toutes les dépenses sont de nature éligible.", source, champ)


REGLES_BUDGET = [
    r11_budget_equilibre,
    r12_part_etat_maximale,
    r13_cofinancement_minimal,
    r14_frais_generaux_plafonnes,
    r15_depenses_eligibles,
]
