"""One service per change of the call that has side effects. The portal's pages, the django-admin and
the shell all call these: each saves, records the history (``core.historique``, one operation) and
triggers what the change implies.

- ``modifier_appel``: a change of a parameter the rules read (``PARAMETRES_DES_REGLES``) re-evaluates the
  open dossiers' recevabilité, in the background after the commit;
- ``modifier_grille``: the weighted scores recalculated (``instruction.notation.recalculer_notes``);
- ``modifier_exclusions``: the recevabilité re-evaluated (R08 reads the exclusions).

In a shell::

    appel = Appel.objects.courant()
    modifier_appel(appel, {"cofinancement_min": Decimal("25")}, par=None)
    critere = appel.criteres.first(); critere.poids = 2
    modifier_grille(appel, critere.save, par=None)
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from administration.reevaluation import PARAMETRES_DES_REGLES
from administration.tasks import reevaluer_recevabilite
from ami.models import Appel
from core import historique
from core.arriere_plan import lancer_apres_validation
from instruction.notation import recalculer_notes


@dataclass(frozen=True)
class Modification:
    """What a service did: ``modifie``, something was saved (and recorded); ``reevaluation``, the open
    dossiers' recevabilité is being re-evaluated; ``notes_recalculees``, weighted scores changed."""

    modifie: bool
    reevaluation: bool = False
    notes_recalculees: int = 0


def _par_pk(par) -> int | None:
    return par.pk if par is not None else None


def reevaluer_en_arriere_plan(appel, par) -> None:
    """The open dossiers' recevabilité, again, once the caller's transaction commits."""
    lancer_apres_validation(reevaluer_recevabilite, appel.pk, _par_pk(par))


def modifier_appel(appel: Appel, donnees: Mapping[str, Any] | None, par) -> Modification:
    """``donnees`` (field → value, already valid; ``None``: ``appel`` already carries them) saved."""
    with historique.operation(par) as operation, transaction.atomic():
        enregistre = Appel.objects.select_for_update().get(pk=appel.pk)
        for nom, valeur in (donnees or {}).items():
            setattr(appel, nom, valeur)
        champs = [f.attname for f in Appel._meta.concrete_fields if f.attname != "modifie_le"]
        changes = {nom for nom in champs if getattr(enregistre, nom) != getattr(appel, nom)}
        if not changes:
            return Modification(modifie=False)
        appel.save()
        reevaluation = bool(changes & set(PARAMETRES_DES_REGLES))
        if reevaluation:
            reevaluer_en_arriere_plan(appel, par)
    return Modification(modifie=operation.modifie, reevaluation=reevaluation)


def _enregistrer(changement) -> Callable[[], Any]:
    """A valid formset (its ``save``) or any callable that makes the change."""
    return getattr(changement, "save", changement)


def modifier_grille(appel: Appel, changement, par) -> Modification:
    """The grid's criteria changed by ``changement`` (a valid formset, or a callable); the weighted scores
    of every evaluation recalculated when something changed."""
    with historique.operation(par) as operation, transaction.atomic():
        _enregistrer(changement)()
        if not operation.modifie:
            return Modification(modifie=False)
        n = recalculer_notes(appel)
    return Modification(modifie=True, notes_recalculees=n)


def modifier_exclusions(appel: Appel, changement, par) -> Modification:
    """The exclusions of R08 changed by ``changement``; the recevabilité re-evaluated if anything changed."""
    with historique.operation(par) as operation, transaction.atomic():
        _enregistrer(changement)()
        if not operation.modifie:
            return Modification(modifie=False)
        reevaluer_en_arriere_plan(appel, par)
    return Modification(modifie=True, reevaluation=True)


# The calls themselves ------------------------------------------------------------------------------------

# What a copy of a call leaves out: its identity and its life, never its parameters.
NON_COPIES = {"id", "prefixe_numero", "etat", "modifie_le"}


def valeurs_a_copier(appel: Appel) -> dict[str, Any]:
    """The parameters of ``appel`` a new call starts from (« Dupliquer »): all but its identity."""
    return {
        f.attname: getattr(appel, f.attname)
        for f in Appel._meta.concrete_fields
        if f.attname not in NON_COPIES
    }


def creer_appel(appel: Appel, depuis: Appel | None, par) -> Appel:
    """``appel`` (unsaved, valid) saved as a draft (« Brouillon »), recorded in the history; ``depuis``:
    the call it duplicates, whose grid and exclusions it copies (a new call otherwise starts with the
    grid of rules.md, ``Appel.save``)."""
    from ami.models import Critere, EtatAppel, ExclusionR08

    with historique.operation(par), transaction.atomic():
        appel.etat = EtatAppel.BROUILLON
        appel.save()
        if depuis is not None:
            appel.criteres.all().delete()
            Critere.objects.bulk_create(
                Critere(
                    appel=appel,
                    ordre=c.ordre,
                    libelle=c.libelle,
                    source=c.source,
                    poids=c.poids,
                    note_max=c.note_max,
                )
                for c in depuis.criteres.all()
            )
            ExclusionR08.objects.bulk_create(
                ExclusionR08(
                    appel=appel, nature=e.nature, nom=e.nom, departement_id=e.departement_id, siret=e.siret
                )
                for e in depuis.exclusions.all()
            )
    return appel


def changer_etat(appel: Appel, action: str, par) -> str:
    """``action`` (``TRANSITIONS_APPEL``) applied to ``appel`` and recorded in the history; the refusal,
    in French, when it may not be (« » when done)."""
    from ami.models import TRANSITIONS_APPEL

    with historique.operation(par), transaction.atomic():
        enregistre = Appel.objects.select_for_update().get(pk=appel.pk)
        transition = TRANSITIONS_APPEL.get(action)
        if transition is None or enregistre.etat not in transition.depuis:
            return (
                f"Cette action n’est pas possible pour un appel à l’état « {enregistre.get_etat_display()} »."
            )
        if refus := transition.refus(enregistre):
            return refus
        enregistre.etat = transition.vers
        enregistre.save(update_fields=["etat", "modifie_le"])
        appel.etat = enregistre.etat
    return ""


@dataclass(frozen=True)
class Reprise:
    """An exclusion of R08 « Reprendre les lauréats » would add to a call, with where it comes from;
    ``deja``: the call excludes it already (same SIRET, or same name in the same département)."""

    exclusion: Any
    origine: str
    deja: bool


# The rows of a consortium that no exclusion names: Pôle emploi and the State are in every consortium.
MEMBRES_NON_REPRIS = ("pole_emploi", "etat")


def exclusions_a_reprendre(appel: Appel) -> list[Reprise]:
    """The porteurs (by their SIRET) and consortium members (by their name, in the porteur's
    département) of the lauréats of the other calls, as exclusions of R08 of ``appel``; shown before
    they are added (``reprendre_laureats``). Two queries: the lauréats with their members, the call's
    exclusions."""
    from ami.models import ExclusionR08, NatureExclusion
    from candidatures.models import Dossier, Etat

    existantes = list(appel.exclusions.all())
    sirets = {e.siret for e in existantes if e.siret}
    noms = {(e.nom.strip().lower(), e.departement_id) for e in existantes}
    laureats = (
        Dossier.objects.filter(etat=Etat.LAUREAT)
        .exclude(appel=appel)
        .select_related("appel", "organisation")
        .prefetch_related("membres")
        .order_by("appel__date_ouverture", "numero")
    )
    reprises, vues = [], set()
    for dossier in laureats:
        porteur, departement = dossier.organisation, dossier.organisation.departement_id
        origine = f"{dossier.numero} — lauréat de « {dossier.appel.nom_court} »"
        candidates = [
            ExclusionR08(
                appel=appel,
                nature=NatureExclusion.LAUREAT_APPEL,
                nom=porteur.nom,
                siret=porteur.siret or "",
                departement_id=departement,
            )
        ]
        candidates += [
            ExclusionR08(
                appel=appel,
                nature=NatureExclusion.MEMBRE_LAUREAT,
                nom=membre.structure,
                departement_id=departement,
            )
            for membre in dossier.membres.all()
            if membre.structure.strip() and membre.type not in MEMBRES_NON_REPRIS
        ]
        for exclusion in candidates:
            cle = exclusion.siret or (exclusion.nom.strip().lower(), departement)
            if cle in vues:
                continue
            vues.add(cle)
            deja = exclusion.siret in sirets if exclusion.siret else cle in noms
            reprises.append(Reprise(exclusion, origine, deja))
    return reprises


def reprendre_laureats(appel: Appel, par) -> tuple[Modification, int]:
    """The exclusions of ``exclusions_a_reprendre`` that ``appel`` lacks, added (each recorded in the
    history, the recevabilité re-evaluated: ``modifier_exclusions``); how many were added."""
    nouvelles = [r.exclusion for r in exclusions_a_reprendre(appel) if not r.deja]

    def ajouter():
        for exclusion in nouvelles:
            exclusion.save()

    if not nouvelles:
        return Modification(modifie=False), 0
    return modifier_exclusions(appel, ajouter, par), len(nouvelles)
