"""The ranking of the recevable dossiers by weighted score, with the avis beside each, and the
selection's total subvention against the envelope (« 35 territoires lauréats », at most 500 000 € each:
``Appel.nombre_laureats`` × ``Appel.subvention_etat_max``, both configurable).

Blind scoring (``instruction.visibilite_notes``): a position in a ranking by average says something of
that average (« between 14,20 and 12,75 »). So an instructeur's ranking holds only the dossiers whose
scores he may see, those he scored himself; the others come after it, unranked, in a group « À noter
par vous » in the order of their dépôt, their average shown as masked. An administrateur ranks them
all (the dossiers nobody scored last, « non noté »).

Computed by the database over the whole selection, shown a page at a time (``PAR_PAGE``): the order,
each row's rank and the running total of the retained dossiers' subvention (« cumul de la sélection »)
are window functions of one query (``Lignes``), so a page reads its 50 rows and nothing of the others;
the totals are one aggregate. A page costs the same few queries at 10 or 10 000 dossiers."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from candidatures import cycle
from candidatures.models import Dossier, Etat
from candidatures.requetes import derniere_parmi
from instruction import requetes, visibilite_notes

ETATS_CLASSES = (Etat.RECEVABLE, Etat.PROPOSE, Etat.LAUREAT, Etat.NON_RETENU)
PAR_PAGE = 50
ZERO = Decimal("0")
CENTIME = Decimal("0.01")
MONTANT = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class Rang:
    dossier: Dossier
    rang: int | None  # None: not ranked for this user (his scores not given yet: « À noter par vous »)
    proposition: str  # laureat / non_retenu / ""
    retenu: bool  # lauréat, or proposed lauréat
    cumul: Decimal  # subvention of the retained dossiers up to this one, in the whole selection

    @property
    def masque(self) -> bool:
        return self.rang is None


@dataclass
class Synthese:
    """The whole selection's figures, whatever the page."""

    total: Decimal  # subvention demandée by the retained dossiers
    nombre: int  # retained dossiers (lauréats, proposed lauréats)
    classes: int  # ranked for this user
    a_noter: int  # « À noter par vous »
    enveloppe: Decimal

    @property
    def dossiers(self) -> int:
        return self.classes + self.a_noter


def _proposition():
    """The proposal of a proposé dossier (its last PROPOSER transition), "" for the other états."""
    derniere = derniere_parmi({cycle.Action.PROPOSER}, KT("donnees__proposition"), CharField())
    return Case(
        When(etat=Etat.PROPOSE, then=Coalesce(derniere, Value(""))),
        default=Value(""),
        output_field=CharField(),
    )


def _selection(user, appel):
    """The dossiers of the Classement, with whether ``user`` sees their scores and whether they are
    retained: a queryset, nothing read yet."""
    return (
        requetes.dossiers()
        .for_user(user)
        .filter(appel=appel, etat__in=ETATS_CLASSES)
        .annotate(notes_visibles=visibilite_notes.condition(user), proposition=_proposition())
        .annotate(
            retenu=Case(
                When(Q(etat=Etat.LAUREAT) | Q(etat=Etat.PROPOSE, proposition="laureat"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


# What a row reads of the dossier and its porteur: not the dossier's long texts.
LUS = ("numero", "etat", "depose_le", "subvention_demandee", "organisation__nom")
# The Classement's order, over the columns of ``Lignes``'s selection: the ranked ones first, by average
# (without a score last: PostgreSQL sorts NULL first in a descending order), then the masked ones,
# whose average is NULL, in the order of their dépôt.
ORDRE = "s.notes_visibles DESC, s.moyenne DESC NULLS LAST, s.depot ASC, s.ident ASC"


class Lignes:
    """The Classement's rows in order, sliceable as a queryset is (for the paginator). A slice is one
    query over the whole selection — the rule and the retained state of each dossier computed once a
    row, then the order, each row's rank among the ranked ones and the running total of the retained
    subvention as window functions, LIMIT / OFFSET — and one for the slice's dossiers (porteur,
    average, evaluations, avis): nothing of the other rows reaches Python."""

    def __init__(self, user, appel):
        self.user, self.appel = user, appel

    def _fenetre(self, debut: int, fin: int | None) -> list[tuple[int, int, Decimal]]:
        selection = (
            _selection(self.user, self.appel)
            .with_note_moyenne(self.user)
            .order_by()
            .values(
                "notes_visibles",
                "retenu",
                "moyenne",
                ident=F("pk"),
                depot=F("depose_le"),
                montant=F("subvention_demandee"),
            )
        )
        sql, params = selection.query.sql_with_params()
        # Only constants and Django's compiled query around its own parameters: no value in the text.
        requete = (
            "SELECT s.ident, SUM(CASE WHEN s.notes_visibles THEN 1 ELSE 0 END) OVER fenetre, "  # noqa: S608
            "SUM(CASE WHEN s.retenu THEN s.montant ELSE 0 END) OVER fenetre "
            f"FROM ({sql}) s "
            f"WINDOW fenetre AS (ORDER BY {ORDRE} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) "
            f"ORDER BY {ORDRE}"
        )
        params = list(params)
        if fin is not None:
            requete += " LIMIT %s OFFSET %s"
            params += [fin - debut, debut]
        with connection.cursor() as curseur:
            curseur.execute(requete, params)
            # SQLite sums decimals as floats: to the cent, as the column.
            return [
                (pk, rang, Decimal(str(cumul)).quantize(CENTIME)) for pk, rang, cumul in curseur.fetchall()
            ]

    def __getitem__(self, tranche: slice) -> list[Dossier]:
        lignes = self._fenetre(tranche.start or 0, tranche.stop)
        dossiers = {
            d.pk: d
            for d in _selection(self.user, self.appel)
            .filter(pk__in=[pk for pk, _, _ in lignes])
            .select_related("organisation")
            .only(*LUS)
            .with_note_moyenne(self.user)
            .with_avis(par_sens=True)
        }
        resultat = []
        for pk, rang, cumul in lignes:
            dossier = dossiers[pk]
            dossier.rang_vu, dossier.cumul = rang, cumul
            resultat.append(dossier)
        return resultat

    def __iter__(self):
        return iter(self[0:None])


def lignes(user, appel) -> Lignes:
    return Lignes(user, appel)


def synthese(user, appel) -> Synthese:
    """One aggregate over the whole selection."""
    chiffres = _selection(user, appel).aggregate(
        total=Coalesce(Sum("subvention_demandee", filter=Q(retenu=True)), Value(ZERO), output_field=MONTANT),
        nombre=Count("pk", filter=Q(retenu=True)),
        classes=Count("pk", filter=Q(notes_visibles=True)),
        dossiers=Count("pk"),
    )
    return Synthese(
        total=chiffres["total"],
        nombre=chiffres["nombre"],
        classes=chiffres["classes"],
        a_noter=chiffres["dossiers"] - chiffres["classes"],
        enveloppe=appel.enveloppe,
    )


def rangs(dossiers) -> list[Rang]:
    """Rows of ``Lignes`` (a slice of it) as ``Rang``."""
    return [
        Rang(
            dossier,
            dossier.rang_vu if dossier.notes_visibles else None,
            dossier.proposition or "",
            dossier.retenu,
            dossier.cumul,
        )
        for dossier in dossiers
    ]


def page_du_classement(user, appel, numero: int):
    """(page of ``Rang``, ``Synthese``): the page ``numero`` (the last one beyond it)."""
    chiffres = synthese(user, appel)
    paginator = Paginator(lignes(user, appel), PAR_PAGE)
    paginator.count = chiffres.dossiers  # known from the aggregate: no COUNT of the windowed query
    page = paginator.get_page(numero)
    page.object_list = rangs(page.object_list)
    return page, chiffres


def classement(user, appel):
    """(rangs, total retenu, nombre retenu, enveloppe) of the whole selection, unpaginated — for the
    demo's checks and the tests; the page reads ``page_du_classement``."""
    chiffres = synthese(user, appel)
    return rangs(lignes(user, appel)), chiffres.total, chiffres.nombre, chiffres.enveloppe
