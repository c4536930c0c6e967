"""The instruction queue (« file d'instruction »): the deposited dossiers a user may read, filtered,
sorted and paginated.

Shared by « Dossiers à instruire » (instructeurs, administrateurs) and « Dossiers de mon territoire »
(agents): both start from ``Dossier.objects.for_user``, the only scoping of the portal. A page costs
the same number of queries whatever the number of dossiers: one COUNT (filters only: no join it does
not need, no ORDER BY), the page's rows (porteur joined), their départements with their région (one
prefetch), their avis and scores (one query on the page's ids).
"""

import json
import unicodedata

from django import forms
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.html import format_html_join

from candidatures.models import Dossier, Etat, Public
from comptes.models import Organisation, Role, TypeOrganisation
from core.formulaires import FormulaireDsfr
from instruction import visibilite_notes
from instruction.models import Avis, DemandeAvis, Evaluation
from territoires.models import Departement
from territoires.visibility import departements_visibles

PAR_PAGE = 50
TRI_PAR_DEFAUT = "depot"
AVIS = [
    ("en_attente", "Avis en attente"),
    ("en_retard", "Avis en retard"),
    ("recus", "Avis reçus"),
    ("sans_demande", "Aucun avis demandé"),
]
NOTATION = [("sans_note", "Sans note"), ("notes", "Noté")]


def _demandes(**filtres):
    return DemandeAvis.objects.filter(dossier=OuterRef("pk"), **filtres)


def _compte(queryset):
    """COUNT of a correlated subquery (0 when none): a column of the row, no GROUP BY of the page."""
    compte = queryset.order_by().values("dossier").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(compte, output_field=models.IntegerField()), 0)


class FiltresForm(FormulaireDsfr):
    """The filters above the table (GET). Each field is optional; an invalid value shows its error and
    leaves the queue unfiltered on that field, the valid ones still apply."""

    q = forms.CharField(
        label="Numéro ou nom du porteur",
        required=False,
        max_length=100,
        error_messages={"max_length": "Saisissez au plus %(limit_value)d caractères."},
    )
    etat = forms.ChoiceField(label="État", required=False)
    type = forms.ChoiceField(label="Type de porteur", required=False)
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    public = forms.ChoiceField(label="Public visé", required=False)
    avis = forms.ChoiceField(label="Avis des services", required=False)
    notation = forms.ChoiceField(label="Évaluation", required=False)  # national instructeurs only

    def __init__(self, data, departements, nationale: bool = True):
        self.departements = departements
        self.nationale = nationale
        self.SELECTS = ("etat", "type", "region", "departement", "public", "avis")
        if nationale:
            self.SELECTS += ("notation",)
        super().__init__(data)
        if not nationale:
            del self.fields["notation"]

    def preparer(self):
        regions = {d.region_id: d.region for d in self.departements}
        choix = {
            "etat": ("Tous les états", [(e.value, e.label) for e in Etat if e != Etat.BROUILLON]),
            "type": ("Tous les types", TypeOrganisation.choices),
            "region": (
                "Toutes les régions",
                sorted(((r.code, r.nom) for r in regions.values()), key=lambda c: _sans_accents(c[1])),
            ),
            "departement": (
                "Tous les départements",
                [(d.code, f"{d.code} – {d.nom}") for d in self.departements],
            ),
            "public": ("Tous les publics", Public.choices),
            "avis": ("Tous", AVIS),
            "notation": ("Toutes", NOTATION),
        }
        for nom, (invite, valeurs) in choix.items():
            if nom not in self.fields:
                continue
            field = self.fields[nom]
            field.choices = [("", invite), *valeurs]
            field.error_messages["invalid_choice"] = (
                f"« %(value)s » n’est pas un choix possible pour « {field.label} » : "
                "ce filtre n’est pas appliqué."
            )

    def selects(self) -> list[tuple]:
        """(bound field, its options as HTML): written here rather than by Django's widget, which
        renders one template per option (140 of them, the départements)."""
        resultat = []
        for nom in self.SELECTS:
            champ = self[nom]
            courant = str(champ.value() or "")
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (valeur, " selected" if valeur == courant else "", libelle)
                    for valeur, libelle in champ.field.choices
                ),
            )
            resultat.append((champ, options))
        return resultat

    def filtres(self) -> dict:
        """The valid filters only: an invalid field is absent from ``cleaned_data``."""
        self.is_valid()
        return {nom: valeur for nom, valeur in self.cleaned_data.items() if valeur}


def departements_des_filtres(user) -> list[Departement]:
    """The départements (with their région) the territory filters offer ``user``: all of them for the
    national team, the agent's own territory otherwise."""
    departements = Departement.objects.all() if user.role != Role.AGENT else departements_visibles(user)
    return list(departements.select_related("region"))


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def _liens_departements():
    return Dossier.departements.through.objects.filter(dossier_id=OuterRef("pk"))


def concerne_public(dossiers, public: str, json_contains: bool | None = None):
    """The dossiers whose ``publics`` (a JSON list) names ``public``. PostgreSQL (and MySQL) answer
    ``@>`` on the list; SQLite and Oracle do not: there, the JSON text is searched for the value with
    its quotes, ``"rsa"``, which is exact since no value of ``Public`` holds a quote."""
    if json_contains is None:
        json_contains = connections[dossiers.db].features.supports_json_field_contains
    if json_contains:
        return dossiers.filter(publics__contains=[public])
    return dossiers.filter(Contains(Cast("publics", models.TextField()), json.dumps(public)))


def filtrer(dossiers, filtres: dict):
    """``dossiers`` narrowed by the cleaned ``filtres`` of ``FiltresForm``. Territory filters are
    EXISTS on the départements' link table: a dossier over two départements is counted once."""
    if filtres.get("etat"):
        dossiers = dossiers.filter(etat=filtres["etat"])
    if filtres.get("type"):
        dossiers = dossiers.filter(organisation__type=filtres["type"])
    if filtres.get("region"):
        dossiers = dossiers.filter(
            Exists(_liens_departements().filter(departement__region_id=filtres["region"]))
        )
    if filtres.get("departement"):
        dossiers = dossiers.filter(
            Exists(_liens_departements().filter(departement_id=filtres["departement"]))
        )
    if filtres.get("public"):
        dossiers = concerne_public(dossiers, filtres["public"])
    avis = filtres.get("avis")
    if avis == "en_attente":
        dossiers = dossiers.filter(Exists(_demandes(avis__isnull=True)))
    elif avis == "en_retard":
        dossiers = dossiers.filter(Exists(_demandes(avis__isnull=True, date_limite__lt=timezone.localdate())))
    elif avis == "recus":
        dossiers = dossiers.filter(Exists(Avis.objects.filter(dossier=OuterRef("pk"))))
    elif avis == "sans_demande":
        dossiers = dossiers.filter(~Exists(_demandes()))
    if filtres.get("notation") == "sans_note":
        dossiers = dossiers.filter(~Exists(Evaluation.objects.filter(dossier=OuterRef("pk"))))
    elif filtres.get("notation") == "notes":
        dossiers = dossiers.filter(Exists(Evaluation.objects.filter(dossier=OuterRef("pk"))))
    if filtres.get("q"):
        # The porteurs are searched apart (IN a subquery): no join of the dossiers for the COUNT.
        q = filtres["q"].strip()
        porteurs = Organisation.objects.filter(nom__icontains=q).values("pk")
        dossiers = dossiers.filter(Q(numero__icontains=q) | Q(organisation__in=porteurs))
    return dossiers


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
    # The first of its départements, of their régions (MIN over the link table: one GROUP BY, cheaper
    # than a subquery per row, which the région's name would make 5 times slower still).
    "departement": lambda: [Min("departements__code")],
    "region": lambda: [Min("departements__region__nom")],
    "etat": lambda: [_rang("etat", list(Etat.values))],
    "depot": lambda: [F("depose_le")],
    "cout": lambda: [F("cout_global")],
    "subvention": lambda: [F("subvention_demandee")],
    "recevabilite": lambda: [F("nb_bloquantes"), F("nb_avertissements")],
    # The average where the user may see it (``visibilite_notes``, aliased by ``ordonner``): a dossier
    # whose scores are hidden from him sorts as one without a score, its position reveals nothing.
    "note": lambda: [F("note_visible")],
    "avis": lambda: [_compte(Avis.objects.filter(dossier=OuterRef("pk")))],
}
TRIS_NATIONAUX = {"note"}  # an agent never sorts on the national scores
TRIS_SANS_VALEUR_A_LA_FIN = {"note"}


def lire_tri(valeur: str | None, nationale: bool = True) -> tuple[str, bool]:
    """(key, descending) of the ``tri`` parameter; the default sort when it is not one of TRIS."""
    valeur = valeur or ""
    descendant = valeur.startswith("-")
    cle = valeur.removeprefix("-")
    if cle not in TRIS or (cle in TRIS_NATIONAUX and not nationale):
        return TRI_PAR_DEFAUT, False
    return cle, descendant


def ordonner(dossiers, cle: str, descendant: bool, user=None):
    """``dossiers`` sorted on ``cle`` (for ``user``: the scores he may see), then on the id in the same
    direction. NULLs as PostgreSQL puts them by default (SQLite the other way round: said explicitly),
    so that one index (``cle``, id) serves both directions. An aggregate is sorted on through an alias
    (GROUP BY the dossier)."""
    if cle == "note":
        dossiers = dossiers.alias(note_visible=visibilite_notes.note_moyenne(user))
    expressions = []
    for i, expression in enumerate(TRIS[cle]()):
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


def page_de_la_file(user, filtres: dict, cle: str, descendant: bool, numero: int):
    """The page ``numero`` (50 dossiers; the last one beyond it) of the dossiers ``user`` may read,
    filtered and sorted, with their porteur and, in ``departements_lus``, their départements (with
    their région; a list: no related manager built per row)."""
    dossiers = filtrer(Dossier.objects.for_user(user), filtres)
    lignes = (
        ordonner(dossiers, cle, descendant, user)
        .select_related("organisation")
        .only(*LUS)
        .prefetch_related(
            Prefetch("departements", Departement.objects.select_related("region"), to_attr="departements_lus")
        )
    )
    paginator = Paginator(lignes, PAR_PAGE)
    paginator.count = dossiers.count()  # the COUNT without the page's joins, ordering and prefetch
    page = paginator.get_page(numero)
    page.object_list = list(page.object_list)
    _suivre(page.object_list, user)
    return page


def _suivre(dossiers: list, user) -> None:
    """Avis received / requested / awaited and, where ``user`` may see scores at all, the number of
    evaluations and the average score he may see (``visibilite_notes``) of the page's dossiers: one
    query for the page (in the page's query, a sort on an aggregate would GROUP BY these subqueries
    and compute them for every dossier, not for 50)."""
    if not dossiers:
        return
    notes = {}
    if visibilite_notes.voit_des_notes(user):
        notes = {
            "moyenne": visibilite_notes.note_moyenne(user),
            "nb_evaluations": visibilite_notes.nombre_evaluations(),
        }
    suivi = {
        ligne["pk"]: ligne
        for ligne in Dossier.objects.filter(pk__in=[d.pk for d in dossiers])
        .annotate(
            avis_recus=_compte(Avis.objects.filter(dossier=OuterRef("pk"))),
            avis_demandes=_compte(_demandes()),
            avis_attendus=_compte(_demandes(avis__isnull=True)),
            **notes,
        )
        .values("pk", "avis_recus", "avis_demandes", "avis_attendus", *notes)
    }
    for dossier in dossiers:
        for cle, valeur in suivi.get(dossier.pk, {}).items():
            if cle != "pk":
                setattr(dossier, cle, valeur)
