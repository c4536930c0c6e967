"""The history of the administration's changes, recorded at model level by django-auditlog.

Recording. Each model followed (``suivre``, called by its app's ``ready``) gets a ``LogEntry`` for each
creation, change and deletion, whoever makes it: a page of the portal, the django-admin, the shell, a
task. The entry is typed (content type + primary key of the object), carries auditlog's ``changes``
(``{field: [before, after]}``, JSON values) and the object's state (``serialized_data``); its actor is
the request's user (auditlog's middleware) or the ``par`` of ``operation``. An ``operation`` (one change
made by one service: a formset of the grid, an invitation…) gives its entries one correlation id (auditlog's
``cid``), so that the page shows them as one row. What is not a change of a model (the re-evaluation's
summary, « Invitation renvoyée », an API token issued) is an ``evenement``: an entry without ``changes``
whose ``additional_data`` carries its text.

Reading. ``entrees(queryset)`` turns entries into ``Entree`` rows, as the « Journal des modifications »
and an account's page show them: objet, action, ``[[label, before, after]]`` with choice labels, the names
of related objects, « Oui » / « Non » and « — » for an empty value. ``page`` paginates the rows."""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Max, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import capfirst

VIDE = "—"
CREATION, MODIFICATION, SUPPRESSION = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE
ACTIONS = {CREATION: "Création", MODIFICATION: "Modification", SUPPRESSION: "Suppression"}


# Recording ------------------------------------------------------------------------------------------


@dataclass
class Operation:
    par: Any
    cid: str = field(default_factory=lambda: uuid.uuid4().hex)
    entrees: int = 0  # how many entries were recorded in it: 0, nothing changed

    @property
    def modifie(self) -> bool:
        return self.entrees > 0


_operation: ContextVar[Operation | None] = ContextVar("historique_operation", default=None)


@contextmanager
def operation(par) -> Iterator[Operation]:
    """The entries recorded inside are one change, made by ``par`` (``None``: the portal itself)."""
    courante = Operation(par)
    jeton = _operation.set(courante)
    try:
        yield courante
    finally:
        _operation.reset(jeton)


def operation_courante() -> str | None:
    """``AUDITLOG_CID_GETTER``: the correlation id of the entries, the current operation's."""
    courante = _operation.get()
    return courante.cid if courante else None


@receiver(pre_save, sender=LogEntry, dispatch_uid="historique_operation")
def _dans_l_operation(sender, instance, **kwargs):
    courante = _operation.get()
    if courante is None or instance.pk is not None:
        return
    courante.entrees += 1
    if instance.actor_id is None and courante.par is not None and courante.par.pk is not None:
        instance.actor = courante.par
        instance.actor_email = getattr(courante.par, "email", None)


def evenement(cible, par, objet: str, action: str, changements: list | None = None) -> LogEntry:
    """What happened to ``cible`` that is not a change of its fields, as the log says it."""
    return LogEntry.objects.log_create(
        cible,
        force_log=True,
        action=MODIFICATION,
        changes=None,
        actor=par if par is not None and par.pk is not None else None,
        cid=None,  # its own row, never merged with the changes of an operation
        additional_data={"objet": str(objet)[:200], "action": action[:200], "changements": changements or []},
    )


# Presentation of the models followed ------------------------------------------------------------------


@dataclass
class Suivi:
    """How the entries of a model read. ``objet(entry, state)``: what the row is about; ``collection``:
    the rows of a list edited at once (the grid's criteria), one row per operation, each line prefixed by
    the object's name; ``lignes(entry, before, after)`` and ``action(entry)``: a model's own reading."""

    objet: Callable[[LogEntry, dict], str]
    collection: bool = False
    lignes: Callable[[LogEntry, dict, dict], list[list[str]]] | None = None
    action: Callable[[LogEntry], str] | None = None
    libelles: dict[str, str] = field(default_factory=dict)


SUIVIS: dict[type, Suivi] = {}


def suivre(modele, suivi: Suivi, champs: list[str] | None = None, exclus: list[str] | None = None) -> None:
    """Record every change of ``modele`` (``champs``, or its fields but ``exclus``), read by ``suivi``."""
    SUIVIS[modele] = suivi
    if champs is None:  # the concrete fields, not the primary key nor the reverse relations
        champs = [
            f.name for f in modele._meta.concrete_fields if not f.primary_key and f.name not in (exclus or [])
        ]
    if not auditlog.contains(modele):
        auditlog.register(
            modele,
            include_fields=champs,
            mapping_fields=suivi.libelles,
            serialize_data=True,
            serialize_auditlog_fields_only=True,
        )


# Reading ------------------------------------------------------------------------------------------------


@dataclass
class Entree:
    le: Any
    par: Any
    objet: str
    action: str
    changements: list[list[str]]
    cible: tuple[int, str] = ("", "")  # (content type id, object pk)


def texte(valeur) -> str:
    """A value as the log shows it."""
    if valeur is None or valeur == "":
        return VIDE
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, list | tuple | set):
        return ", ".join(texte(v) for v in valeur)
    return str(valeur)


class _Lecteur:
    """Reads values in the context of one page: each related object fetched once."""

    def __init__(self):
        self.lies: dict[tuple[type, Any], Any] = {}

    def lie(self, modele, pk):
        cle = (modele, pk)
        if cle not in self.lies:
            objet = modele._base_manager.filter(pk=pk).first()
            self.lies[cle] = objet if objet is not None else pk
        return self.lies[cle]

    def valeur(self, champ, valeur) -> str:
        if valeur is None or valeur == "":
            return VIDE
        if champ.choices:
            return texte({str(cle): nom for cle, nom in champ.flatchoices}.get(str(valeur), valeur))
        if champ.many_to_one or champ.one_to_one:
            return texte(self.lie(champ.related_model, valeur))
        return texte(valeur)


def libelle(modele, nom: str) -> str:
    suivi = SUIVIS.get(modele)
    if suivi and nom in suivi.libelles:
        return suivi.libelles[nom]
    return str(capfirst(modele._meta.get_field(nom).verbose_name))


def etats(entree: LogEntry) -> tuple[dict, dict]:
    """(before, after): the object's followed fields before and after the entry's change."""
    courant = dict((entree.serialized_data or {}).get("fields", {}))
    changes = entree.changes or {}
    if entree.action == CREATION:
        return {}, courant
    if entree.action == SUPPRESSION:
        return courant, {}
    return courant | {nom: avant for nom, (avant, _apres) in changes.items()}, courant


def _par_defaut(champ, valeur) -> bool:
    """An empty value, or the field's default: what a new object's form would not show as changed."""
    if valeur is None or valeur == "":
        return True
    if not champ.has_default():
        return False
    try:
        return champ.to_python(valeur) == champ.to_python(champ.get_default())
    except Exception:  # noqa: BLE001 — a value the field no longer reads: shown
        return False


def _lignes_standard(entree: LogEntry, modele, lecteur: _Lecteur) -> list[list[str]]:
    changes = entree.changes or {}
    ordre = {f.name: i for i, f in enumerate(modele._meta.fields)}
    lignes = []
    for nom in sorted(changes, key=lambda n: ordre.get(n, len(ordre))):
        champ = next((f for f in modele._meta.concrete_fields if f.name == nom), None)
        if champ is None:  # a field since removed from the model
            continue
        avant, apres = changes[nom]
        if entree.action == CREATION and _par_defaut(champ, apres):
            continue
        lignes.append([libelle(modele, nom), lecteur.valeur(champ, avant), lecteur.valeur(champ, apres)])
    return lignes


def _lire(entree: LogEntry, lecteur: _Lecteur) -> tuple[str, str, list[list[str]], bool]:
    """(objet, action, lines, collection) of one entry."""
    if entree.changes is None and entree.additional_data and "objet" in entree.additional_data:
        donnees = entree.additional_data
        return donnees["objet"], donnees["action"], donnees.get("changements") or [], False
    modele = entree.content_type.model_class()
    suivi = SUIVIS.get(modele)
    if suivi is None:
        return entree.object_repr, ACTIONS.get(entree.action, ""), [], False
    avant, apres = etats(entree)
    objet = suivi.objet(entree, apres or avant)
    if suivi.lignes:
        lignes = suivi.lignes(entree, avant, apres)
    elif entree.action == SUPPRESSION:
        lignes = []
    else:
        lignes = _lignes_standard(entree, modele, lecteur)
    if suivi.collection:
        nom = entree.object_repr
        if entree.action == SUPPRESSION:
            lignes = [[nom, "présent", "supprimé"]]
        else:
            prefixe = "nouveau" if entree.action == CREATION else nom
            lignes = [[f"{prefixe} — {ligne[0]}", ligne[1], ligne[2]] for ligne in lignes]
        return objet, ACTIONS[MODIFICATION], lignes, True
    action = suivi.action(entree) if suivi.action else ACTIONS.get(entree.action, "")
    return objet, action, lignes, False


def _cle():
    """The row of an entry: its operation's for the same type of object, else its own."""
    return Case(
        When(cid__isnull=True, then=Concat(Value("#"), Cast("id", CharField()))),
        default=Concat("cid", Value("-"), Cast("content_type_id", CharField())),
        output_field=CharField(),
    )


def _rangees(queryset):
    """One dict per row (its key and its last entry's id), the most recent first."""
    return queryset.annotate(cle=_cle()).values("cle").annotate(dernier=Max("id")).order_by("-dernier")


def _entrees(queryset, cles: list[str]) -> list[Entree]:
    lecteur = _Lecteur()
    par_cle: dict[str, list[LogEntry]] = {}
    seules = [int(cle[1:]) for cle in cles if cle.startswith("#")]
    operations = {cle.rsplit("-", 1)[0] for cle in cles if not cle.startswith("#")}
    choisies = queryset.filter(Q(id__in=seules) | Q(cid__in=operations)).annotate(cle=_cle())
    for entree in choisies.select_related("actor", "content_type").order_by("id"):
        par_cle.setdefault(entree.cle, []).append(entree)
    resultat = []
    for cle in cles:
        groupe = par_cle.get(cle, [])
        if not groupe:
            continue
        lues = [_lire(e, lecteur) for e in groupe]
        objet, action, _, _ = lues[0]
        lignes = [ligne for lue in lues for ligne in lue[2]]
        premiere = groupe[0]
        resultat.append(
            Entree(
                le=premiere.timestamp,
                par=premiere.actor,
                objet=objet,
                action=action,
                changements=lignes,
                cible=(premiere.content_type_id, premiere.object_pk),
            )
        )
    return resultat


def toutes():
    return LogEntry.objects.all()


def pour(objet):
    """The entries about ``objet`` (its typed link: content type and primary key)."""
    return LogEntry.objects.get_for_object(objet)


def faites_par(user):
    """The entries whose actor is ``user``."""
    return LogEntry.objects.filter(actor=user)


def entrees(queryset=None, limite: int | None = None) -> list[Entree]:
    """The rows of ``queryset`` (every entry by default), the most recent first."""
    rangees = _rangees(toutes() if queryset is None else queryset)
    if limite is not None:
        rangees = rangees[:limite]
    return _entrees(toutes() if queryset is None else queryset, [r["cle"] for r in rangees])


def page(numero, par_page: int = 50, queryset=None):
    """A page of rows (Django's ``Page``, its ``object_list`` the ``Entree`` rows)."""
    queryset = toutes() if queryset is None else queryset
    resultat = Paginator(_rangees(queryset), par_page).get_page(numero)
    resultat.object_list = _entrees(queryset, [r["cle"] for r in resultat.object_list])
    return resultat


def type_de(modele) -> ContentType:
    return ContentType.objects.get_for_model(modele)
