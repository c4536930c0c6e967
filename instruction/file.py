"""The instruction queue (« file d'instruction »): the deposited dossiers a user may read, filtered,
sorted and paginated.

Shared by « Dossiers à instruire » (instructeurs, administrateurs) and « Dossiers de mon territoire »
(agents): both start from ``Dossier.objects.for_user``, the only scoping of the portal. A page costs
the same number of queries whatever the number of dossiers: one COUNT (filters only: no join it does
not need, no ORDER BY), the page's rows (porteur joined), their départements with their région (one
prefetch), their avis and scores (one query on the page's ids).
"""

from django.db import models
from django.db.models import Case, F, Prefetch, Value, When
from django.db.models.functions import Coalesce

from candidatures.models import Etat
from candidatures.politique import politique
from comptes.models import TypeOrganisation
from core import tableaux
from instruction import requetes, visibilite_notes
from instruction.avis import echeance_du_service
from instruction.filtres import service_du_filtre
from messagerie.requetes import non_lus
from territoires.models import Departement

PAR_PAGE = 50
TRI_PAR_DEFAUT = "depot"


def _rang(champ: str, valeurs: list[str]):
    """An ORDER BY on the position of ``champ``'s value in ``valeurs`` (lifecycle, alphabetical label)."""
    return Case(
        *[When(**{champ: valeur}, then=Value(i)) for i, valeur in enumerate(valeurs)],
        default=Value(len(valeurs)),
        output_field=models.IntegerField(),
    )


# Sort keys of the ``tri`` parameter (``-`` before a key: descending); the id breaks ties, so that the
# pages never repeat nor skip a dossier. A missing value (an amount of a dossier deposited before the
# amounts were frozen) counts as the largest: last in ascending order, first in descending order.
TRIS = {
    "numero": lambda: [F("numero")],
    "porteur": lambda: [F("organisation__nom")],
    "type": lambda: [
        _rang("organisation__type", [v for v, _ in sorted(TypeOrganisation.choices, key=lambda c: c[1])])
    ],
    # The first of its départements' codes, of their régions' names: stored and indexed with the id
    # (``candidatures.tri``, kept when its départements change), 50 rows read of an index at any N.
    "departement": lambda: [F("tri_departement")],
    "region": lambda: [F("tri_region")],
    "etat": lambda: [_rang("etat", list(Etat.values))],
    "depot": lambda: [F("depose_le")],
    "cout": lambda: [F("cout_global")],
    "subvention": lambda: [F("subvention_demandee")],
    "recevabilite": lambda: [F("nb_bloquantes"), F("nb_avertissements")],
    # The average where the user may see it (``visibilite_notes``, aliased by ``ordonner``): a dossier
    # whose scores are hidden from him sorts as one without a score, its position reveals nothing.
    "note": lambda: [F("note_visible")],
    "avis": lambda: [requetes.avis_recus()],
}
TRIS_NATIONAUX = {"note"}  # an agent never sorts on the national scores
TRIS_SANS_VALEUR_A_LA_FIN = {"note"}
# A territory's dossiers share their keys of territory (a DREETS's: its région, its 5 départements): for
# the 50 first of them, the national index (key, id) would be read over the keys of every other
# territory (23 000 of 50 000 rows for « Hauts-de-France », descending). An agent's queue sorts them on
# the same values through an expression no index serves: its few thousand dossiers found through the
# link table, then the 50 first (a top-N sort), whatever the national number.
TRIS_DU_TERRITOIRE = {"departement", "region"}


def lire_tri(valeur: str | None, nationale: bool = True) -> tuple[str, bool]:
    """(key, descending) of the ``tri`` parameter; the default sort when it is not one of TRIS."""
    cles = TRIS.keys() if nationale else TRIS.keys() - TRIS_NATIONAUX
    return tableaux.lire_tri(valeur, cles, TRI_PAR_DEFAUT)


def ordonner(dossiers, cle: str, descendant: bool, user=None):
    """``dossiers`` sorted on ``cle`` (for ``user``: the scores he may see), then on the id in the same
    direction. NULLs as PostgreSQL puts them by default (SQLite the other way round: said explicitly),
    so that one index (``cle``, id) serves both directions (not an agent's: ``TRIS_DU_TERRITOIRE``). An
    aggregate is sorted on through an alias (GROUP BY the dossier)."""
    if cle == "note":
        dossiers = dossiers.alias(note_visible=visibilite_notes.note_moyenne(user))
    territorial = cle in TRIS_DU_TERRITOIRE and user is not None and politique(user).territorial
    expressions = []
    for i, expression in enumerate(TRIS[cle]()):
        if territorial:  # the same value, not the index's column
            expression = Coalesce(expression, expression)
        if getattr(expression, "contains_aggregate", False):
            dossiers = dossiers.alias(**{f"tri_{i}": expression})
            expression = F(f"tri_{i}")
        if cle in TRIS_SANS_VALEUR_A_LA_FIN:  # a dossier without a score is last, whichever the order
            expressions.append(
                expression.desc(nulls_last=True) if descendant else expression.asc(nulls_last=True)
            )
        else:
            expressions.append(
                expression.desc(nulls_first=True) if descendant else expression.asc(nulls_last=True)
            )
    return dossiers.order_by(*expressions, F("pk").desc() if descendant else F("pk").asc())


# The table's columns: header's classes, then (sort key, label) of each line of the header: the porteur
# and its type, the départements and their régions share a column (a table that fits 1 200 pixels).
COLONNES = (
    ("", (("numero", "Numéro"),)),
    ("fr-cell--multiline", (("porteur", "Porteur"), ("type", "Type"))),
    ("fr-cell--multiline", (("departement", "Département(s)"), ("region", "Région(s)"))),
    ("", (("etat", "État"),)),
    ("fr-cell--multiline", (("depot", "Déposé le"),)),
    ("fr-cell--multiline fr-cell--right", (("cout", "Coût global (€)"),)),
    ("fr-cell--multiline fr-cell--right", (("subvention", "Subvention demandée (€)"),)),
    ("fr-cell--multiline", (("recevabilite", "Recevabilité automatique"),)),
    ("fr-cell--multiline", (("note", "Note moyenne (/20)"), ("avis", "Avis reçus / demandés"))),
)


def colonnes(nationale: bool):
    """The columns ``nationale`` or not: an agent's table has no national score."""
    if nationale:
        return list(COLONNES)
    resultat = []
    for classe, tris in COLONNES:
        tris = tuple(t for t in tris if t[0] not in TRIS_NATIONAUX)
        if tris:
            resultat.append((classe, tris))
    return resultat


# What a row reads of the dossier and its porteur (not the dossier's long texts).
LUS = ("numero", "etat", "depose_le", "cout_global", "subvention_demandee", "nb_bloquantes")
LUS += ("nb_avertissements", "organisation__nom", "organisation__type")
LUS += ("cas_exceptionnel", "regles_bloquantes")  # the R02 badge (``instruction.filtres.situation_r02``)


def page_de_la_file(user, dossiers, cle: str, descendant: bool, numero: int):
    """The page ``numero`` (50 dossiers; the last one beyond it) of ``dossiers`` (those ``user`` may
    read, filtered: ``instruction.filtres.FiltresDossiers.qs``), sorted, with their porteur and, in
    ``departements_lus``, their départements (with their région; a list: no related manager built per
    row)."""
    lignes = (
        ordonner(dossiers, cle, descendant, user)
        .select_related("organisation")
        .only(*LUS)
        .prefetch_related(
            Prefetch("departements", Departement.objects.select_related("region"), to_attr="departements_lus")
        )
    )
    # The COUNT without the page's joins, ordering and prefetch.
    page = tableaux.page_de(lignes, PAR_PAGE, numero, nombre=dossiers.count())
    page.object_list = list(page.object_list)
    _suivre(page.object_list, user)
    return page


SUIVI = ("pk", "avis_recus", "avis_demandes", "avis_attendus", "moyenne", "nb_evaluations")
SUIVI += ("echeance_service", "non_lus")
SUIVI += ("suivi_par_id", "suivi_par_prenom", "suivi_par_nom")  # « Suivi par » (instruction.suivi)


def _suivre(dossiers: list, user) -> None:
    """Avis received / requested / awaited and, where ``user`` may see scores at all, the number of
    evaluations and the average score he may see of the page's dossiers (``instruction.requetes``):
    one query for the page (in the page's query, a sort on an aggregate would GROUP BY these
    subqueries and compute them for every dossier, not for 50)."""
    if not dossiers:
        return
    suivi = (
        requetes.dossiers()
        .filter(pk__in=[d.pk for d in dossiers])
        .with_avis()
        .with_note_moyenne(user)
        # The date its avis is awaited by, for an agent's service (« Avis à donner par mon service »).
        .annotate(echeance_service=echeance_du_service(service_du_filtre(user)))
        # The messages of the dossier's Échanges this user has not read (messagerie): a subquery.
        .annotate(non_lus=non_lus(user))
        # « Suivi par »: the instructeur who follows it (a LEFT JOIN on the one-to-one, no row added).
        .annotate(
            suivi_par_id=F("suivi__instructeur_id"),
            suivi_par_prenom=F("suivi__instructeur__first_name"),
            suivi_par_nom=F("suivi__instructeur__last_name"),
        )
        .values(*SUIVI)
    )
    par_pk = {ligne.pop("pk"): ligne for ligne in suivi}
    for dossier in dossiers:
        for cle, valeur in par_pk.get(dossier.pk, {}).items():
            setattr(dossier, cle, valeur)
