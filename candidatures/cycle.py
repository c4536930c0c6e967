"""The dossier lifecycle (rules.md, « Dossier lifecycle »): the one place where a dossier changes state.

brouillon → déposé → en instruction ⇄ compléments demandés → recevable or irrecevable (motivated) →
proposé → lauréat or non retenu (motivated). Each action is allowed from the states listed here and to
the roles listed here, never from any state; each is recorded in the dossier's history (``Transition``:
who, when, why).
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from candidatures.models import Dossier, Etat, Transition
from comptes.models import Role


class Action(models.TextChoices):
    DEPOSER = "deposer", "Dépôt du dossier"
    PRENDRE = "prendre", "Prise en instruction"
    DEMANDER_COMPLEMENTS = "demander_complements", "Demande de compléments"
    TRANSMETTRE_COMPLEMENTS = "transmettre_complements", "Compléments transmis"
    DECLARER_RECEVABLE = "declarer_recevable", "Dossier déclaré recevable"
    DECLARER_IRRECEVABLE = "declarer_irrecevable", "Dossier déclaré irrecevable"
    PROPOSER = "proposer", "Proposition au comité de sélection"
    DECIDER_LAUREAT = "decider_laureat", "Décision : lauréat"
    DECIDER_NON_RETENU = "decider_non_retenu", "Décision : non retenu"
    # Events of the history that do not change the state (``consigner``).
    NOTER = "noter", "Évaluation sur la grille de sélection"
    DEMANDER_AVIS = "demander_avis", "Demande d’avis aux services déconcentrés"
    DONNER_AVIS = "donner_avis", "Avis d’un service déconcentré"
    RELANCER_AVIS = "relancer_avis", "Relance de la demande d’avis"


@dataclass(frozen=True)
class Regle:
    depuis: frozenset
    vers: str
    roles: frozenset
    motif_requis: bool = False


INSTRUCTEURS = frozenset({Role.INSTRUCTEUR})
TRANSITIONS = {
    Action.DEPOSER: Regle(frozenset({Etat.BROUILLON}), Etat.DEPOSE, frozenset({Role.CANDIDAT})),
    Action.PRENDRE: Regle(frozenset({Etat.DEPOSE}), Etat.EN_INSTRUCTION, INSTRUCTEURS),
    Action.DEMANDER_COMPLEMENTS: Regle(
        frozenset({Etat.EN_INSTRUCTION}), Etat.COMPLEMENTS, INSTRUCTEURS, motif_requis=True
    ),
    Action.TRANSMETTRE_COMPLEMENTS: Regle(
        frozenset({Etat.COMPLEMENTS}), Etat.EN_INSTRUCTION, frozenset({Role.CANDIDAT})
    ),
    Action.DECLARER_RECEVABLE: Regle(
        frozenset({Etat.EN_INSTRUCTION}), Etat.RECEVABLE, INSTRUCTEURS, motif_requis=True
    ),
    Action.DECLARER_IRRECEVABLE: Regle(
        frozenset({Etat.EN_INSTRUCTION}), Etat.IRRECEVABLE, INSTRUCTEURS, motif_requis=True
    ),
    Action.PROPOSER: Regle(frozenset({Etat.RECEVABLE}), Etat.PROPOSE, INSTRUCTEURS, motif_requis=True),
    Action.DECIDER_LAUREAT: Regle(frozenset({Etat.PROPOSE}), Etat.LAUREAT, INSTRUCTEURS, motif_requis=True),
    Action.DECIDER_NON_RETENU: Regle(
        frozenset({Etat.PROPOSE}), Etat.NON_RETENU, INSTRUCTEURS, motif_requis=True
    ),
}


# What the porteur sees of its dossier's history: the state changes, but the internal proposal to the
# committee; what an agent territorial sees: everything but the instructeurs' evaluations.
EVENEMENTS = frozenset({Action.NOTER, Action.DEMANDER_AVIS, Action.DONNER_AVIS, Action.RELANCER_AVIS})
VISIBLES_CANDIDAT = frozenset(set(Action) - {Action.PROPOSER} - EVENEMENTS)
VISIBLES_AGENT = frozenset(set(Action) - {Action.NOTER})
# The decisions on a dossier (exports, PDF, API, dashboard): its recevabilité, then the final one.
RECEVABILITE = frozenset({Action.DECLARER_RECEVABLE, Action.DECLARER_IRRECEVABLE})
DECISIONS_FINALES = frozenset({Action.DECIDER_LAUREAT, Action.DECIDER_NON_RETENU})
DECISIONS = RECEVABILITE | DECISIONS_FINALES


class TransitionInterdite(Exception):
    """The action is not allowed: wrong state, wrong role, or motivation missing (message in French)."""


def refus(dossier: Dossier, action: str, user) -> str:
    """Why ``user`` may not apply ``action`` to ``dossier`` now, in French; empty when allowed."""
    regle = TRANSITIONS.get(action)
    if regle is None:
        return f"« {action} » ne change pas l’état d’un dossier."
    if user.role not in regle.roles or not user.is_active:
        return f"« {Action(action).label} » est réservé à un autre profil."
    if dossier.etat not in regle.depuis:
        return (
            f"« {Action(action).label} » n’est pas possible pour un dossier à l’état "
            f"« {Etat(dossier.etat).label} »."
        )
    return ""


def actions_possibles(dossier: Dossier, user) -> list[str]:
    return [action for action in TRANSITIONS if not refus(dossier, action, user)]


def appliquer(
    dossier: Dossier, action: str, user, motif: str = "", donnees=None, maintenant=None
) -> Transition:
    """Apply ``action``: check it, change the state, record the transition. The caller holds the
    dossier's row lock (``Dossier.objects.verrouiller``) in its transaction."""
    raison = refus(dossier, action, user)
    if raison:
        raise TransitionInterdite(raison)
    regle = TRANSITIONS[action]
    motif = (motif or "").strip()
    if regle.motif_requis and not motif:
        raise TransitionInterdite("La motivation est obligatoire.")
    transition = Transition.objects.create(
        dossier=dossier,
        action=action,
        depuis=dossier.etat,
        vers=regle.vers,
        par=user,
        le=maintenant or timezone.now(),
        motif=motif,
        donnees=donnees or {},
    )
    dossier.etat = regle.vers
    dossier.version_instruction += 1
    dossier.save(update_fields=["etat", "version_instruction"])
    return transition


def consigner(dossier: Dossier, action: str, user, motif: str = "", donnees=None) -> Transition:
    """Record an event of the instruction that does not change the state (an evaluation, an avis…)."""
    assert action in EVENEMENTS, action
    return Transition.objects.create(
        dossier=dossier,
        action=action,
        depuis=dossier.etat,
        vers=dossier.etat,
        par=user,
        le=timezone.now(),
        motif=motif,
        donnees=donnees or {},
    )
