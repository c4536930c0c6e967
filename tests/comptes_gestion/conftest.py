"""Fixtures of « Comptes et rôles »: an administrateur logged in, the services and organisations an
invitation may choose; the helpers (the POST of the invitation form…) are in
``tests/comptes_gestion/outils.py``."""

import pytest

from tests.factories import DepartementFactory, OrganisationFactory, ServiceTerritorialFactory, UserFactory


@pytest.fixture
def administrateur():
    return UserFactory(
        administrateur=True, first_name="Dominique", last_name="Admin", email="admin@exemple.fr"
    )


@pytest.fixture
def client_admin(client, administrateur):
    client.force_login(administrateur)
    return client


@pytest.fixture
def ddets_nord():
    return ServiceTerritorialFactory(nom="DDETS du Nord", departement=DepartementFactory())


@pytest.fixture
def cd_nord():
    return OrganisationFactory(nom="Conseil départemental du Nord")
