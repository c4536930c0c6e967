"""The tests of the help given where it is needed (issue 17, points 12 and 13): the attestation de
dépôt, the FAQ's search, « Besoin d'aide ? », the links between sections. The call is open
(``appel_ouvert``, tests/conftest.py): the dépôts go through ``candidatures.depot.deposer``."""

import pytest


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert
