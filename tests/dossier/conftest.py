"""Fixtures of the dossier's page tests: an open call, a candidat, a colleague of the same porteur,
another porteur's candidat, a draft and a complete dossier."""

import pytest

from demo.exemples import dossier_complet
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    """The call open for a month, pièces in ``tmp_path`` (tests/conftest.py's ``appel_ouvert``)."""
    return appel_ouvert


@pytest.fixture
def stockage_prive(settings, _appel_ouvert):
    """Where the pièces go: ``tmp_path``, never the project's ``fichiers/``."""
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def autre_candidat():
    return UserFactory()


@pytest.fixture
def complet(dossier, candidat):
    return dossier_complet(dossier, user=candidat)
