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
