"""Fixtures of the dossier's page tests: an open call, a candidat, a colleague of the same porteur,
another porteur's candidat, a draft and a complete dossier."""

import datetime

import pytest
from django.utils import timezone

from ami.models import Appel
from demo.exemples import dossier_complet
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def appel_ouvert():
    """The 2021 call's deadline is past: open it for a month (Europe/Paris, to the second)."""
    if not Appel.objects.exists():  # a transactional test's flush emptied what data migrations filled
        from territoires.models import Departement, Region
        from territoires.referentiel import charger

        charger(Region, Departement)
        Appel.objects.create()
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    return Appel.objects.courant()


@pytest.fixture(autouse=True)
def stockage_prive(settings, tmp_path):
    """Pièces go to ``tmp_path``, never into the project's ``fichiers/``."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def autre_candidat():
    return UserFactory()


@pytest.fixture
def complet(dossier, candidat):
    return dossier_complet(dossier, user=candidat)
