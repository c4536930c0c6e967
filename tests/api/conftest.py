"""Fixtures of the API tests: an open call, a dossier deposited in the Nord (59, Hauts-de-France) by a
candidat of its conseil départemental, the State staff (instructeur, agents, administrateur), tokens, and
deposited dossiers built directly in bulk (as the dépôt leaves them) for lists and query counts."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.test import Client

from ami.models import Appel
from api.models import JetonApi
from candidatures.models import Dossier, Etat
from tests.factories import (
    OrganisationFactory,
)

DEBUT = datetime.datetime(2021, 9, 1, 9, 0, tzinfo=datetime.UTC)
_numeros = itertools.count(1)


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    """The users (instructeur, agents, administrateur) and ``depose`` are those of tests/conftest.py."""
    return appel_ouvert


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
