"""Fixtures of the instruction tests: an open call, a deposited dossier in the Nord (59, Hauts-de-France),
its porteur's candidats, instructeurs, agents of the Nord, of the région and of another département."""

import datetime

import pytest
from django.utils import timezone

from ami.models import Appel
from candidatures.depot import deposer
from candidatures.exemples import dossier_complet
from tests.factories import DepartementFactory, DossierFactory, ServiceTerritorialFactory, UserFactory


@pytest.fixture(autouse=True)
def appel_ouvert(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    return Appel.objects.courant()


def deposer_dossier(user, **kwargs):
    dossier = DossierFactory(organisation=user.organisation, cree_par=user, modifie_par=user)
    dossier_complet(dossier, user=user, **kwargs)
    resultat = deposer(dossier.pk, user)
    assert resultat.depose and resultat.nouveau, resultat.motif
    return resultat.dossier


@pytest.fixture
def depose(candidat, collegue):
    return deposer_dossier(candidat)


@pytest.fixture
def instructeur():
    return UserFactory(instructeur=True, first_name="Alex", last_name="Durand")


@pytest.fixture
def instructeur2():
    return UserFactory(instructeur=True, first_name="Sacha", last_name="Bernard")


@pytest.fixture
def agent_nord():
    return UserFactory(
        agent=True, service_territorial=ServiceTerritorialFactory(departement=DepartementFactory())
    )


@pytest.fixture
def agent_region():
    return UserFactory(agent_regional=True)


@pytest.fixture
def agent_ailleurs():
    bretagne = DepartementFactory(code="35", nom="Ille-et-Vilaine", region__code="53", region__nom="Bretagne")
    return UserFactory(agent=True, service_territorial=ServiceTerritorialFactory(departement=bretagne))


@pytest.fixture
def administrateur():
    return UserFactory(administrateur=True)
