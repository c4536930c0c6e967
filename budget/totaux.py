"""Totals of the budget as annexe 7 §4 and the FAQ's état des dépenses show them, computed by the server
from the figures of ``budget.chiffres`` (the same ones the rules, the lists and the exports read)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ami import libelles as L
from budget.chiffres import COUT_GLOBAL, FRAIS_GENERAUX, ZERO, Budget
from budget.models import LigneDepense
from budget.natures import GroupeDepense
from core.format import en_euros, pourcentage


def _comme_l_annexe(texte: str) -> str:
    """« 80% », « 500 000€ »: annexe 7 writes no space before the unit."""
    return texte.replace("\u00a0%", "%").replace("\u00a0€", "€")


def libelles_totaux(appel) -> dict:
    """The totals' labels, annexe 7 §4 word for word, with the call's figures (``Appel``), never 2021's."""
    part = pourcentage_annexe(appel.part_etat_max)
    plafond = _comme_l_annexe(en_euros(appel.subvention_etat_max))
    plafond_frais = pourcentage(appel.frais_generaux_max).replace("\u00a0", " ")
    return {
        "subvention_etat": f"Montant subvention Etat demandée au titre de l'AMI ({part} maximum et {plafond} "
        "maximum)",
        "cofinancement": "Montant du cofinancement du candidat (et éventuellement le cofinancement des "
        f"partenaires) et taux (cofinancement de {pourcentage_annexe(appel.cofinancement_min)} minimum)",
        # Not a line of annexe 7 §4: the portal's own label, as it was (« 15 % maximum »).
        "frais_generaux": f"Frais généraux et frais de mission ({plafond_frais} maximum)",
    }


def pourcentage_annexe(valeur) -> str:
    """« 80% », « 17,5% »: a rate of the call as annexe 7 and the FAQ's model write it."""
    return f"{format(valeur.normalize(), 'f').replace('.', ',')}%"


def totaux(budget: Budget, appel) -> dict:
    """The groups' totals, the rates shown against ``appel``'s limits (``chiffres.Part``), the labels."""
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
    montants = budget.montants(appel)
    return {
        "groupes": groupes,
        "taux_etat": montants.taux_etat,
        "taux_cofinancement": montants.taux_cofinancement,
        "taux_frais": montants.taux_frais,
        "libelles": libelles_totaux(appel),
    }


# The FAQ's « modèle d'état des dépenses »: its groups (``GroupeDepense``, in its order), the « Action n° »
# sub-groups of each axe (none in « Dépenses transversales »), the columns in its order, its figures. The
# budget page, the PDF and the exports (``exports.etat_depenses``) all read it from here; the figures are
# those of ``totaux`` (``budget.chiffres``).
GROUPES_SANS_ACTION = frozenset({GroupeDepense.TRANSVERSAL})
# The columns of the model, in its order (``LigneDepense`` fields; their labels: ``colonnes_etat``).
COLONNES_ETAT = (
    "nature",
    "frais_generaux",
    "unite",
    "nombre_unites",
    "cout_unitaire",
    "date_periode",
    "objet",
    "montant",
)


def taux_modele(appel) -> str:
    """« 15% », as the model writes it (no space), from ``Appel.frais_generaux_max``."""
    return pourcentage_annexe(appel.frais_generaux_max)


def libelle_frais_generaux(appel) -> str:
    """« Frais généraux éligibles dans la limite de 15% du total? O/N », the call's rate in it."""
    return L.ETAT_DEPENSES_FRAIS_GENERAUX.format(taux=taux_modele(appel))


def libelle_dont_frais_generaux(appel) -> str:
    """« dont dépenses en frais généraux éligibles dans la limite de 15% du total »."""
    return L.ETAT_DEPENSES_DONT_FRAIS_GENERAUX.format(taux=taux_modele(appel))


def colonnes_etat(appel) -> list[tuple[str, str]]:
    """(field, the model's label) of the état des dépenses' columns, in its order."""
    libelles = {nom: str(LigneDepense._meta.get_field(nom).verbose_name) for nom in COLONNES_ETAT}
    libelles["frais_generaux"] = libelle_frais_generaux(appel)
    return list(libelles.items())


def titre_action(numero) -> str:
    """« Action n°: 2 »; « Action n°: --- » for lines whose action is not numbered (the model's blank)."""
    return L.ETAT_DEPENSES_ACTION.format(numero=L.ETAT_DEPENSES_SANS_NUMERO if numero is None else numero)


def frais_generaux_o_n(ligne) -> str:
    """« O » when the line counts in the frais généraux (``chiffres.FRAIS_GENERAUX``: what R14 counts),
    « N » otherwise."""
    return "O" if FRAIS_GENERAUX.retient(ligne) else "N"


@dataclass
class SousGroupe:
    """An « Action n° » sub-group of an axe (``titre`` empty in a group without actions)."""

    numero: int | None
    titre: str
    elements: list = field(default_factory=list)


@dataclass
class GroupeEtat:
    valeur: str
    libelle: str
    actions: list[SousGroupe]
    total: Decimal = ZERO
    frais_generaux: Decimal = ZERO

    @property
    def nombre(self) -> int:
        return sum(len(action.elements) for action in self.actions)


def par_action(groupe: str, elements, ligne: Callable = lambda e: e) -> list[SousGroupe]:
    """The ``elements`` (lines, or what ``ligne`` maps to a line) of one group in « Action n° »
    sub-groups: numbered actions in ascending order, then the lines without a number; the given order
    (the lines' ids) within each. One sub-group without title in a group without actions."""
    elements = list(elements)
    if groupe in GROUPES_SANS_ACTION:
        return [SousGroupe(None, "", elements)] if elements else []
    actions: dict = {}
    for element in elements:
        actions.setdefault(ligne(element).numero_action, []).append(element)
    ordre = sorted(actions, key=lambda numero: (numero is None, numero or 0))
    return [SousGroupe(numero, titre_action(numero), actions[numero]) for numero in ordre]


def etat_des_depenses(elements, totaux_budget: dict, ligne: Callable = lambda e: e) -> list[GroupeEtat]:
    """Every group of the model, in its order, with its sub-groups and its figures (``totaux_budget``:
    ``totaux`` of the same lines). A line of a group the model does not know (none is offered, but the
    database does not forbid it) is not dropped: its group comes last, named by its value."""
    figures = {groupe["valeur"]: groupe for groupe in totaux_budget["groupes"]}
    elements = list(elements)
    resultat = []
    inconnus = {ligne(e).groupe for e in elements} - set(GroupeDepense.values)
    for valeur in sorted(inconnus):
        lignes = Budget.des_lignes([ligne(e) for e in elements if ligne(e).groupe == valeur], ()).depenses
        figures[valeur] = {"total": COUT_GLOBAL.somme(lignes), "frais_generaux": FRAIS_GENERAUX.somme(lignes)}
    for valeur, libelle in [*GroupeDepense.choices, *((v, v) for v in sorted(inconnus))]:
        du_groupe = [e for e in elements if ligne(e).groupe == valeur]
        chiffres = figures.get(valeur, {})
        resultat.append(
            GroupeEtat(
                valeur,
                libelle,
                par_action(valeur, du_groupe, ligne),
                chiffres.get("total", ZERO),
                chiffres.get("frais_generaux", ZERO),
            )
        )
    return resultat
