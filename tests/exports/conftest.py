"""The exports tests run with the call open (``appel_ouvert``, tests/conftest.py); their users and the
deposited dossier are the shared fixtures of tests/conftest.py, ``deposer_dossier`` and ``instruire``
those of tests/depots.py."""

import pytest


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert
