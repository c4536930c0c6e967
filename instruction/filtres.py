"""The filters of the deposited dossiers (django-filter): one ``FilterSet`` read by the instruction
queue's two pages, the exports page (whose files are written with the same filters) and the API's list
of dossiers. A new filter is one declaration here: the queue shows it, the exports and the API honour it.

Each filter is optional; an invalid value shows its error and leaves the dossiers unfiltered on that
filter, the valid ones still apply (django-filter filters on the form's ``cleaned_data``, which holds
the valid fields only)."""

import json

import django_filters
from django import forms
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.db.models.lookups import Contains
from django.utils import timezone

from candidatures import cycle
from candidatures.models import Dossier, Etat, Public
from comptes.models import Organisation, Role, TypeOrganisation
from core.formulaires import FormulaireDsfr
from instruction import suivi
from instruction.actions_groupees import lire_identifiants
from instruction.choix_territoires import VIDE, ChoixTerritoires, choix_de
from instruction.models import Avis, DemandeAvis, Evaluation

AVIS = [
    ("en_attente", "Avis en attente"),
    ("en_retard", "Avis en retard"),
    ("recus", "Avis reçus"),
    ("sans_demande", "Aucun avis demandé"),
]
# An agent's own choice (``FiltresDossiers(service_id=…)``): the requests still awaiting his service's avis.
A_DONNER = "a_donner"
AVIS_DU_SERVICE = [(A_DONNER, "Avis à donner par mon service")]
NOTATION = [("sans_note", "Sans note"), ("notes", "Noté")]
# « Suivi par » (``instruction.suivi``), national only: an instructeur's own choices, an administrateur's.
SUIVI = [
    (suivi.MOI, "Mes dossiers suivis"),
    (suivi.AUTRES, "Suivis par un collègue"),
    (suivi.AUCUN, "Non suivis"),
]
SUIVI_ADMINISTRATEUR = [(suivi.SUIVIS, "Suivis par un instructeur"), (suivi.AUCUN, "Non suivis")]

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


class FiltreEntier(django_filters.Filter):
    field_class = forms.IntegerField


class FiltresDossiers(django_filters.FilterSet):
    """The dossiers' filters. Territory filters are EXISTS on the départements' link table: a dossier
    over two départements is counted once. ``choix`` (``instruction.choix_territoires``): the choices of
    the territory filters; ``nationale``: whether the user may filter on the national scores."""

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
    suivi = _choix("Suivi par", "Tous les dossiers", choices=SUIVI, method="filtrer_suivi")  # national only
    # The call worked on (``candidatures.appels.appel_de_travail``), set by ``filtres_de``: always there,
    # so that an export or an API page keeps to one call; a hidden input of the filters' form, not a choice.
    appel = FiltreEntier(field_name="appel_id", label="Appel")
    # « Exporter la sélection » of the queue (``instruction.actions_groupees``): « 12,15 », not shown as a
    # field (a hidden input of the filters' form, ``partials/filtres.html``).
    ids = django_filters.CharFilter(label="Dossiers sélectionnés", max_length=2000, method="filtrer_ids")

    class Meta:
        form = FormulaireDsfr  # rendered as every form of the portal (django-dsfr)

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        choix: ChoixTerritoires = VIDE,
        nationale: bool = True,
        service_id=None,
        instructeur_id=None,
    ):
        super().__init__(data, queryset)
        self.service_id = service_id
        self.instructeur_id = instructeur_id  # « Mes dossiers suivis »: an instructeur's own id
        if not nationale:
            del self.filters["notation"]
            del self.filters["suivi"]
        elif not instructeur_id:
            self.filters["suivi"].extra["choices"] = SUIVI_ADMINISTRATEUR
        if service_id:  # an agent: « Avis à donner par mon service » first
            self.filters["avis"].extra["choices"] = AVIS_DU_SERVICE + AVIS
        self.filters["region"].extra["choices"] = list(choix.regions)
        self.filters["departement"].extra["choices"] = list(choix.departements)

    def filter_queryset(self, queryset):
        return sans_retires(super().filter_queryset(queryset), self.form.cleaned_data.get("etat"))

    def filtres(self) -> dict:
        """The valid filters only, as the exports keep them: an invalid field is absent from
        ``cleaned_data``."""
        self.form.is_valid()
        filtres = {nom: valeur for nom, valeur in self.form.cleaned_data.items() if valeur}
        if filtres.get("suivi") in (suivi.MOI, suivi.AUTRES) and self.instructeur_id:
            # Kept with whose they are: an export reads them without the user's request (``filtrer``).
            filtres["suivi"] = f"{filtres['suivi']}:{self.instructeur_id}"
        return filtres

    def actifs(self) -> bool:
        """Whether the user narrowed the list: a filter other than the call, always set."""
        return any(nom != "appel" for nom in self.filtres())

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
        if valeur == A_DONNER:  # the requests to the agent's service still unanswered, late or not
            if not self.service_id:
                return dossiers.none()
            a_donner = _demandes(avis__isnull=True, service_id=self.service_id)
            return dossiers.filter(Exists(a_donner), etat__in=cycle.REGLES[cycle.Action.DONNER_AVIS].depuis)
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

    def filtrer_suivi(self, dossiers, nom, valeur):
        choix, _, identifiant = str(valeur).partition(":")
        instructeur_id = int(identifiant) if identifiant.isdigit() else self.instructeur_id
        return suivi.filtrer(dossiers, choix, instructeur_id)

    def filtrer_ids(self, dossiers, nom, valeur):
        return dossiers.filter(pk__in=lire_identifiants([valeur]))

    def filtrer_notation(self, dossiers, nom, valeur):
        evaluations = Exists(Evaluation.objects.filter(dossier=OuterRef("pk")))
        if valeur == "sans_note":
            return dossiers.filter(~evaluations)
        if valeur == "notes":
            return dossiers.filter(evaluations)
        return dossiers


def filtres_de(
    user, donnees, nationale: bool, choix: ChoixTerritoires | None = None, *, appel
) -> FiltresDossiers:
    """The filters of ``user``'s dossiers (``Dossier.objects.for_user``) bound to ``donnees`` (GET), within
    ``appel`` (the call worked on: ``candidatures.appels.appel_de_travail``; ``None``, no call at all: no
    dossier); ``choix``: those of ``choix_territoires.choix_de(user)`` (cached) when the caller has them
    already."""
    donnees = donnees.copy()
    donnees["appel"] = appel.pk if appel is not None else 0
    return FiltresDossiers(
        donnees,
        Dossier.objects.for_user(user),
        choix=choix_de(user) if choix is None else choix,
        nationale=nationale,
        service_id=service_du_filtre(user),
        instructeur_id=user.pk if suivi.peut_attribuer(user) else None,
    )


def service_du_filtre(user):
    """The service whose avis « Avis à donner par mon service » means: an agent's, else none."""
    return user.service_territorial_id if user.role == Role.AGENT else None


def sans_retires(dossiers, etat: str | None = None):
    """A candidature its porteur withdrew (« Candidature retirée ») is not instructed: the queue, its
    exports and the API leave it out unless the état filter asks for it."""
    return dossiers if etat == Etat.RETIRE else dossiers.exclude(etat=Etat.RETIRE)


def filtrer(dossiers, filtres: dict, service_id=None):
    """``dossiers`` narrowed by ``filtres`` already validated (those kept by an export, the API's
    parameters): the same filters as the pages', without building their form; ``service_id``: the
    agent's service (``service_du_filtre``), for « Avis à donner par mon service »."""
    jeu = FiltresDossiers(queryset=dossiers, service_id=service_id)
    for nom, valeur in filtres.items():
        if valeur not in (None, "") and nom in jeu.filters:
            dossiers = jeu.filters[nom].filter(dossiers, valeur)
    return sans_retires(dossiers, filtres.get("etat"))
