"""Batch actions from the queue (issue 17, point 14): the dossiers ticked on a page of « Dossiers à
instruire », then « Demander un avis pour la sélection » or « Exporter la sélection ».

Only the dossiers the user may read are acted on (``Dossier.objects.for_user``): an id of a dossier of
another territory, a draft or one that does not exist is ignored, and counted in the report. The avis
request is the single dossier's (``instruction.avis.demander``), called once per dossier in one
transaction, with the same checks: the state (``cycle.refus``), the services of each dossier's own
territory (``avis.services_proposes``), a service already consulted skipped and reported."""

from dataclasses import dataclass, field

from django import forms
from django.db import transaction

from candidatures import cycle
from candidatures.models import Dossier
from candidatures.politique import politique
from comptes.models import TypeServiceTerritorial
from core.formulaires import DateFuture, FormulaireDsfr
from instruction import avis as avis_service

MAX = 200  # ids read from one request (a page holds 50)


def lire_identifiants(valeurs) -> list[int]:
    """The positive integers of ``valeurs`` (strings, or one string « 1,2,3 »), without duplicates, in
    their order; anything else is dropped."""
    resultat = []
    for valeur in valeurs:
        for morceau in str(valeur).split(","):
            morceau = morceau.strip()
            if morceau.isdigit() and 0 < int(morceau) < 2**31 and int(morceau) not in resultat:
                resultat.append(int(morceau))
    return resultat[:MAX]


def identifiants_demandes(donnees) -> list[int]:
    """The ids the queue's form sends: the rows ticked, and the whole page when « Sélectionner tous les
    dossiers de cette page » is ticked (its ids are in ``page``; the box works without JavaScript)."""
    valeurs = donnees.getlist("dossiers")
    if donnees.get("toute_la_page"):
        valeurs = [*valeurs, *donnees.getlist("page")]
    return lire_identifiants(valeurs)


@dataclass
class Selection:
    """The dossiers of ``identifiants`` the user may read, in the order of their numbers, and how many
    ids were ignored."""

    dossiers: list
    ignores: int

    @property
    def identifiants(self) -> list[int]:
        return [d.pk for d in self.dossiers]


def selection(user, identifiants: list[int], verrou: bool = False) -> Selection:
    dossiers = (
        Dossier.objects.for_user(user).filter(pk__in=identifiants).select_related("appel", "organisation")
    )
    if verrou:
        dossiers = dossiers.select_for_update(of=("self",))
    lus = list(dossiers.order_by("numero_ordre", "pk"))
    return Selection(lus, len(identifiants) - len(lus))


TYPES = [
    (TypeServiceTerritorial.DDETS, "La DDETS de chaque département du dossier"),
    (TypeServiceTerritorial.DREETS, "La DREETS de sa région"),
    (TypeServiceTerritorial.COMMISSAIRE, "Le commissaire à la lutte contre la pauvreté de sa région"),
]


class DemandeAvisGroupeeForm(FormulaireDsfr):
    identifiants = "avis_groupe_%s"

    types = forms.MultipleChoiceField(
        label="Services à consulter pour chaque dossier",
        choices=TYPES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ceux du territoire de chaque dossier ; un service déjà consulté sur un dossier ne "
        "l’est pas une seconde fois.",
        error_messages={"required": "Choisissez au moins un service."},
    )
    date_limite = DateFuture(label="Avis attendu avant le")
    message = forms.CharField(
        label="Message aux services", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


@dataclass
class Bilan:
    """What the batch request did, dossier by dossier: (dossier, service names)."""

    demandes: list = field(default_factory=list)
    deja_consultes: list = field(default_factory=list)
    refuses: list = field(default_factory=list)  # (dossier, reason)
    sans_service: list = field(default_factory=list)  # dossiers
    ignores: int = 0


def demander_avis(user, identifiants: list[int], types, date_limite, message="") -> Bilan:
    """The avis of the services of ``types`` of each dossier's territory requested, by ``date_limite``,
    for each dossier of ``identifiants`` that ``user`` may read: one ``avis.demander`` per dossier, all
    in one transaction, each dossier locked."""
    bilan = Bilan()
    with transaction.atomic():
        choisis = selection(user, identifiants, verrou=True)
        bilan.ignores = choisis.ignores
        for dossier in choisis.dossiers:
            if refus := cycle.refus(dossier, cycle.Action.DEMANDER_AVIS, user):
                bilan.refuses.append((dossier, refus))
                continue
            services = list(avis_service.services_proposes(dossier).filter(type__in=types))
            if not services:
                bilan.sans_service.append(dossier)
                continue
            deja = avis_service.consultes(dossier)
            if consultes := [s.nom for s in services if s.pk in deja]:
                bilan.deja_consultes.append((dossier, consultes))
            nouvelles = avis_service.demander(dossier, user, services, date_limite, message)
            if nouvelles:
                bilan.demandes.append((dossier, [d.service.nom for d in nouvelles]))
    return bilan


def _dossiers(n: int) -> str:
    return f"{n} dossier{'s' if n > 1 else ''}"


def compte_rendu(bilan: Bilan) -> list[tuple[str, str]]:
    """(level: success, info, warning; French text) of each part of ``bilan``."""
    lignes = []
    if bilan.demandes:
        detail = " ; ".join(f"{d.numero} : {', '.join(noms)}" for d, noms in bilan.demandes)
        lignes.append(
            (
                "success",
                f"Avis demandé pour {_dossiers(len(bilan.demandes))} — {detail}. Les agents sont prévenus.",
            )
        )
    if bilan.deja_consultes:
        detail = " ; ".join(f"{d.numero} : {', '.join(noms)}" for d, noms in bilan.deja_consultes)
        lignes.append(("info", f"Déjà consultés, non consultés une seconde fois — {detail}."))
    if bilan.sans_service:
        detail = ", ".join(d.numero for d in bilan.sans_service)
        lignes.append(
            ("warning", f"Aucun de ces services n’est enregistré pour le territoire de : {detail}.")
        )
    if bilan.refuses:
        detail = " ; ".join(f"{d.numero} : {raison}" for d, raison in bilan.refuses)
        lignes.append(("warning", f"Non demandé — {detail}"))
    if bilan.ignores:
        lignes.append(("warning", ignores(bilan.ignores)))
    if not lignes:
        lignes.append(("info", "Aucun dossier sélectionné : rien n’a été demandé."))
    return lignes


def ignores(n: int) -> str:
    return (
        f"{_dossiers(n)} de la sélection {'ont été ignorés' if n > 1 else 'a été ignoré'} : "
        "introuvable ou hors des dossiers que vous pouvez consulter."
    )


def droits(user) -> dict:
    """The queue's batch actions ``user`` has: the boxes and « Exporter la sélection » for the national
    team, « Demander un avis pour la sélection » for whom ``cycle`` lets request an avis."""
    nationale = politique(user).voit_notes_nationales
    return {
        "selection_possible": nationale,
        "avis_groupe_possible": nationale and user.role in cycle.REGLES[cycle.Action.DEMANDER_AVIS].roles,
    }
