"""The instruction tests run with the call open (``appel_ouvert``, tests/conftest.py); their users
(instructeurs, agents of the Nord, of the région and of another département) and the deposited dossier
are the shared fixtures of tests/conftest.py."""

import pytest


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert
