"""The dossier lifecycle (rules.md, « Dossier lifecycle »): the one place that says who may do what to a
dossier, and when.

brouillon → déposé → en instruction ⇄ compléments demandés → recevable or irrecevable (motivated) →
proposé → lauréat or non retenu (motivated). Before the deadline (``Appel.est_ouvert``: its last second
counts) and while nobody has taken it in instruction, a deposited dossier may be withdrawn by its porteur
(« Candidature retirée », motivated) or reopened for correction (a draft again, deposited again under its
number: ``candidatures.depot``); a candidat acts on his organisation's dossiers only.

``REGLES`` lists every action of the history: the state changes and the events that keep the state (a
score, an avis requested, given, reminded; a draft renamed), each with the roles allowed and the states
it is allowed from, never from any state. ``refus`` answers « may this user do this now? » for all of
them, ``effectuer`` is the one entry point that does it and records it in the dossier's history
(``Transition``: who, when, why). The instruction's views, the forms its page shows and the page's
buttons are derived from this table (``instruction.views.dossier.ACTIONS``,
``instruction.pages.FORMULAIRES``).

Adding an instruction action: an ``Action`` member and its ``Regle`` here, then its view and its form
(``instruction``).
"""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone

from candidatures.models import Dossier, Etat, Transition
from comptes.models import Role, User
from notifications.models import Nature
from notifications.services import notifier


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
    # The porteur, before the deadline, while nobody has taken the dossier in instruction.
    RETIRER = "retirer", "Candidature retirée par le porteur"
    ROUVRIR = "rouvrir", "Dossier rouvert par le porteur pour correction"
    # Events of the history that do not change the state.
    NOTER = "noter", "Évaluation sur la grille de sélection"
    DEMANDER_AVIS = "demander_avis", "Demande d’avis aux services déconcentrés"
    DONNER_AVIS = "donner_avis", "Avis d’un service déconcentré"
    RELANCER_AVIS = "relancer_avis", "Relance de la demande d’avis"
    RENOMMER = "renommer", "Dossier renommé par le porteur"


@dataclass(frozen=True)
class Regle:
    """``depuis``: the states it is allowed from; ``vers``: the state it leads to, ``None`` for an event
    (the state is kept); ``roles``: who may do it (``PORTAIL``: the portal itself, no user);
    ``hors_etat``: the refusal when the state does not allow it (``{etat}``: its label), if not the
    generic one."""

    depuis: frozenset
    vers: str | None
    roles: frozenset
    motif_requis: bool = False
    hors_etat: str = ""
    # Only while the call's deadline is not past (``Appel.est_ouvert``, the last second counts).
    avant_date_limite: bool = False

    @property
    def evenement(self) -> bool:
        return self.vers is None


INSTRUCTEURS = frozenset({Role.INSTRUCTEUR})
CANDIDATS = frozenset({Role.CANDIDAT})
AGENTS = frozenset({Role.AGENT})
PORTAIL = frozenset({None})  # done by the portal itself (a daily task), ``user=None``
NOTABLES = frozenset({Etat.EN_INSTRUCTION, Etat.RECEVABLE})
# An avis may be requested and given from the dépôt until the decision.
AVIS = frozenset({Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENTS, Etat.RECEVABLE, Etat.PROPOSE})

REGLES = {
    Action.DEPOSER: Regle(frozenset({Etat.BROUILLON}), Etat.DEPOSE, CANDIDATS),
    Action.PRENDRE: Regle(frozenset({Etat.DEPOSE}), Etat.EN_INSTRUCTION, INSTRUCTEURS),
    Action.DEMANDER_COMPLEMENTS: Regle(
        frozenset({Etat.EN_INSTRUCTION}), Etat.COMPLEMENTS, INSTRUCTEURS, motif_requis=True
    ),
    Action.TRANSMETTRE_COMPLEMENTS: Regle(frozenset({Etat.COMPLEMENTS}), Etat.EN_INSTRUCTION, CANDIDATS),
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
    Action.NOTER: Regle(
        NOTABLES, None, INSTRUCTEURS, hors_etat="Un dossier à l’état « {etat} » ne se note pas."
    ),
    Action.DEMANDER_AVIS: Regle(
        AVIS, None, INSTRUCTEURS, hors_etat="Un dossier à l’état « {etat} » ne fait plus l’objet d’avis."
    ),
    Action.DONNER_AVIS: Regle(
        AVIS, None, AGENTS, hors_etat="Un dossier à l’état « {etat} » ne reçoit plus d’avis."
    ),
    Action.RELANCER_AVIS: Regle(AVIS, None, PORTAIL),
    Action.RENOMMER: Regle(
        frozenset({Etat.BROUILLON}),
        None,
        CANDIDATS,
        hors_etat="Un dossier à l’état « {etat} » ne se renomme plus : seul un brouillon peut l’être.",
    ),
    # « Avant la date limite », a dossier nobody has taken in instruction yet (déposé): its porteur
    # withdraws it (motivated) or reopens it for correction, to deposit it again under its number.
    Action.RETIRER: Regle(
        frozenset({Etat.DEPOSE}),
        Etat.RETIRE,
        CANDIDATS,
        motif_requis=True,
        hors_etat="Un dossier à l’état « {etat} » ne peut plus être retiré : seul un dossier déposé que "
        "l’équipe d’instruction n’a pas encore pris en instruction peut l’être.",
        avant_date_limite=True,
    ),
    Action.ROUVRIR: Regle(
        frozenset({Etat.DEPOSE}),
        Etat.BROUILLON,
        CANDIDATS,
        hors_etat="Un dossier à l’état « {etat} » ne peut plus être rouvert : seul un dossier déposé que "
        "l’équipe d’instruction n’a pas encore pris en instruction peut l’être.",
        avant_date_limite=True,
    ),
}
# The state changes alone, and the events alone: views of ``REGLES``.
TRANSITIONS = {action: regle for action, regle in REGLES.items() if not regle.evenement}
EVENEMENTS = frozenset(action for action, regle in REGLES.items() if regle.evenement)

# The decisions on a dossier (exports, PDF, API, dashboard): its recevabilité, then the final one.
RECEVABILITE = frozenset({Action.DECLARER_RECEVABLE, Action.DECLARER_IRRECEVABLE})
DECISIONS_FINALES = frozenset({Action.DECIDER_LAUREAT, Action.DECIDER_NON_RETENU})
DECISIONS = RECEVABILITE | DECISIONS_FINALES


def chemin(vers: str, depuis: str = Etat.DEPOSE) -> list[str]:
    """The shortest series of state changes from ``depuis`` to ``vers``, ties broken by the order of
    ``REGLES``: the steps by which the demo and the tests bring a deposited dossier to a state."""
    chemins, file = {depuis: []}, [depuis]
    for etat in file:  # breadth first: the list grows while it is read
        for action, regle in TRANSITIONS.items():
            if etat in regle.depuis and regle.vers not in chemins:
                chemins[regle.vers] = [*chemins[etat], action]
                file.append(regle.vers)
    return chemins[vers]


class TransitionInterdite(Exception):
    """The action is not allowed: wrong state, wrong role, or motivation missing (message in French)."""


def refus(dossier: Dossier, action: str, user, maintenant=None) -> str:
    """Why ``user`` may not do ``action`` (a state change or an event) on ``dossier`` now (or at
    ``maintenant``), in French; empty when allowed. ``user`` is ``None`` for the portal itself
    (``PORTAIL``). A candidat acts only on the dossiers of his own organisation (its porteur)."""
    regle = REGLES[action]
    role, actif = (None, True) if user is None else (user.role, user.is_active)
    if role not in regle.roles or not actif:
        return f"« {Action(action).label} » est réservé à un autre profil."
    if dossier.appel.archive:
        return f"L’appel « {dossier.appel.nom_court} » est archivé : ses dossiers ne se modifient plus."
    if role == Role.CANDIDAT and (
        not user.organisation_id or user.organisation_id != dossier.organisation_id
    ):
        return f"« {Action(action).label} » est réservé aux membres de l’organisation qui porte le dossier."
    if dossier.etat not in regle.depuis:
        etat = Etat(dossier.etat).label
        if regle.hors_etat:
            return regle.hors_etat.format(etat=etat)
        return f"« {Action(action).label} » n’est pas possible pour un dossier à l’état « {etat} »."
    if regle.avant_date_limite and not dossier.appel.est_ouvert(maintenant):
        return f"{dossier.appel.raison_fermeture()} : « {Action(action).label} » n’est plus possible."
    return ""


def actions_possibles(dossier: Dossier, user, maintenant=None) -> list[str]:
    """The state changes ``user`` may make on ``dossier`` now (the page's buttons)."""
    return [action for action in TRANSITIONS if not refus(dossier, action, user, maintenant)]


def effectuer(
    dossier: Dossier,
    action: str,
    user,
    motif: str = "",
    donnees=None,
    maintenant=None,
    verifier: bool = True,
) -> Transition:
    """Do ``action`` on ``dossier``: check it (``refus``, the motivation), change the state when it is a
    state change, record it in the history. The caller holds the dossier's row lock
    (``Dossier.objects.verrouiller``) in its transaction when the state changes.

    ``verifier=False``, for an event only: record it without checking the state, to replay a past
    event (demo data, test setups) in a state that was not the dossier's today."""
    regle = REGLES[action]
    motif = (motif or "").strip() if not regle.evenement else motif
    if verifier or not regle.evenement:
        raison = refus(dossier, action, user, maintenant)
        if raison:
            raise TransitionInterdite(raison)
        if regle.motif_requis and not motif:
            raise TransitionInterdite("La motivation est obligatoire.")
    vers = dossier.etat if regle.evenement else regle.vers
    transition = Transition.objects.create(
        dossier=dossier,
        action=action,
        depuis=dossier.etat,
        vers=vers,
        par=user,
        le=maintenant or timezone.now(),
        motif=motif,
        donnees=donnees or {},
    )
    if not regle.evenement:
        dossier.etat = vers
        dossier.version_instruction += 1
        dossier.save(update_fields=["etat", "version_instruction"])
    if action in DECISIONS:
        notifier_decision(dossier)
    return transition


def notifier_decision(dossier: Dossier) -> None:
    """The bell of the porteur's members: a decision (recevabilité, lauréat, non retenu) on ``dossier``."""
    etat = Etat(dossier.etat).label.lower()
    finale = dossier.etat in (Etat.LAUREAT, Etat.NON_RETENU)
    titre = f"Dossier {dossier.numero} : {'décision — ' if finale else ''}{etat}"
    notifier(
        User.objects.filter(organisation_id=dossier.organisation_id, role=Role.CANDIDAT, is_active=True),
        Nature.DECISION,
        titre,
        reverse("candidatures:apercu", args=[dossier.pk]),
        dossier=dossier,
    )
