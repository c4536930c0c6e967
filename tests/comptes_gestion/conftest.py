"""Fixtures of « Comptes et rôles »: an administrateur logged in, the services and organisations an
invitation may choose, and the POST of the invitation form with every field present (as a browser sends
it: the groups of the other roles are in the page, empty)."""

import pytest

from tests.factories import DepartementFactory, OrganisationFactory, ServiceTerritorialFactory, UserFactory

MOT_DE_PASSE_CHOISI = "Insertion-et-emploi-2021"


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


VIDE = {
    "email": "",
    "first_name": "",
    "last_name": "",
    "role": "",
    "organisation": "",
    "service_national": "",
    "service_territorial": "",
    "nouvelle_organisation-nom": "",
    "nouvelle_organisation-siret": "",
    "nouvelle_organisation-type": "",
    "nouvelle_organisation-departement": "",
    "nouveau_service-type": "",
    "nouveau_service-nom": "",
    "nouveau_service-region": "",
    "nouveau_service-departement": "",
}


def formulaire(**champs) -> dict:
    """The invitation (or account) form as posted; ``nouvelle_organisation__nom`` stands for
    ``nouvelle_organisation-nom``."""
    return {**VIDE, **{cle.replace("__", "-"): valeur for cle, valeur in champs.items()}}
