"""The lifecycle: each action only from the states and for the roles of candidatures.cycle, recorded."""

import pytest
from django.db import transaction
from django.utils import timezone

from candidatures import cycle
from candidatures.cycle import Action, TransitionInterdite
from candidatures.models import Dossier, Etat, Transition
from candidatures.politique import politique
from tests.depots import amener
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

# rules.md, « Dossier lifecycle »: the only allowed moves.
ATTENDU = {
    Action.DEPOSER: ({Etat.BROUILLON}, Etat.DEPOSE),
    Action.PRENDRE: ({Etat.DEPOSE}, Etat.EN_INSTRUCTION),
    Action.DEMANDER_COMPLEMENTS: ({Etat.EN_INSTRUCTION}, Etat.COMPLEMENTS),
    Action.TRANSMETTRE_COMPLEMENTS: ({Etat.COMPLEMENTS}, Etat.EN_INSTRUCTION),
    Action.DECLARER_RECEVABLE: ({Etat.EN_INSTRUCTION}, Etat.RECEVABLE),
    Action.DECLARER_IRRECEVABLE: ({Etat.EN_INSTRUCTION}, Etat.IRRECEVABLE),
    Action.PROPOSER: ({Etat.RECEVABLE}, Etat.PROPOSE),
    Action.DECIDER_LAUREAT: ({Etat.PROPOSE}, Etat.LAUREAT),
    Action.DECIDER_NON_RETENU: ({Etat.PROPOSE}, Etat.NON_RETENU),
    # The porteur, before the deadline, while nobody has taken the dossier in instruction (issue 16, 19).
    Action.RETIRER: ({Etat.DEPOSE}, Etat.RETIRE),
    Action.ROUVRIR: ({Etat.DEPOSE}, Etat.BROUILLON),
}
PORTEUR = (Action.DEPOSER, Action.TRANSMETTRE_COMPLEMENTS, Action.RETIRER, Action.ROUVRIR)
HORS_ETAT = "n’est pas possible pour un dossier à l’état|ne peut plus être (retiré|rouvert)"


def test_la_table_des_transitions_est_celle_du_cycle_de_vie():
    assert {a: (set(r.depuis), r.vers) for a, r in cycle.TRANSITIONS.items()} == ATTENDU


@pytest.mark.parametrize("action", list(cycle.TRANSITIONS))
@pytest.mark.parametrize("etat", list(Etat))
def test_chaque_action_n_est_permise_que_depuis_ses_etats(request, instructeur, candidat, action, etat):
    if etat == Etat.BROUILLON:  # a draft numbered as ``depot.deposer`` numbers it before the transition
        dossier = DossierFactory(
            organisation=candidat.organisation, numero="AMI2-SPIE-2021-0001", depose_le=timezone.now()
        )
    else:  # deposited, then taken to ``etat`` along the lifecycle
        dossier = amener(request.getfixturevalue("depose"), etat, instructeur)
    user = candidat if action in PORTEUR else instructeur
    avant = Transition.objects.filter(dossier=dossier).count()
    with transaction.atomic():
        if etat in ATTENDU[action][0]:
            transition = cycle.effectuer(dossier, action, user, motif="Motivation de test")
            assert (transition.depuis, transition.vers, transition.par) == (etat, ATTENDU[action][1], user)
            assert Dossier.objects.get(pk=dossier.pk).etat == ATTENDU[action][1]
            assert Transition.objects.filter(dossier=dossier).count() == avant + 1
        else:
            with pytest.raises(TransitionInterdite, match=HORS_ETAT):
                cycle.effectuer(dossier, action, user, motif="Motivation de test")
            assert Dossier.objects.get(pk=dossier.pk).etat == etat
            assert Transition.objects.filter(dossier=dossier).count() == avant


def test_un_role_non_prevu_est_refuse(depose, candidat, agent_nord, administrateur):
    for user in (candidat, agent_nord, administrateur):
        with pytest.raises(TransitionInterdite, match="réservé à un autre profil"):
            cycle.effectuer(depose, Action.PRENDRE, user)
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE


def test_la_motivation_est_obligatoire_pour_une_decision(depose, instructeur):
    cycle.effectuer(depose, Action.PRENDRE, instructeur)
    with pytest.raises(TransitionInterdite, match="motivation est obligatoire"):
        cycle.effectuer(depose, Action.DECLARER_IRRECEVABLE, instructeur, motif="   ")
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.EN_INSTRUCTION


def test_le_depot_est_la_premiere_transition_et_fige_les_montants(depose, candidat):
    (transition,) = depose.transitions.all()
    assert (transition.action, transition.depuis, transition.vers) == (
        Action.DEPOSER,
        Etat.BROUILLON,
        Etat.DEPOSE,
    )
    assert transition.par == candidat and transition.le == depose.depose_le
    assert depose.cout_global > 0 and depose.subvention_demandee > 0
    assert depose.subvention_demandee <= depose.cout_global * 80 / 100


def test_un_evenement_est_consigne_sans_changer_l_etat(depose, instructeur, candidat, agent_nord):
    with pytest.raises(TransitionInterdite, match="ne se note pas"):
        cycle.effectuer(depose, Action.NOTER, instructeur)
    evenement = cycle.effectuer(depose, Action.NOTER, instructeur, donnees={"note": "14.50"}, verifier=False)
    assert (evenement.depuis, evenement.vers) == (Etat.DEPOSE, Etat.DEPOSE)
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE
    visibles = politique(candidat).evenements_visibles | politique(agent_nord).evenements_visibles
    assert Action.NOTER not in visibles


@pytest.mark.parametrize("etat", [e for e in Etat if e != Etat.BROUILLON])
def test_le_chemin_vers_chaque_etat_suit_la_table(etat):
    """``cycle.chemin``: each step allowed from the state the previous one led to, and it ends in ``etat``."""
    courant = Etat.DEPOSE
    for action in cycle.chemin(etat):
        regle = cycle.TRANSITIONS[action]
        assert courant in regle.depuis, (etat, action, courant)
        courant = regle.vers
    assert courant == etat
    assert len(cycle.chemin(Etat.LAUREAT)) == 4  # prendre, recevable, proposer, décider: the shortest
