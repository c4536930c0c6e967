"""Fixtures of the tests of « Comptes » (the helpers are in ``tests/comptes/outils.py``)."""

import pytest

from comptes import equipe
from tests.factories import UserFactory


@pytest.fixture
def camille():
    return UserFactory(email="camille@exemple.fr", first_name="Camille", last_name="Martin")


@pytest.fixture
def nouvel_instructeur():
    """An instructeur without a TOTP application yet: enrols at the first login."""
    return UserFactory(instructeur=True, email="alex@exemple.fr", application_totp=False)


# The team (tests/comptes/test_equipe_*.py) ---------------------------------------------------------------


@pytest.fixture
def referent(candidat):
    candidat.referent = True
    candidat.save(update_fields=["referent"])
    return candidat


@pytest.fixture
def organisation(referent):
    return referent.organisation


@pytest.fixture
def demandeur():
    """A sign-up with the SIRET of an existing organisation: a candidat without one."""
    return UserFactory(organisation=None, first_name="Sam", last_name="Nouveau", email="sam@exemple.fr")


@pytest.fixture
def demande(demandeur, organisation, collegue):
    return equipe.demander_adhesion(demandeur, organisation)
