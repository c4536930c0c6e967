"""Fixtures of the API tests: an open call, a dossier deposited in the Nord (59, Hauts-de-France) by a
candidat of its conseil départemental, the State staff (instructeur, agents, administrateur), tokens, and
deposited dossiers built directly in bulk (as the dépôt leaves them) for lists and query counts."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from ami.models import Appel
from api.models import JetonApi
from candidatures.depot import deposer
from candidatures.exemples import dossier_complet
from candidatures.models import Dossier, Etat
from tests.factories import (
    DepartementFactory,
    DossierFactory,
    OrganisationFactory,
    ServiceTerritorialFactory,
    UserFactory,
)

DEBUT = datetime.datetime(2021, 9, 1, 9, 0, tzinfo=datetime.UTC)
_numeros = itertools.count(1)


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


def deposes(nombre=1, *, departements=("59",), **champs):
    """``nombre`` deposited dossiers built directly, oldest dépôt first (no numero_ordre: a real dépôt
    made in the same test numbers from the call's maximum, untouched)."""
    organisation = champs.pop("organisation", None) or OrganisationFactory()
    valeurs = {"etat": Etat.DEPOSE, "cout_global": Decimal("100000"), "subvention_demandee": Decimal("80000")}
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            appel=Appel.objects.courant(),
            organisation=organisation,
            intitule=f"SPIE {n}",
            numero=f"AMI2-SPIE-TEST-{n:05d}",
            depose_le=DEBUT + datetime.timedelta(hours=n),
            **{**valeurs, **champs},
        )
        for n in itertools.islice(_numeros, nombre)
    )
    Lien = Dossier.departements.through
    Lien.objects.bulk_create([Lien(dossier=d, departement_id=c) for d in dossiers for c in departements])
    return dossiers


@pytest.fixture
def candidat():
    return UserFactory(first_name="Camille", last_name="Martin")


@pytest.fixture
def depose(candidat):
    return deposer_dossier(candidat)


@pytest.fixture
def instructeur():
    return UserFactory(instructeur=True, first_name="Alex", last_name="Durand")


@pytest.fixture
def agent_nord():
    return UserFactory(
        agent=True, service_territorial=ServiceTerritorialFactory(departement=DepartementFactory())
    )


@pytest.fixture
def agent_ailleurs():
    bretagne = DepartementFactory(code="35", nom="Ille-et-Vilaine", region__code="53", region__nom="Bretagne")
    return UserFactory(agent=True, service_territorial=ServiceTerritorialFactory(departement=bretagne))


@pytest.fixture
def administrateur():
    return UserFactory(administrateur=True, first_name="Dominique", last_name="Admin")


def emettre(user, **champs) -> str:
    """A token of ``user``, in clear."""
    return JetonApi.objects.emettre(user, champs.pop("libelle", "Tests"), cree_par=None, **champs)[1]


class ClientApi(Client):
    """Django's test client with the token in every request's Authorization header."""

    def __init__(self, jeton: str):
        super().__init__(headers={"Authorization": f"Bearer {jeton}"})


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
