"""Issue 18, the queue at 50 000 dossiers: its département / région sorts read stored, indexed keys
(``candidatures.tri``) instead of aggregating every dossier's départements, and the territory choices
of its filters come from the cache (``instruction.choix_territoires``).

- the keys follow the départements through every path that changes them (the territory section, a
  new draft, the demo, the related manager both ways, a bulk load with ``recalculer``);
- the order of the stored keys is the order of the former aggregated sort, ties and NULLs included;
- the cached choices are those of the référentiel, per scope, forgotten when a territoire is saved;
- the queue costs the same queries for 3 or 60 dossiers, whatever the territory sort.
"""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Min
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami.models import Appel
from candidatures import tri
from candidatures.models import Dossier, Etat, Perimetre, Section
from comptes.models import ServiceTerritorial, TypeServiceTerritorial
from demo.exemples import dossier_complet
from instruction import choix_territoires, file
from territoires.models import Departement, Region
from tests.factories import DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

A_INSTRUIRE = reverse("instruction:a_instruire")
TERRITOIRE = reverse("instruction:territoire")
DEBUT = datetime.datetime(2021, 9, 1, 9, 0, tzinfo=datetime.UTC)
_numeros = itertools.count(9001)


def deposes(departements_par_dossier, organisation=None) -> list[Dossier]:
    """Deposited dossiers built directly, each over its départements (set through the related manager:
    the signal's path)."""
    organisation = organisation or OrganisationFactory()
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            appel=Appel.objects.courant(),
            organisation=organisation,
            intitule=f"SPIE {n}",
            etat=Etat.DEPOSE,
            numero_ordre=n,
            numero=f"AMI2-SPIE-2021-{n:04d}",
            depose_le=DEBUT + datetime.timedelta(hours=n),
            cout_global=Decimal("100000"),
            subvention_demandee=Decimal("80000"),
        )
        for n, _ in zip(_numeros, departements_par_dossier, strict=False)
    )
    for dossier, codes in zip(dossiers, departements_par_dossier, strict=True):
        dossier.departements.set(codes)
    return dossiers


def cles_attendues(dossier) -> tuple:
    """The former sort's values: MIN over the dossier's départements, of their régions' names."""
    return tuple(
        Dossier.objects.filter(pk=dossier.pk)
        .aggregate(d=Min("departements__code"), r=Min("departements__region__nom"))
        .values()
    )


def cles(dossier) -> tuple:
    return Dossier.objects.values_list("tri_departement", "tri_region").get(pk=dossier.pk)


# ---- The keys follow the départements, whatever the path --------------------------------------------


def test_un_nouveau_brouillon_prend_le_departement_de_son_porteur():
    organisation = OrganisationFactory(departement=Departement.objects.get(code="69"))
    dossier = Dossier.objects.creer(Appel.objects.courant(), organisation, "SPIE du Rhône", None)
    assert cles(dossier) == ("69", "Auvergne-Rhône-Alpes") == cles_attendues(dossier)
    assert (dossier.tri_departement, dossier.tri_region) == ("69", "Auvergne-Rhône-Alpes")  # the instance


def test_la_section_territoire_enregistree_met_les_cles_a_jour(client, candidat, appel_ouvert):
    dossier = DossierFactory(organisation=candidat.organisation)
    client.force_login(candidat)
    url = reverse("candidatures:section", args=[dossier.pk, Section.TERRITOIRE])
    donnees = {
        "version": str(Dossier.objects.get(pk=dossier.pk).version(Section.TERRITOIRE)),
        "perimetre": Perimetre.DEPARTEMENT,
        "departement": "75",
        "second_departement": "02",
        "publics": ["rsa"],
    }
    assert client.post(url, donnees).status_code == 302
    assert cles(dossier) == ("02", "Hauts-de-France") == cles_attendues(dossier)
    donnees.update(version=str(Dossier.objects.get(pk=dossier.pk).version(Section.TERRITOIRE)))
    donnees.update(departement="13", second_departement="")
    assert client.post(url, donnees).status_code == 302
    assert cles(dossier) == ("13", "Provence-Alpes-Côte d'Azur") == cles_attendues(dossier)


def test_la_demo_met_les_cles_a_jour(candidat):
    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation))
    assert cles(dossier) == cles_attendues(dossier) != (None, None)


def test_le_gestionnaire_dans_les_deux_sens(candidat):
    dossier = DossierFactory(organisation=candidat.organisation)
    assert cles(dossier) == (None, None)
    dossier.departements.add("75", "59")
    assert cles(dossier) == ("59", "Hauts-de-France")
    dossier.departements.remove("59")
    assert cles(dossier) == ("75", "Île-de-France") == (dossier.tri_departement, dossier.tri_region)
    dossier.departements.clear()
    assert cles(dossier) == (None, None) == (dossier.tri_departement, dossier.tri_region)
    aisne, autre = Departement.objects.get(code="02"), DossierFactory(organisation=candidat.organisation)
    aisne.dossiers.add(dossier, autre)  # the reverse side
    assert cles(dossier) == cles(autre) == ("02", "Hauts-de-France")
    aisne.dossiers.remove(autre)
    assert cles(autre) == (None, None)
    dossier.departements.add("13")
    aisne.dossiers.clear()
    assert cles(dossier) == ("13", "Provence-Alpes-Côte d'Azur")


def test_un_chargement_en_masse_recalcule_les_cles():
    """``bulk_create`` of the link table sends no signal (the benches, the queue's tests): ``recalculer``
    writes the keys of any number of dossiers in one UPDATE, as the migration did."""
    dossiers = deposes([[], [], []])
    Lien = Dossier.departements.through
    Lien.objects.bulk_create(
        [Lien(dossier=dossiers[0], departement_id="971"), Lien(dossier=dossiers[1], departement_id="2A")]
    )
    with CaptureQueriesContext(connection) as requetes:
        assert tri.recalculer(Dossier.objects.filter(pk__in=[d.pk for d in dossiers])) == 3
    assert len(requetes) == 1
    assert [cles(d) for d in dossiers] == [cles_attendues(d) for d in dossiers]
    assert cles(dossiers[2]) == (None, None)


# ---- The order of the stored keys is the former order -----------------------------------------------

# No département, one, two of one région or of two, the same first département (ties), accents
# (Île-de-France, Auvergne-Rhône-Alpes), Corse (2A, 2B) and overseas codes (971).
VARIES = [[], ["59"], ["59", "62"], ["75", "02"], ["02"], ["69"], ["2A"], ["2B", "13"], ["971"], []]
VARIES += [["75"], ["59"], ["01", "75"], ["974", "59"], ["69", "38"], ["02", "75"]]


def ancien_ordre(dossiers, cle: str, descendant: bool) -> list[int]:
    """The sort before issue 18: an aggregate over the link table, GROUP BY the dossier."""
    champ = {"departement": "departements__code", "region": "departements__region__nom"}[cle]
    valeur = F("ancien")
    ordre = valeur.desc(nulls_first=True) if descendant else valeur.asc(nulls_last=True)
    triees = dossiers.alias(ancien=Min(champ)).order_by(ordre, F("pk").desc() if descendant else F("pk"))
    return list(triees.values_list("pk", flat=True))


@pytest.mark.parametrize("cle", ["departement", "region"])
@pytest.mark.parametrize("descendant", [False, True])
def test_l_ordre_des_cles_est_celui_du_tri_agrege(cle, descendant):
    deposes(VARIES)
    dossiers = Dossier.objects.exclude(numero=None)
    nouveau = list(file.ordonner(dossiers, cle, descendant).values_list("pk", flat=True))
    assert nouveau == ancien_ordre(dossiers, cle, descendant)
    assert len(nouveau) == len(VARIES)


@pytest.mark.parametrize("tri_", ["region", "-region", "departement", "-departement"])
def test_la_file_triee_suit_les_cles(client, tri_):
    deposes(VARIES)
    client.force_login(UserFactory(instructeur=True))
    contenu = client.get(A_INSTRUIRE, {"tri": tri_}).content.decode()
    lus = re.findall(r'<a href="/instruction/dossiers/\d+/">([^<]+)</a>', contenu)
    pks = ancien_ordre(Dossier.objects.exclude(numero=None), tri_.lstrip("-"), tri_.startswith("-"))
    numeros = dict(Dossier.objects.values_list("pk", "numero"))
    assert lus == [numeros[pk] for pk in pks]


@pytest.mark.parametrize("tri_", ["region", "-region", "departement", "-departement"])
def test_la_file_d_un_agent_triee_suit_les_memes_cles(client, tri_):
    """An agent's queue sorts on the same values, through an expression (``file.TRIS_DU_TERRITOIRE``)."""
    deposes(VARIES)
    agent(client, region="32")
    contenu = client.get(TERRITOIRE, {"tri": tri_}).content.decode()
    lus = re.findall(r'<a href="/instruction/dossiers/\d+/">([^<]+)</a>', contenu)
    hdf = Dossier.objects.filter(departements__region_id="32").exclude(numero=None).distinct()
    pks = ancien_ordre(
        Dossier.objects.filter(pk__in=hdf.values("pk")), tri_.lstrip("-"), tri_.startswith("-")
    )
    numeros = dict(Dossier.objects.values_list("pk", "numero"))
    assert lus == [numeros[pk] for pk in pks] and len(lus) == 7


# ---- The cached territory choices ------------------------------------------------------------------


def agent(client, departement=None, region=None):
    type_ = TypeServiceTerritorial.DREETS if region else TypeServiceTerritorial.DDETS
    service = ServiceTerritorial.objects.create(
        type=type_, nom="Service", region_id=region, departement_id=departement
    )
    user = UserFactory(agent=True, service_territorial=service)
    client.force_login(user)
    return user


def test_les_choix_sont_ceux_du_referentiel_puis_du_cache(django_assert_num_queries):
    instructeur = UserFactory(instructeur=True)
    collegue = UserFactory(instructeur=True)
    with django_assert_num_queries(1):
        choix = choix_territoires.choix_de(instructeur)
    assert len(choix.departements) == Departement.objects.count() == 101
    assert [code for code, _ in choix.departements] == sorted(
        Departement.objects.values_list("code", flat=True)
    )
    assert len(choix.regions) == Region.objects.count() == 18
    noms = [nom for _, nom in choix.regions]
    assert noms.index("Île-de-France") < noms.index("La Réunion")  # sorted without accents
    assert ("59", "59 – Nord") in choix.departements
    with django_assert_num_queries(0):
        assert choix_territoires.choix_de(collegue) == choix  # the same scope: the same entry


def test_chaque_portee_a_ses_choix(client, django_assert_num_queries):
    ddets = agent(client, departement="59")
    dreets = UserFactory(
        agent=True,
        service_territorial=ServiceTerritorial.objects.create(
            type=TypeServiceTerritorial.DREETS, nom="DREETS", region_id="32"
        ),
    )
    assert choix_territoires.choix_de(ddets).departements == (("59", "59 – Nord"),)
    hdf = choix_territoires.choix_de(dreets)
    assert [c for c, _ in hdf.departements] == ["02", "59", "60", "62", "80"]
    assert hdf.regions == (("32", "Hauts-de-France"),)
    assert "Nord (59)" in hdf.noms
    with django_assert_num_queries(0):
        assert choix_territoires.choix_de(ddets).departements == (("59", "59 – Nord"),)
    assert choix_territoires.choix_de(UserFactory()) == choix_territoires.VIDE  # a candidat: none


def test_un_territoire_enregistre_vide_le_cache(django_assert_num_queries):
    instructeur = UserFactory(instructeur=True)
    choix_territoires.choix_de(instructeur)
    nord = Departement.objects.get(code="59")
    nord.nom = "Nord (renommé)"
    nord.save()
    with django_assert_num_queries(1):
        assert ("59", "59 – Nord (renommé)") in choix_territoires.choix_de(instructeur).departements
    region = Region.objects.get(code="32")
    region.courriel_service_regional = "spie@hdf.exemple.gouv.fr"
    region.save()  # « Contacts » of the administration: forgotten too (the next page asks once)
    with django_assert_num_queries(1):
        choix_territoires.choix_de(instructeur)


def test_la_page_d_un_agent_nomme_son_territoire(client):
    agent(client, region="32")
    contenu = client.get(TERRITOIRE).content.decode()
    assert "les 5 départements" in contenu
    assert "Aisne (02), Nord (59), Oise (60), Pas-de-Calais (62), Somme (80)." in contenu
    assert '<option value="62">62 – Pas-de-Calais</option>' in contenu


# ---- The queue's queries: constant, the territory sorts included ------------------------------------


@pytest.mark.parametrize("tri_", ["departement", "-departement", "region", "-region"])
@pytest.mark.parametrize("url", [A_INSTRUIRE, TERRITOIRE])
def test_nombre_de_requetes_constant_3_ou_60_dossiers(client, django_assert_num_queries, url, tri_):
    """Session, user, COUNT, the page's rows, their départements, their avis and scores: 6, and the
    territory choices once (a cold cache: the first page after a start or a change of territoires)."""
    if url == TERRITOIRE:
        agent(client, region="32")
        deposes([["75"]] * 5)  # outside the territory
    else:
        client.force_login(UserFactory(instructeur=True))
    deposes([["59", "75"], ["62"], []])
    with CaptureQueriesContext(connection) as froid:
        assert client.get(url, {"tri": tri_}).status_code == 200
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url, {"tri": tri_}).status_code == 200
    deposes([["02"], ["80", "59"], ["60"]] * 19, organisation=OrganisationFactory(nom="Autre porteur"))
    with django_assert_num_queries(len(peu)):
        reponse = client.get(url, {"tri": tri_})
    assert (len(froid), len(peu)) == (8, 7)
    assert reponse.content.decode().count('<a href="/instruction/dossiers/') == 50
    lignes = [q["sql"] for q in peu.captured_queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]]
    lignes = [sql for sql in lignes if f'"tri_{tri_.lstrip("-")}"' in sql.split("ORDER BY")[-1]]
    assert len(lignes) == 1 and "GROUP BY" not in lignes[0]  # the page's rows: read from the index
