import pytest

from candidatures.politique import politique
from comptes.models import Role
from territoires.models import Departement, Region
from tests.factories import (
    DepartementFactory,
    RegionFactory,
    ServiceTerritorialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def departements_visibles(user):
    return politique(user).departements()


def peut_voir_departement(user, departement):
    return politique(user).voit_departement(departement)


def test_referentiel_insee_complet():
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert Departement.objects.get(code="2A").nom == "Corse-du-Sud"
    assert Departement.objects.get(code="976").region.nom == "Mayotte"
    assert Region.objects.get(code="11").departements.count() == 8
    assert Region.objects.get(code="76").departements.count() == 13


def test_factories_reutilisent_le_referentiel():
    assert DepartementFactory().nom == "Nord"
    assert RegionFactory(code="53").nom == "Bretagne"
    assert Departement.objects.count() == 101


def test_ddets_voit_son_departement_seulement():
    agent = UserFactory(agent=True, service_territorial__departement=DepartementFactory(code="59"))
    assert peut_voir_departement(agent, "59")
    assert not peut_voir_departement(agent, "62")
    assert list(departements_visibles(agent).values_list("code", flat=True)) == ["59"]


def test_dreets_voit_toute_sa_region():
    agent = UserFactory(agent_regional=True, service_territorial__region=RegionFactory(code="32"))
    codes = set(departements_visibles(agent).values_list("code", flat=True))
    assert codes == {"02", "59", "60", "62", "80"}
    assert peut_voir_departement(agent, Departement.objects.get(code="62"))
    assert not peut_voir_departement(agent, "75")


def test_services_nationaux_voient_tout_les_candidats_rien():
    assert departements_visibles(UserFactory(instructeur=True)).count() == 101
    assert departements_visibles(UserFactory(administrateur=True)).count() == 101
    candidat = UserFactory()
    assert candidat.role == Role.CANDIDAT
    assert not peut_voir_departement(candidat, candidat.organisation.departement)


def test_compte_desactive_ne_voit_rien():
    agent = UserFactory(agent=True, is_active=False)
    assert not departements_visibles(agent).exists()


def test_service_territorial_un_seul_territoire():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ServiceTerritorialFactory(region=RegionFactory())
