"""The figures of a budget — coût global, subvention de l'État, cofinancement, frais généraux, total
of the financements, and their shares of the coût global — declared once, here, and computed two ways
from that one declaration:

- in Python, on one dossier's lines (``Budget``): what the rules R11 to R15, the budget page's totals
  (``budget.totaux``), the PDF and the API's detail read;
- in SQL, over a queryset of dossiers (``annotations``, behind ``Dossier.objects.with_budget()``):
  what the lists and the exports read, without loading a line.

A figure (``Figure``) is the sum of the ``montant`` of some lines of the dossier: of its expense lines
or of its financing lines, all of them or those whose fields hold given values (« frais généraux »:
the lines flagged « frais généraux O/N », or of a nature of ``natures.NATURES_FRAIS_GENERAUX``).
Change a figure's ``conditions`` below and both computations change with it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from budget.models import LigneDepense, LigneFinancement
from budget.natures import NATURES_FRAIS_GENERAUX, TYPES_COFINANCEMENT, TypeFinancement
from core.format import taux

ZERO = Decimal("0")
MONTANT = DecimalField(max_digits=14, decimal_places=2)
DEPENSES, FINANCEMENTS = "depenses", "financements"  # the dossier's related names of its lines


@dataclass(frozen=True)
class Figure:
    """The sum of ``montant`` over the dossier's ``lignes`` (``DEPENSES`` or ``FINANCEMENTS``) that
    meet one of ``conditions`` (field → its accepted values; none: every line)."""

    nom: str
    lignes: str
    conditions: tuple[tuple[str, frozenset], ...] = ()

    def retient(self, ligne) -> bool:
        """Whether the line (a ``Depense``, a ``Financement``, a model row) counts in the figure."""
        return not self.conditions or any(getattr(ligne, c) in valeurs for c, valeurs in self.conditions)

    def somme(self, lignes) -> Decimal:
        """The figure in Python, over loaded lines (their ``montant`` a Decimal, never None)."""
        return sum((ligne.montant for ligne in lignes if self.retient(ligne)), ZERO)

    def filtre(self) -> Q | None:
        """The same lines in SQL: the ``conditions`` as a Q (None: every line)."""
        q = Q()
        for champ, valeurs in self.conditions:
            q |= Q(**{f"{champ}__in": sorted(valeurs)})
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


def somme(nom: str, lignes: str, **conditions) -> Figure:
    """``Figure(nom, lignes, ...)``, its conditions written ``champ=valeurs``."""
    return Figure(nom, lignes, tuple((champ, frozenset(valeurs)) for champ, valeurs in conditions.items()))


COUT_GLOBAL = somme("cout_global", DEPENSES)
# « Frais généraux et frais de mission » (R14, AMI III.A.1): flagged « O », or of such a nature.
FRAIS_GENERAUX = somme("frais_generaux", DEPENSES, frais_generaux={True}, nature=NATURES_FRAIS_GENERAUX)
TOTAL_FINANCEMENTS = somme("total_financements", FINANCEMENTS)
SUBVENTION_ETAT = somme("subvention_etat", FINANCEMENTS, type={TypeFinancement.SUBVENTION_ETAT})
# Autofinancement + other public or private subsidies + members' contributions (FAQ); not the State's.
COFINANCEMENT = somme("cofinancement", FINANCEMENTS, type=TYPES_COFINANCEMENT)
FIGURES = (COUT_GLOBAL, SUBVENTION_ETAT, COFINANCEMENT, FRAIS_GENERAUX, TOTAL_FINANCEMENTS)


def part(montant: Decimal, cout: Decimal) -> Decimal | None:
    """``montant``'s share of the coût global in % (to the cent); None while the coût global is not
    positive. For messages and columns only: the rules compare exact products."""
    return taux(montant, cout) if cout > 0 else None


@dataclass(frozen=True)
class Montants:
    """A dossier's figures and their shares of the coût global, however they were computed."""

    cout_global: Decimal = ZERO
    subvention_etat: Decimal = ZERO
    cofinancement: Decimal = ZERO
    frais_generaux: Decimal = ZERO
    total_financements: Decimal = ZERO

    @property
    def taux_etat(self) -> Decimal | None:
        return part(self.subvention_etat, self.cout_global)

    @property
    def taux_cofinancement(self) -> Decimal | None:
        return part(self.cofinancement, self.cout_global)

    @property
    def taux_frais(self) -> Decimal | None:
        return part(self.frais_generaux, self.cout_global)


def annotations(prefixe: str = "budget_") -> dict:
    """Each figure of ``FIGURES`` as an SQL expression over a queryset of dossiers, named
    ``<prefixe><figure>`` (a prefix: the dossier has frozen columns ``cout_global``…)."""
    return {f"{prefixe}{figure.nom}": figure.sous_requete() for figure in FIGURES}


def montants_annotes(ligne: dict, prefixe: str = "budget_") -> Montants | None:
    """``Montants`` from a row annotated by ``annotations`` (``values()``); None for a dossier without
    any budget line."""
    valeurs = {figure.nom: ligne[f"{prefixe}{figure.nom}"] for figure in FIGURES}
    if all(valeur is None for valeur in valeurs.values()):
        return None
    return Montants(**{nom: valeur or ZERO for nom, valeur in valeurs.items()})


@dataclass(frozen=True)
class Depense:
    """An expense line as the rules read it: plain values (not the model ``budget.models.LigneDepense``)."""

    groupe: str
    nature: str
    montant: Decimal
    frais_generaux: bool = False  # « frais généraux O/N » of the état des dépenses
    objet: str = ""


@dataclass(frozen=True)
class Financement:
    """A financing line as the rules read it (not the model ``budget.models.LigneFinancement``)."""

    type: str
    montant: Decimal
    financeur: str = ""


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
                Depense(d.groupe, d.nature, d.montant or ZERO, d.frais_generaux, d.objet) for d in depenses
            ),
            tuple(Financement(f.type, f.montant or ZERO, f.financeur) for f in financements),
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

    def montants(self) -> Montants:
        return Montants(**{figure.nom: self.montant_de(figure) for figure in FIGURES})
