"""Recevabilité rules of the budget and financing plan: R11 to R15, one pure function each.

Each takes the budget's data (``budget.chiffres.Budget``, where its figures are defined) and the call's
parameters (an ``Appel`` or any object with the same four attributes) and returns a ``Resultat``.
Decisions compare exact Decimal products (``partie × 100 ≤ taux × total``: ``chiffres.Part``), never
rounded rates: 20 % passes, 19,99 % fails, one cent over a ceiling fails; and the rate shown is never
rounded onto the limit it fails (``core.format.taux_limite``: « 19,99 % », « 15,01 % »).
"""

from budget.chiffres import PART_COFINANCEMENT, PART_ETAT, PART_FRAIS, ZERO, Budget, Part
from budget.financeurs import marque_etat
from budget.natures import (
    NATURES_NON_ELIGIBLES,
    STATUTS_RETENUS,
    TYPES_COFINANCEMENT,
    ModaliteFinancement,
    NatureDepense,
    OuiNon,
    StatutFinancement,
    TypeFinancement,
)
from core.format import en_euros, pourcentage
from core.resultats import Resultat, Statut


def _a_completer(regle, message, source, champ):
    return Resultat(regle, Statut.A_COMPLETER, message, source, champ)


def _verdict(regle, problemes, constat, source, champ):
    """Non respecté with every problem found, or respecté with the plain statement of the figures."""
    if problemes:
        return Resultat(regle, Statut.NON_RESPECTE, " ; ".join(problemes) + ".", source, champ)
    return Resultat(regle, Statut.RESPECTE, constat + ".", source, champ)


def _part(libelle, part: Part, partie, cout, appel, verbe="représente"):
    """« Le cofinancement représente 18,5 % du coût global (92 500 € sur 500 000 €) », the rate shown
    against the call's limit (``Part.taux``)."""
    return (
        f"{libelle} {verbe} {pourcentage(part.taux(partie, cout, appel))} du coût global "
        f"({en_euros(partie)} sur {en_euros(cout)})"
    )


def _lignes(lignes, libelle) -> str:
    """« « Plan de formation », « ligne 3 » »: the lines named by their objet or financeur, else their rank."""
    return ", ".join(f"« {libelle(ligne) or f'ligne {n}'} »" for n, ligne in lignes)


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
    constat = _part("La subvention de l'État", PART_ETAT, subvention, cout, appel)
    problemes = []
    if subvention > appel.subvention_etat_max:
        problemes.append(
            f"La subvention demandée ({en_euros(subvention)}) dépasse le maximum de "
            f"{en_euros(appel.subvention_etat_max)} par territoire"
        )
    if not PART_ETAT.respectee(subvention, cout, appel):
        problemes.append(f"{constat} ; l'AMI l'accepte jusqu'à {pourcentage(appel.part_etat_max)}")
    return _verdict("R12", problemes, constat, source, champ)


def r13_cofinancement_minimal(budget: Budget, appel) -> Resultat:
    """R13 — cofinancement ≥ 20 % du coût global; CALPAE and any other State credits are not cofinancement,
    whatever type the line was given (its financeur is read: ``budget.financeurs``); each cofinancing says
    whether it is granted or formally requested, and whether it comes in cash or in kind.

    Source : AMI, III.A.2 « L'autofinancement devra représenter au minimum 20% du plan de
    financement » ; FAQ « Comment est calculé le cofinancement de 20% attendu du porteur de projet ? » :
    « toute subvention publique (hors subvention de l'Etat) », « déjà attribuée ou pour laquelle une
    demande formelle a déjà été déposée », « Les crédits octroyés par l'Etat dans le cadre des
    conventions d'appui à la lutte contre la pauvreté et d'accès à l'emploi (CALPAE) ou d'autres
    dispositifs […] ne doivent donc pas figurer dans les cases “cofinancement” du plan de financement ».
    """
    source, champ = "AMI, II.A et III.A.2 ; FAQ", "financements"
    cout, cofinancement = budget.cout_global, budget.cofinancement
    if cout <= 0:
        return _a_completer("R13", "Ajoutez les dépenses et le plan de financement.", source, champ)
    constat = _part("Le cofinancement", PART_COFINANCEMENT, cofinancement, cout, appel)
    cofinancements = [(n, f) for n, f in enumerate(budget.financements, 1) if f.type in TYPES_COFINANCEMENT]
    refuses = [f for f in budget.financements if f.type == TypeFinancement.DISPOSITIF_ETAT]
    # Typed as cofinancing, but named after the State: its credits are the State's (FAQ).
    etat = [(n, f, marque_etat(f.financeur, f.type)) for n, f in cofinancements]
    etat = [(n, f, marque) for n, f, marque in etat if marque]
    envisages = [f for _, f in cofinancements if f.statut == StatutFinancement.ENVISAGE]
    problemes = []
    if refuses:
        montant = sum((f.montant for f in refuses), ZERO)
        problemes.append(
            "Les crédits de l'État autres que la subvention de l'AMI (CALPAE…) ne sont pas acceptés comme "
            f"cofinancement ({en_euros(montant)} à retirer du plan de financement)"
        )
    for _, f, marque in etat:
        problemes.append(
            f"Le financement « {f.financeur} » ({en_euros(f.montant)}) vient de l'État (« {marque} ») : "
            "ces crédits « ne doivent donc pas figurer dans les cases “cofinancement” » (FAQ) ; choisissez "
            f"« {TypeFinancement.DISPOSITIF_ETAT.label} », ou, s'ils ne viennent pas de l'État, nommez "
            "le financeur qui les verse"
        )
    if envisages:
        problemes.append(
            f"{en_euros(sum((f.montant for f in envisages), ZERO))} de cofinancement ni attribué ni demandé "
            "ne compte pas : la FAQ retient « toute subvention (ou part de subvention) déjà attribuée ou "
            "pour laquelle une demande formelle a déjà été déposée »"
        )
    if not PART_COFINANCEMENT.respectee(cofinancement, cout, appel):
        problemes.append(f"{constat} ; l'AMI demande au moins {pourcentage(appel.cofinancement_min)}")
    if problemes:
        return _verdict("R13", problemes, constat, source, champ)
    sans_statut = [(n, f) for n, f in cofinancements if f.statut not in STATUTS_RETENUS]
    sans_modalite = [(n, f) for n, f in cofinancements if f.modalite not in ModaliteFinancement.values]
    manques = []
    if sans_statut:
        manques.append(f"s'il est acquis ou demandé ({_lignes(sans_statut, lambda f: f.financeur)})")
    if sans_modalite:
        manques.append(
            f"s'il est apporté en numéraire ou en nature ({_lignes(sans_modalite, lambda f: f.financeur)})"
        )
    if manques:
        return _a_completer(
            "R13",
            "Dites pour chaque cofinancement " + " et ".join(manques) + " (FAQ : « déjà attribuée ou pour "
            "laquelle une demande formelle a déjà été déposée »).",
            source,
            champ,
        )
    en_nature = sum((f.montant for _, f in cofinancements if f.modalite == ModaliteFinancement.NATURE), ZERO)
    if en_nature:
        constat += f", dont {en_euros(en_nature)} en nature"
    return _verdict("R13", problemes, constat, source, champ)


def r14_frais_generaux_plafonnes(budget: Budget, appel) -> Resultat:
    """R14 — frais généraux et frais de mission ≤ 15 % du montant total du projet: the lines of those
    natures, the same as are marked « O » in the état des dépenses (``chiffres.FRAIS_GENERAUX``).

    Source : AMI, III.A.1 « Les dépenses liées aux frais généraux (fournitures, reprographie, locations
    de salles, équipement…) ou aux frais de mission (déplacements, hébergement, restauration du
    personnel) […] dans la limite de 15% du montant total du projet ».
    """
    source, champ = "AMI, III.A.1", "depenses"
    cout, frais = budget.cout_global, budget.frais_generaux
    if cout <= 0:
        return _a_completer("R14", "Ajoutez les lignes de dépenses.", source, champ)
    constat = _part("Les frais généraux et frais de mission", PART_FRAIS, frais, cout, appel, "représentent")
    problemes = []
    if not PART_FRAIS.respectee(frais, cout, appel):
        problemes.append(f"{constat} ; l'AMI les limite à {pourcentage(appel.frais_generaux_max)}")
    return _verdict("R14", problemes, constat, source, champ)


def r15_depenses_eligibles(budget: Budget, appel=None) -> Resultat:
    """R15 — no ineligible expense: direct service offer, information system, already funded by another
    State scheme. Each line has a nature and says whether another State scheme funds it.

    Source : AMI, III.A.1 « les dépenses liées à la mise en œuvre de l'offre de services directe aux
    usagers ne sont pas éligibles », « Les dépenses en système d'information ne seront pas non plus
    éligibles », « Les dépenses financées grâce au soutien de l'Etat au titre d'autres dispositifs
    (CALPAE, par exemple) ne constituent pas des dépenses éligibles » ; FAQ « Les crédits du SPIE
    financent-ils uniquement des dépenses d'ingénierie ? ».
    """
    source, champ = "AMI, III.A.1 ; FAQ", "depenses"
    if not budget.depenses:
        return _a_completer("R15", "Ajoutez les lignes de dépenses.", source, champ)
    lignes = list(enumerate(budget.depenses, 1))
    refusees = [
        (n, d) for n, d in lignes if d.nature in NATURES_NON_ELIGIBLES or d.deja_financee_etat == OuiNon.OUI
    ]
    if refusees:
        motifs = {
            NatureDepense(d.nature).label.removesuffix(" (non éligible)")
            for _, d in refusees
            if d.nature in NATURES_NON_ELIGIBLES and d.nature != NatureDepense.DEJA_FINANCE_ETAT
        }
        if any(
            d.deja_financee_etat == OuiNon.OUI or d.nature == NatureDepense.DEJA_FINANCE_ETAT
            for _, d in refusees
        ):
            motifs.add("dépense déjà financée par un autre dispositif de l'État (CALPAE…)")
        montant = sum((d.montant for _, d in refusees), ZERO)
        return Resultat(
            "R15",
            Statut.NON_RESPECTE,
            f"{len(refusees)} ligne(s) de dépense non éligible(s), pour {en_euros(montant)} "
            f"({_lignes(refusees, lambda d: d.objet)}) : " + " ; ".join(sorted(motifs)) + ".",
            source,
            champ,
        )
    sans_nature = [(n, d) for n, d in lignes if not d.nature]
    sans_reponse = [(n, d) for n, d in lignes if d.deja_financee_etat not in OuiNon.values]
    manques = []
    if sans_nature:
        manques.append(f"la nature de la dépense ({_lignes(sans_nature, lambda d: d.objet)})")
    if sans_reponse:
        manques.append(
            "si elle est déjà financée par un autre dispositif de l'État "
            f"({_lignes(sans_reponse, lambda d: d.objet)})"
        )
    if manques:
        return _a_completer(
            "R15",
            "Indiquez pour chaque ligne de dépense " + " et ".join(manques) + " : seules les dépenses de "
            "nature éligible, que l'État ne finance pas déjà par un autre dispositif, sont éligibles.",
            source,
            champ,
        )
    return Resultat(
        "R15",
        Statut.RESPECTE,
        "Toutes les dépenses sont de nature éligible et aucune n'est déjà financée par un autre dispositif "
        "de l'État.",
        source,
        champ,
    )


REGLES_BUDGET = [
    r11_budget_equilibre,
    r12_part_etat_maximale,
    r13_cofinancement_minimal,
    r14_frais_generaux_plafonnes,
    r15_depenses_eligibles,
]
