"""The filters of the deposited dossiers (django-filter): one ``FilterSet`` read by the instruction
queue's two pages, the exports page (whose files are written with the same filters) and the API's list
of dossiers. A new filter is one declaration here: the queue shows it, the exports and the API honour it.

Each filter is optional; an invalid value shows its error and leaves the dossiers unfiltered on that
filter, the valid ones still apply (django-filter filters on the form's ``cleaned_data``, which holds
the valid fields only)."""

import json
import unicodedata

import django_filters
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.db.models.lookups import Contains
from django.utils import timezone

from candidatures.models import Dossier, Etat, Public
from candidatures.politique import politique
from comptes.models import Organisation, TypeOrganisation
from core.formulaires import FormulaireDsfr
from instruction.models import Avis, DemandeAvis, Evaluation
from territoires.models import Departement

AVIS = [
    ("en_attente", "Avis en attente"),
    ("en_retard", "Avis en retard"),
    ("recus", "Avis reçus"),
    ("sans_demande", "Aucun avis demandé"),
]
NOTATION = [("sans_note", "Sans note"), ("notes", "Noté")]

# R02 (AMI, II.A « A titre exceptionnel… »): the dossiers that declare the exceptional case are flagged to
# the instructeurs, saying whether the exception holds (R02 respected at the last evaluation).
R02_RESPECTE, R02_NON_RESPECTE = "respecte", "non_respecte"
CAS_EXCEPTIONNEL = [
    ("declare", "Déclaré"),
    (R02_RESPECTE, "Déclaré, R02 respecté"),
    (R02_NON_RESPECTE, "Déclaré, R02 non respecté"),
]
SITUATIONS_R02 = {R02_RESPECTE: "R02 respecté", R02_NON_RESPECTE: "R02 non respecté"}


def situation_r02(cas_exceptionnel: bool, regles_bloquantes) -> str:
    """« » (the exceptional case is not declared), ``R02_RESPECTE`` or ``R02_NON_RESPECTE``: the R02 flag
    of a dossier as the queue, its filter and the exports show it, read from its last evaluation
    (``Dossier.regles_bloquantes``, written by ``candidatures.bilan``): no rule run per row."""
    if not cas_exceptionnel:
        return ""
    return R02_NON_RESPECTE if "R02" in (regles_bloquantes or ()) else R02_RESPECTE


def texte_r02(cas_exceptionnel: bool, regles_bloquantes) -> str:
    """« Cas exceptionnel (R02) — R02 respecté », or « » when not declared (the exports' cell)."""
    situation = situation_r02(cas_exceptionnel, regles_bloquantes)
    return f"Cas exceptionnel (R02) — {SITUATIONS_R02[situation]}" if situation else ""


def _non_applique(libelle: str) -> dict:
    return {
        "invalid_choice": f"« %(value)s » n’est pas un choix possible pour « {libelle} » : "
        "ce filtre n’est pas appliqué."
    }


def _choix(libelle: str, invite: str, **options) -> django_filters.ChoiceFilter:
    """A select of the filters: « invite » (no filter) first, its own message for an invalid value."""
    return django_filters.ChoiceFilter(
        label=libelle, empty_label=invite, error_messages=_non_applique(libelle), **options
    )


def _demandes(**filtres):
    return DemandeAvis.objects.filter(dossier=OuterRef("pk"), **filtres)


def _liens_departements():
    return Dossier.departements.through.objects.filter(dossier_id=OuterRef("pk"))


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def _liste_contient(champ: str, valeur: str, db: str, json_contains: bool | None = None) -> Q:
    """``champ`` (a JSON list of codes) names ``valeur``. PostgreSQL (and MySQL) answer ``@>`` on the
    list; SQLite and Oracle do not: there, the JSON text is searched for the value with its quotes,
    ``"rsa"``, which is exact since no code holds a quote."""
    if json_contains is None:
        json_contains = connections[db].features.supports_json_field_contains
    if json_contains:
        return Q(**{f"{champ}__contains": [valeur]})
    return Q(Contains(Cast(champ, models.TextField()), json.dumps(valeur)))


def concerne_public(dossiers, public: str, json_contains: bool | None = None):
    """The dossiers whose ``publics`` names ``public``."""
    return dossiers.filter(_liste_contient("publics", public, dossiers.db, json_contains))


class FiltresDossiers(django_filters.FilterSet):
    """The dossiers' filters. Territory filters are EXISTS on the départements' link table: a dossier
    over two départements is counted once. ``departements`` (with their région) are the choices of the
    territory filters; ``nationale``: whether the user may filter on the national scores."""

    q = django_filters.CharFilter(
        label="Numéro ou nom du porteur",
        max_length=100,
        error_messages={"max_length": "Saisissez au plus %(limit_value)d caractères."},
        method="filtrer_q",
    )
    etat = _choix("État", "Tous les états", choices=[(e.value, e.label) for e in Etat if e != Etat.BROUILLON])
    type = _choix(
        "Type de porteur", "Tous les types", choices=TypeOrganisation.choices, field_name="organisation__type"
    )
    region = _choix("Région", "Toutes les régions", method="filtrer_region")
    departement = _choix("Département", "Tous les départements", method="filtrer_departement")
    public = _choix("Public visé", "Tous les publics", choices=Public.choices, method="filtrer_public")
    avis = _choix("Avis des services", "Tous", choices=AVIS, method="filtrer_avis")
    notation = _choix("Évaluation", "Toutes", choices=NOTATION, method="filtrer_notation")  # national only
    cas_exceptionnel = _choix(
        "Cas exceptionnel (R02)", "Tous les dossiers", choices=CAS_EXCEPTIONNEL, method="filtrer_r02"
    )

    class Meta:
        form = FormulaireDsfr  # rendered as every form of the portal (django-dsfr)

    def __init__(self, data=None, queryset=None, *, departements=(), nationale: bool = True):
        super().__init__(data, queryset)
        if not nationale:
            del self.filters["notation"]
        regions = {d.region_id: d.region for d in departements}
        self.filters["region"].extra["choices"] = sorted(
            ((r.code, r.nom) for r in regions.values()), key=lambda c: _sans_accents(c[1])
        )
        self.filters["departement"].extra["choices"] = [(d.code, f"{d.code} – {d.nom}") for d in departements]

    def filter_queryset(self, queryset):
        return sans_retires(super().filter_queryset(queryset), self.form.cleaned_data.get("etat"))

    def filtres(self) -> dict:
        """The valid filters only, as the exports keep them: an invalid field is absent from
        ``cleaned_data``."""
        self.form.is_valid()
        return {nom: valeur for nom, valeur in self.form.cleaned_data.items() if valeur}

    def filtrer_q(self, dossiers, nom, valeur):
        # The porteurs are searched apart (IN a subquery): no join of the dossiers for the COUNT.
        q = valeur.strip()
        porteurs = Organisation.objects.filter(nom__icontains=q).values("pk")
        return dossiers.filter(Q(numero__icontains=q) | Q(organisation__in=porteurs))

    def filtrer_region(self, dossiers, nom, valeur):
        return dossiers.filter(Exists(_liens_departements().filter(departement__region_id=valeur)))

    def filtrer_departement(self, dossiers, nom, valeur):
        return dossiers.filter(Exists(_liens_departements().filter(departement_id=valeur)))

    def filtrer_public(self, dossiers, nom, valeur):
        return concerne_public(dossiers, valeur)

    def filtrer_avis(self, dossiers, nom, valeur):
        if valeur == "en_attente":
            return dossiers.filter(Exists(_demandes(avis__isnull=True)))
        if valeur == "en_retard":
            return dossiers.filter(Exists(_demandes(avis__isnull=True, date_limite__lt=timezone.localdate())))
        if valeur == "recus":
            return dossiers.filter(Exists(Avis.objects.filter(dossier=OuterRef("pk"))))
        if valeur == "sans_demande":
            return dossiers.filter(~Exists(_demandes()))
        return dossiers

    def filtrer_r02(self, dossiers, nom, valeur):
        declares = dossiers.filter(cas_exceptionnel=True)
        non_respecte = _liste_contient("regles_bloquantes", "R02", dossiers.db)
        if valeur == R02_RESPECTE:
            return declares.exclude(non_respecte)
        if valeur == R02_NON_RESPECTE:
            return declares.filter(non_respecte)
        return declares

    def filtrer_notation(self, dossiers, nom, valeur):
        evaluations = Exists(Evaluation.objects.filter(dossier=OuterRef("pk")))
        if valeur == "sans_note":
            return dossiers.filter(~evaluations)
        if valeur == "notes":
            return dossiers.filter(evaluations)
        return dossiers


def departements_des_filtres(user) -> list[Departement]:
    """The départements (with their région) the territory filters offer ``user``: all of them for the
    national team, the agent's own territory otherwise."""
    return list(politique(user).departements().select_related("region"))


def filtres_de(user, donnees, nationale: bool, departements=None) -> FiltresDossiers:
    """The filters of ``user``'s dossiers (``Dossier.objects.for_user``) bound to ``donnees`` (GET);
    ``departements``: those of ``departements_des_filtres`` when the caller has them already."""
    if departements is None:
        departements = departements_des_filtres(user)
    return FiltresDossiers(
        donnees, Dossier.objects.for_user(user), departements=departements, nationale=nationale
    )


def sans_retires(dossiers, etat: str | None = None):
    """A candidature its porteur withdrew (« Candidature retirée ») is not instructed: the queue, its
    exports and the API leave it out unless the état filter asks for it."""
    return dossiers if etat == Etat.RETIRE else dossiers.exclude(etat=Etat.RETIRE)


def filtrer(dossiers, filtres: dict):
    """``dossiers`` narrowed by ``filtres`` already validated (those kept by an export, the API's
    parameters): the same filters as the pages', without building their form."""
    jeu = FiltresDossiers(queryset=dossiers)
    for nom, valeur in filtres.items():
        if valeur not in (None, "") and nom in jeu.filters:
            dossiers = jeu.filters[nom].filter(dossiers, valeur)
    return sans_retires(dossiers, filtres.get("etat"))
