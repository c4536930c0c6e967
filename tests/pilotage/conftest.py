"""Fixtures of the dashboard's tests: the State's users (tests/conftest.py), and a known set of
dossiers deposited through the real dépôt and taken along the real cycle at given dates
(``tests.depots``); the helpers are in ``tests/pilotage/outils.py``."""

import pytest

from candidatures.models import Etat
from tests.depots import donner_avis, dossier_a_l_etat
from tests.factories import DossierFactory, UserFactory
from tests.pilotage.outils import T, paris


@pytest.fixture(autouse=True)
def _pieces(settings, tmp_path):
    """The pièces of the dossiers deposited here go to ``tmp_path`` (dépôts dated September 2021, while
    the 2021 call was open: the call is left as it is)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"


@pytest.fixture
def jeu():
    """Five deposited dossiers over three weeks of September 2021 (Mondays 6, 13 and 20), and a draft.

    | dossier | départements | porteur | subvention | dépôt → … → today | failed rules |
    | d1 | 59 | CD | 400 000 | 07/09 → en instruction 14/09 → recevable 21/09 | |
    | d2 | 59, 62 | PLIE | 300 000 | 08/09 → en instruction 15/09 | R13, R05 |
    | d3 | 35 | mission locale | 200 000 | 15/09 | R13 |
    | d4 | 59 | association | 100 000 | 14/09 → instr. 15/09 → recev. 16/09 → proposé 20/09 → laur. 22/09 | |
    | d5 | 75 | CD | 250 000 | 16/09 → instr. 17/09 → irrecevable 21/09 | R03 |
    """
    instructeur = UserFactory(instructeur=True)
    d = {
        "d1": dossier_a_l_etat(
            Etat.RECEVABLE,
            instructeur=instructeur,
            le=paris(2021, 9, 7),
            apres=[paris(2021, 9, 14), paris(2021, 9, 21)],
            subvention="400000",
        ),
        "d2": dossier_a_l_etat(
            Etat.EN_INSTRUCTION,
            instructeur=instructeur,
            le=paris(2021, 9, 8),
            apres=[paris(2021, 9, 15)],
            departements=("59", "62"),
            type=T.PLIE,
            subvention="300000",
            regles=["R13", "R05"],
        ),
        "d3": dossier_a_l_etat(
            le=paris(2021, 9, 15),
            departements=("35",),
            type=T.MISSION_LOCALE,
            subvention="200000",
            regles=["R13"],
        ),
        "d4": dossier_a_l_etat(
            Etat.LAUREAT,
            instructeur=instructeur,
            le=paris(2021, 9, 14),
            apres=[paris(2021, 9, 15), paris(2021, 9, 16), paris(2021, 9, 20), paris(2021, 9, 22)],
            type=T.ASSOCIATION,
            subvention="100000",
        ),
        "d5": dossier_a_l_etat(
            Etat.IRRECEVABLE,
            instructeur=instructeur,
            le=paris(2021, 9, 16),
            apres=[paris(2021, 9, 17), paris(2021, 9, 21)],
            departements=("75",),
            subvention="250000",
            regles=["R03"],
        ),
    }
    # An avis given on d1: an event of the history, no change of état.
    donner_avis(d["d1"], instructeur, UserFactory(agent=True))
    # A draft: never counted, whatever its rules.
    brouillon = DossierFactory(regles_bloquantes=["R01", "R13"])
    brouillon.departements.add("59")
    return d
