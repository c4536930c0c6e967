"""Fixtures of the tests of issue 12 item 7 (no input gives a 500): the call open, a candidat logged in
with a draft that has a row of every kind (``exemple_isole``, the savepoint each example runs in, is in
``tests/saisie/outils.py``)."""

import pytest

from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense, TypeFinancement
from candidatures.models import Indicateur, ReponseAxe
from consortium.models import Membre, TypeMembre
from tests.factories import DossierFactory


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert


@pytest.fixture
def brouillon(candidat):
    """A draft of the candidat's porteur with a row of every kind: two members (one of the type that has
    the « conseil départemental » box), an indicator per axe, an expense of two groups, a financing line."""
    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)
    Membre.objects.create(dossier=dossier, type=TypeMembre.COLLECTIVITE)
    Membre.objects.create(dossier=dossier, type=TypeMembre.POLE_EMPLOI)
    for axe in (1, 2, 3):
        Indicateur.objects.create(reponse=ReponseAxe.objects.create(dossier=dossier, axe=axe))
    LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1)
    LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.TRANSVERSAL)
    LigneFinancement.objects.create(dossier=dossier, type=TypeFinancement.SUBVENTION_ETAT)
    return dossier


@pytest.fixture
def client_candidat(client, candidat):
    client.force_login(candidat)
    client.raise_request_exception = True  # a server error fails the example with its traceback
    return client
