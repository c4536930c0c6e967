"""Fixtures of the API tests: an open call, a dossier deposited in the Nord (59, Hauts-de-France) by a
candidat of its conseil départemental, the State staff (instructeur, agents, administrateur) and their
API clients. Dossiers in bulk: ``tests.depots.dossiers_a_l_etat``; tokens: ``tests/api/outils.py``."""

import pytest

from tests.api.outils import ClientApi, emettre


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    """The users (instructeur, agents, administrateur) and ``depose`` are those of tests/conftest.py."""
    return appel_ouvert


@pytest.fixture
def api_instructeur(instructeur):
    return ClientApi(emettre(instructeur))


@pytest.fixture
def api_agent_nord(agent_nord):
    return ClientApi(emettre(agent_nord))


@pytest.fixture
def api_agent_ailleurs(agent_ailleurs):
    return ClientApi(emettre(agent_ailleurs))


@pytest.fixture
def api_administrateur(administrateur):
    return ClientApi(emettre(administrateur))
