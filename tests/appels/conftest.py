"""The two calls of the tests of several calls (issue 19): vague 2, the call of the migrations, and a
vague 3 published beside it."""

import datetime

import pytest

from ami.models import Appel
from tests.depots import DEBUT, deposer_dossier, dossiers_a_l_etat
from tests.factories import AppelFactory


@pytest.fixture
def vague2():
    return Appel.objects.get(prefixe_numero="AMI2-SPIE-2021")


@pytest.fixture
def vague3(vague2):
    """A second call, published, opened after vague 2: the default call."""
    return AppelFactory(
        nom_court="AMI SPIE — vague 3",
        prefixe_numero="AMI3-SPIE",
        date_ouverture=datetime.date(2021, 8, 1),
        date_limite_depot=datetime.date(2022, 10, 1),
    )


@pytest.fixture
def deux_appels(vague2, vague3, candidat, collegue):
    """Two dossiers deposited in vague 2, one in vague 3 (Nord)."""
    v2 = dossiers_a_l_etat(2, departements=("59",), appel=vague2)
    v3 = deposer_dossier(candidat, appel=vague3, le=DEBUT)
    return v2, v3
