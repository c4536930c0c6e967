"""The figures of a budget — coût global, subvention de l'État, cofinancement, frais généraux, total
of the financements, and their shares of the coût global — declared once, here, and computed two ways
from that one declaration:

- in Python, on one dossier's lines (``Budget``): what the rules R11 to R15, the budget page's totals
  (``budget.totaux``), the PDF and the API's detail read;
- in SQL, over a queryset of dossiers (``annotations``, behind ``Dossier.objects.with_budget()``):
  what the lists and the exports read, without loading a line.

A figure (``Figure``) is the sum of the ``montant`` of some lines of the dossier: of its expense lines
or of its financing lines, all of them or those whose fields hold given values (« frais généraux »:
the lines of a nature of ``natures.NATURES_FRAIS_GENERAUX``, which « frais généraux O/N » follows),
and none whose fields hold the values it excludes (a cofinancing « ni attribué ni demandé »).
Change a figure's ``conditions`` below and both computations change with it.

A share of the coût global (``Part``: the State's, the cofinancing's, the frais généraux') is shown next
to the call's limit on it, rounded never onto a limit it fails (``core.format.taux_limite``): the rules'
messages, the budget page, the PDF, the exports and the API read it from here.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from budget.models import LigneDepense, LigneFinancement
from budget.natures import NATURES_FRAIS_GENERAUX, TYPES_COFINANCEMENT, StatutFinancement, TypeFinancement
from core.format import MAXIMUM, MINIMUM, taux, taux_limite

ZERO = Decimal("0")
MONTANT = DecimalField(max_digits=14, decimal_places=2)
DEPENSES, FINANCEMENTS = "depenses", "financements"  # the dossier's related names of its lines


@dataclass(frozen=True)
class Figure:
    """The sum of ``montant`` over the dossier's ``lignes`` (``DEPENSES`` or ``FINANCEMENTS``) that
    meet one of ``conditions`` (field → its accepted values; none: every line) and none of
    ``exclusions`` (field → the values that leave the line out)."""

    nom: str
    lignes: str
    conditions: tuple[tuple[str, frozenset], ...] = ()
    exclusions: tuple[tuple[str, frozenset], ...] = ()

    def retient(self, ligne) -> bool:
        """Whether the line (a ``Depense``, a ``Financement``, a model row) counts in the figure."""
        if any(getattr(ligne, c) in valeurs for c, valeurs in self.exclusions):
            return False
        return not self.conditions or any(getattr(ligne, c) in valeurs for c, valeurs in self.conditions)

    def somme(self, lignes) -> Decimal:
        """The figure in Python, over loaded lines (their ``montant`` a Decimal, never None)."""
        return sum((ligne.montant for ligne in lignes if self.retient(ligne)), ZERO)

    def filtre(self) -> Q | None:
        """The same lines in SQL: the ``conditions`` as a Q (None: every line)."""
        q = Q()
        for champ, valeurs in self.conditions:
            q |= Q(**{f"{champ}__in": sorted(valeurs)})
        for champ, valeurs in self.exclusions:
            q &= ~Q(**{f"{champ}__in": sorted(valeurs)})
        return q or None

    def sous_requete(self):
        """The figure in SQL for the row's dossier (``OuterRef("pk")``): 0 when none of its lines
        counts, NULL when the dossier has no line of that kind at all (a budget not entered yet)."""
        modele = LigneDepense if self.lignes == DEPENSES else LigneFinancement
        somme = (
            modele.objects.filter(dossier=OuterRef("pk"))
            .order_by()
            .values("dossier")
            .annotate(s=Coalesce(Sum("montant", filter=self.filtre()), Value(ZERO), output_field=MONTANT))
            .values("s")
        )
        return Subquery(somme, output_field=MONTANT)


def somme(nom: str, lignes: str, sauf=None, **conditions) -> Figure:
    """``Figure(nom, lignes, ...)``, its conditions written ``champ=valeurs``, its exclusions ``sauf``
    (a dict ``champ: valeurs``)."""

    def couples(champs):
        return tuple((champ, frozenset(valeurs)) for champ, valeurs in champs.items())

    return Figure(nom, lignes, couples(conditions), couples(sauf or {}))


COUT_GLOBAL = somme("cout_global", DEPENSES)
# « Frais généraux et frais de mission » (R14, AMI III.A.1): by the line's nature, the one source of what
# counts (« frais généraux O/N » is derived from it: ``budget.models.est_frais_generaux``).
FRAIS_GENERAUX = somme("frais_generaux", DEPENSES, nature=NATURES_FRAIS_GENERAUX)
TOTAL_FINANCEMENTS = somme("total_financements", FINANCEMENTS)
SUBVENTION_ETAT = somme("subvention_etat", FINANCEMENTS, type={TypeFinancement.SUBVENTION_ETAT})
# Autofinancement + other public (not the State's) or private subsidies + members' contributions (FAQ),
# « déjà attribuée ou pour laquelle une demande formelle a déjà été déposée »: not one merely envisaged.
COFINANCEMENT = somme(
    "cofinancement", FINANCEMENTS, sauf={"statut": {StatutFinancement.ENVISAGE}}, type=TYPES_COFINANCEMENT
)
FIGURES = (COUT_GLOBAL, SUBVENTION_ETAT, COFINANCEMENT, FRAIS_GENERAUX, TOTAL_FINANCEMENTS)


def part(montant: Decimal, cout: Decimal) -> Decimal | None:
    """A line's share of the coût global in % (to the cent), which no limit bounds; None while the coût
    global is not positive. The shares the call limits: ``Part``."""
    return taux(montant, cout) if cout > 0 else None


@dataclass(frozen=True)
class Part:
    """A share of the coût global and the call's limit on it: ``limite`` names the ``Appel`` field,
    ``sens`` says whether it is a ``MINIMUM`` or a ``MAXIMUM``."""

    nom: str
    figure: Figure
    limite: str
    sens: str

    def respectee(self, montant: Decimal, cout: Decimal, appel) -> bool:
        """The decision, on exact products (``montant × 100 ≤ limite × cout``), never on a rounded rate."""
        gauche, droite = montant * 100, getattr(appel, self.limite) * cout
        return gauche >= droite if self.sens == MINIMUM else gauche <= droite

    def taux(self, montant: Decimal, cout: Decimal, appel) -> Decimal | None:
        """The rate shown (``core.format.taux_limite``); None while the coût global is not positive."""
        if cout <= 0:
            return None
        return taux_limite(montant, cout, getattr(appel, self.limite), self.sens)


PART_ETAT = Part("taux_etat", SUBVENTION_ETAT, "part_etat_max", MAXIMUM)
PART_COFINANCEMENT = Part("taux_cofinancement", COFINANCEMENT, "cofinancement_min", MINIMUM)
PART_FRAIS = Part("taux_frais", FRAIS_GENERAUX, "frais_generaux_max", MAXIMUM)
PARTS = (PART_ETAT, PART_COFINANCEMENT, PART_FRAIS)
LIMITES = tuple(p.limite for p in PARTS)


@dataclass(frozen=True)
class Montants:
    """A dossier's figures and their shares of the coût global, however they were computed; ``appel``:
    the call (or any object with its limits ``LIMITES``), which the rates are shown against."""

    cout_global: Decimal = ZERO
    subvention_etat: Decimal = ZERO
    cofinancement: Decimal = ZERO
    frais_generaux: Decimal = ZERO
    total_financements: Decimal = ZERO
    appel: object = field(default=None, compare=False, repr=False)

    def _taux(self, p: Part) -> Decimal | None:
        return p.taux(getattr(self, p.figure.nom), self.cout_global, self.appel)

    @property
    def taux_etat(self) -> Decimal | None:
        return self._taux(PART_ETAT)

    @property
    def taux_cofinancement(self) -> Decimal | None:
        return self._taux(PART_COFINANCEMENT)

    @property
    def taux_frais(self) -> Decimal | None:
        return self._taux(PART_FRAIS)


def annotations(prefixe: str = "budget_") -> dict:
    """Each figure of ``FIGURES`` as an SQL expression over a queryset of dossiers, named
    ``<prefixe><figure>`` (a prefix: the dossier has frozen columns ``cout_global``…), and the call's
    limits the rates are shown against (``<prefixe>limite_<champ>``, a join on the appel)."""
    chiffres = {f"{prefixe}{figure.nom}": figure.sous_requete() for figure in FIGURES}
    return chiffres | {f"{prefixe}limite_{limite}": F(f"appel__{limite}") for limite in LIMITES}


def montants_annotes(ligne: dict, prefixe: str = "budget_") -> Montants | None:
    """``Montants`` from a row annotated by ``annotations`` (``values()``); None for a dossier without
    any budget line."""
    valeurs = {figure.nom: ligne[f"{prefixe}{figure.nom}"] for figure in FIGURES}
    if all(valeur is None for valeur in valeurs.values()):
        return None
    appel = SimpleNamespace(**{limite: ligne[f"{prefixe}limite_{limite}"] for limite in LIMITES})
    return Montants(**{nom: valeur or ZERO for nom, valeur in valeurs.items()}, appel=appel)


@dataclass(frozen=True)
class Depense:
    """An expense line as the rules read it: plain values (not the model ``budget.models.LigneDepense``)."""

    groupe: str
    nature: str
    montant: Decimal
    objet: str = ""
    deja_financee_etat: str = ""  # « oui », « non », or not answered (« »)
    numero_action: int | None = None

    @property
    def frais_generaux(self) -> bool:
        """« Frais généraux O/N » of the état des dépenses: from the nature (``FRAIS_GENERAUX``)."""
        return FRAIS_GENERAUX.retient(self)


@dataclass(frozen=True)
class Financement:
    """A financing line as the rules read it (not the model ``budget.models.LigneFinancement``)."""

    type: str
    montant: Decimal
    financeur: str = ""
    statut: str = ""  # ``StatutFinancement``: acquis, demandé, envisagé, or not answered
    modalite: str = ""  # ``ModaliteFinancement``: numéraire, nature, or not answered


def _propriete(figure: Figure) -> property:
    """``Budget.<figure>``: the figure over the budget's lines."""
    return property(
        lambda budget: budget.montant_de(figure), doc=f"{figure.nom}: see ``{figure.nom.upper()}``."
    )


@dataclass(frozen=True)
class Budget:
    """One dossier's lines, loaded: its figures are computed from ``FIGURES``' declarations."""

    depenses: tuple[Depense, ...] = field(default_factory=tuple)
    financements: tuple[Financement, ...] = field(default_factory=tuple)

    @classmethod
    def des_lignes(cls, depenses, financements) -> "Budget":
        """From the model rows (``LigneDepense``, ``LigneFinancement``): an empty amount counts 0."""
        return cls(
            tuple(
                Depense(d.groupe, d.nature, d.montant or ZERO, d.objet, d.deja_financee_etat, d.numero_action)
                for d in depenses
            ),
            tuple(
                Financement(f.type, f.montant or ZERO, f.financeur, f.statut, f.modalite)
                for f in financements
            ),
        )

    def _lignes(self, figure: Figure):
        return self.depenses if figure.lignes == DEPENSES else self.financements

    def montant_de(self, figure: Figure) -> Decimal:
        return figure.somme(self._lignes(figure))

    cout_global = _propriete(COUT_GLOBAL)
    total_financements = _propriete(TOTAL_FINANCEMENTS)
    subvention_etat = _propriete(SUBVENTION_ETAT)
    cofinancement = _propriete(COFINANCEMENT)
    frais_generaux = _propriete(FRAIS_GENERAUX)

    def montants(self, appel) -> Montants:
        """The figures, and their rates shown against ``appel``'s limits."""
        return Montants(**{figure.nom: self.montant_de(figure) for figure in FIGURES}, appel=appel)
