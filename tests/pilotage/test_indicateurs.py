"""The dashboard's figures computed on their own (``pilotage.indicateurs``): the weekly series in Paris
time up to this week, a change of état without history, the failed rules."""

import datetime

import pytest

from candidatures.models import Etat
from pilotage import indicateurs
from tests.depots import dossier_a_l_etat
from tests.pilotage.outils import paris

pytestmark = pytest.mark.django_db


def test_evolution_jusqu_a_la_semaine_en_cours():
    """Within a year of the first dépôt, the series runs to this week, even without a change since."""
    from candidatures.models import Dossier

    dossier_a_l_etat(le=paris(2021, 9, 7))
    dossiers = Dossier.objects.exclude(etat=Etat.BROUILLON)
    r = indicateurs.repartition(dossiers)
    semaines = indicateurs.evolution(dossiers, r.par_etat, maintenant=paris(2021, 10, 1))
    assert [s.debut for s in semaines] == [datetime.date(2021, 9, d) for d in (6, 13, 20, 27)]
    assert [s.effectifs[Etat.DEPOSE] for s in semaines] == [1, 1, 1, 1]


def test_evolution_suit_l_heure_de_paris():
    """A dépôt on Sunday at 23:30 in Paris (22:30 UTC in summer time) falls in that week, not the next."""
    from candidatures.models import Dossier

    dossier_a_l_etat(le=paris(2021, 9, 12, 23))
    dossier_a_l_etat(le=paris(2021, 9, 13, 0))
    dossiers = Dossier.objects.exclude(etat=Etat.BROUILLON)
    r = indicateurs.repartition(dossiers)
    semaines = indicateurs.evolution(dossiers, r.par_etat, maintenant=paris(2021, 9, 14))
    assert [(s.debut, s.total) for s in semaines] == [
        (datetime.date(2021, 9, 6), 1),
        (datetime.date(2021, 9, 13), 2),
    ]


def test_etat_change_sans_historique():
    """A dossier whose history misses a change still ends in today's état: the series is counted back
    from today's figures."""
    from candidatures.models import Dossier

    dossier = dossier_a_l_etat(le=paris(2021, 9, 7))
    Dossier.objects.filter(pk=dossier.pk).update(etat=Etat.RECEVABLE)
    dossiers = Dossier.objects.exclude(etat=Etat.BROUILLON)
    r = indicateurs.repartition(dossiers)
    (semaine,) = indicateurs.evolution(dossiers, r.par_etat, maintenant=paris(2021, 9, 8))
    assert semaine.effectifs[Etat.RECEVABLE] == 1 and semaine.total == 1


def test_la_regle_r1_ne_compte_pas_r13():
    from candidatures.models import Dossier

    dossier_a_l_etat(le=paris(2021, 9, 7), regles=["R13", "R14"])
    echecs = indicateurs.echecs_par_regle(Dossier.objects.all())
    assert echecs["R13"] == 1 and echecs["R14"] == 1
    assert echecs["R01"] == 0 and echecs["R11"] == 0


def test_le_constat_des_instructeurs_prevaut_sur_la_verification_automatique():
    from candidatures.models import Dossier

    dossier_a_l_etat(
        Etat.RECEVABLE,
        le=paris(2021, 9, 7),
        apres=(paris(2021, 9, 8), paris(2021, 9, 9)),
        regles=["R13"],
        constats={
            "R13": {"constat": "conforme", "motif": "Contribution en nature comptée."},
            "R05": {"constat": "non_conforme", "motif": "Les allocataires du RSA manquent."},
        },
    )
    dossier_a_l_etat(le=paris(2021, 9, 7), regles=["R13"])
    echecs = indicateurs.echecs_par_regle(Dossier.objects.all())
    assert echecs["R13"] == 1  # the automated failure the instructeur judged « conforme » no longer counts
    assert echecs["R05"] == 1
