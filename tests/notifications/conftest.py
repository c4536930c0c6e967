"""The notifications' tests run with the call open (``appel_ouvert``, tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert
