"""The instruction queue: « Dossiers à instruire » (instructeurs, administrateurs) and « Dossiers de mon
territoire » (agents): scoping, filters, search, sort, pagination, errors, number of queries."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from candidatures import depot, tri
from candidatures.models import Dossier, Etat, Public
from comptes.models import ServiceTerritorial, TypeOrganisation, TypeServiceTerritorial
from demo.exemples import dossier_complet
from instruction.filtres import concerne_public
from tests.depots import dossier_a_l_etat
from tests.factories import DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

A_INSTRUIRE = reverse("instruction:a_instruire")
TERRITOIRE = reverse("instruction:territoire")
NBSP = "\u00a0"
_numeros = itertools.count(1)
DEBUT = datetime.datetime(2021, 9, 1, 9, 0, tzinfo=datetime.UTC)


def deposes(nombre=1, *, organisation=None, departements=("59",), **champs):
    """``nombre`` deposited dossiers built directly (as the dépôt leaves them), oldest first: for the
    queue's columns and sorts (``trois``: a dossier without an amount, failed rules, which no dépôt
    leaves) and its lists of 60 (8 × 65 real dépôts would cost a minute); every other test deposits
    through the real dépôt (``tests.depots``)."""
    organisation = organisation or OrganisationFactory()
    valeurs = {"etat": Etat.DEPOSE, "cout_global": Decimal("100000"), "subvention_demandee": Decimal("80000")}
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            appel=Appel.objects.courant(),
            organisation=organisation,
            intitule=f"SPIE {n}",
            numero_ordre=n,
            numero=f"AMI2-SPIE-2021-{n:04d}",
            depose_le=DEBUT + datetime.timedelta(hours=n),
            **{**valeurs, **champs},
        )
        for n in itertools.islice(_numeros, nombre)
    )
    Lien = Dossier.departements.through
    Lien.objects.bulk_create([Lien(dossier=d, departement_id=c) for d in dossiers for c in departements])
    tri.recalculer(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]))  # no signal from bulk_create
    return dossiers[0] if nombre == 1 else dossiers


def numeros(reponse) -> list[str]:
    """The dossier numbers of the table, in the page's order."""
    return re.findall(r'<a href="/instruction/dossiers/\d+/">([^<]+)</a>', reponse.content.decode())


@pytest.fixture
def instructeur_connecte(client):
    client.force_login(UserFactory(instructeur=True))
    return client


def agent(client, departement=None, region=None):
    """``client`` logged in as an agent of a DDETS (``departement``) or of a DREETS (``region``)."""
    type_ = TypeServiceTerritorial.DREETS if region else TypeServiceTerritorial.DDETS
    service = ServiceTerritorial.objects.create(
        type=type_, nom="Service", region_id=region, departement_id=departement
    )
    client.force_login(UserFactory(agent=True, service_territorial=service))
    return client


def test_un_dossier_depose_par_le_vrai_depot_arrive_dans_la_file(instructeur_connecte, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    candidat = UserFactory()
    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    assert depot.deposer(dossier.pk, candidat).depose

    reponse = instructeur_connecte.get(A_INSTRUIRE)

    dossier.refresh_from_db()
    assert numeros(reponse) == [dossier.numero]
    assert dossier.subvention_demandee > 0
    subvention = f"{dossier.subvention_demandee:,.2f}".replace(",", NBSP).replace(".", ",")
    assert f">{subvention}</td>" in reponse.content.decode()


def test_file_vide(instructeur_connecte, client):
    DossierFactory()  # a draft only
    contenu = instructeur_connecte.get(A_INSTRUIRE).content.decode()
    assert f"<strong>0{NBSP}dossier</strong>" in contenu
    assert "Aucun dossier n’a encore été déposé." in contenu
    assert 'class="fr-pagination"' not in contenu
    contenu = agent(client, departement="59").get(TERRITOIRE).content.decode()
    assert "Aucun dossier n’a encore été déposé sur votre territoire." in contenu


# Three dossiers deposited in the order a, b, c; every other column in another order: porteur, type,
# départements, then CHAMPS.
CHAMPS = ("etat", "cout_global", "subvention_demandee", "nb_bloquantes", "nb_avertissements", "publics")
TROIS = {
    "a": ("Bravo", "conseil_departemental", ("75",), "depose", 100000, 200000, 1, 0, ["refugies"]),
    "b": ("Alpha", "plie", ("59",), "laureat", 200000, None, 0, 0, ["rsa", "jeunes"]),
    "c": ("Cap", "association", ("69", "02"), "en_instruction", 300000, 350000, 1, 2, ["rsa", "refugies"]),
}


@pytest.fixture
def trois(instructeur_connecte):
    DossierFactory()  # a draft: never listed
    return {
        cle: deposes(
            organisation=OrganisationFactory(nom=nom, type=type_),
            departements=departements,
            **dict(zip(CHAMPS, valeurs, strict=True)),
        )
        for cle, (nom, type_, departements, *valeurs) in TROIS.items()
    }


def test_la_file_montre_chaque_colonne_et_jamais_les_brouillons(trois, instructeur_connecte):
    reponse = instructeur_connecte.get(A_INSTRUIRE)
    assert reponse.status_code == 200
    assert numeros(reponse) == [trois[c].numero for c in "abc"]  # not the draft
    contenu, cap = reponse.content.decode(), trois["c"]
    assert f'<a href="{reverse("instruction:dossier", args=[cap.pk])}">{cap.numero}</a>' in contenu
    for attendu in (
        'Cap<br><span class="fr-text--xs">Association</span>',
        '02 Aisne<br>69 Rhône<br><span class="fr-text--xs">Hauts-de-France<br>Auvergne-Rhône-Alpes</span>',
        ">En instruction</p>",
        f"<td>{timezone.localtime(cap.depose_le):%d/%m/%Y}</td>",
        f'<td class="fr-cell--right ami-chiffre">300{NBSP}000,00</td>',
        f'<td class="fr-cell--right ami-chiffre">350{NBSP}000,00</td>',
        '<td class="fr-cell--right ami-chiffre">—</td>',  # b: no amount
        "Subvention demandée (€)",
        "1 bloquante</span>",
        "2 avertissements",
        f"<strong>3{NBSP}dossiers</strong>",
    ):
        assert attendu in contenu, attendu


@pytest.mark.parametrize(
    ("filtre", "attendus"),
    [
        ({"etat": Etat.LAUREAT}, "b"),
        ({"region": "32"}, "bc"),  # c: through the Aisne (02)
        ({"region": "84"}, "c"),
        ({"departement": "75"}, "a"),
        ({"type": TypeOrganisation.PLIE}, "b"),
        ({"public": Public.REFUGIES}, "ac"),
        ({"public": Public.JEUNES}, "b"),
        ({"region": "32", "etat": Etat.EN_INSTRUCTION}, "c"),
        ({"region": "11", "type": TypeOrganisation.CONSEIL_DEPARTEMENTAL}, "a"),
        ({"q": "spie-2021"}, "abc"),  # the search: numéro or porteur, any case
        ({"q": "alpha"}, "b"),
        ({"q": "CAP"}, "c"),
        ({"q": "zzz"}, ""),
    ],
)
def test_chaque_filtre_et_la_recherche(trois, instructeur_connecte, filtre, attendus):
    reponse = instructeur_connecte.get(A_INSTRUIRE, filtre)
    assert reponse.status_code == 200
    assert sorted(numeros(reponse)) == sorted(trois[cle].numero for cle in attendus)
    contenu = reponse.content.decode()
    assert "correspondant aux filtres" in contenu
    assert ("Aucun dossier ne correspond à ces filtres." in contenu) == (not attendus)
    numero = trois["b"].numero
    assert numeros(instructeur_connecte.get(A_INSTRUIRE, {"q": numero.lower()})) == [numero]


@pytest.mark.parametrize("json_contains", [None, False])
def test_le_filtre_des_publics_avec_ou_sans_json_contains(trois, json_contains):
    """The base's own way (``@>`` on PostgreSQL) and the JSON text (SQLite's way, which works
    everywhere) find the same dossiers, on whatever base the tests run."""
    for public, attendus in (("refugies", "ac"), ("rsa", "bc"), ("jeunes", "b"), ("autres", "")):
        trouves = concerne_public(Dossier.objects.exclude(numero=None), public, json_contains)
        assert set(trouves) == {trois[cle] for cle in attendus}, public


# ``tri``: the dossiers' order (default: date de dépôt, oldest first; an unknown key: the default). A
# missing amount (b) counts as the largest; état: lifecycle order; type: its label's; département,
# région: the first of the dossier's (c: 02, Auvergne-Rhône-Alpes); recevabilité: blocking, warnings.
TRIS = "depot:abc -depot:cba subvention:acb -subvention:bca -cout:cba porteur:bac -porteur:cab type:cab"
TRIS += (
    " etat:acb departement:cba -departement:abc region:cba recevabilite:bac -numero:cba n-importe-quoi:abc"
)


@pytest.mark.parametrize(("tri", "ordre"), [cas.split(":") for cas in TRIS.split()])
def test_tri(instructeur_connecte, trois, tri, ordre):
    reponse = instructeur_connecte.get(A_INSTRUIRE, {"tri": tri})
    assert reponse.status_code == 200
    assert numeros(reponse) == [trois[c].numero for c in ordre]
    if tri == "depot":
        assert numeros(instructeur_connecte.get(A_INSTRUIRE)) == numeros(reponse)


def test_les_liens_de_tri_gardent_les_filtres_et_inversent_l_ordre(instructeur_connecte, trois):
    contenu = instructeur_connecte.get(
        A_INSTRUIRE, {"tri": "subvention", "region": "32", "page": "1"}
    ).content.decode()
    assert colonne_triee(contenu) == ("ascending", "?tri=-subvention&amp;region=32")  # back to page 1
    assert 'Subvention demandée (€)<span class="fr-sr-only"> : trier par ordre décroissant' in contenu
    assert '<input type="hidden" name="tri" value="subvention">' in contenu  # the form keeps the sort
    contenu = instructeur_connecte.get(A_INSTRUIRE, {"tri": "-subvention"}).content.decode()
    assert colonne_triee(contenu) == ("descending", "?tri=subvention")
    # The porteur and its type share a column: sorted on the type, the column is marked, the link
    # « Type » goes the other way round, « Porteur » stays ascending.
    contenu = instructeur_connecte.get(A_INSTRUIRE, {"tri": "type"}).content.decode()
    assert colonne_triee(contenu) == ("ascending", "?tri=porteur")
    assert 'fr-icon-arrow-up-s-line" href="?tri=-type">Type<span' in contenu


def colonne_triee(contenu) -> tuple[str, str]:
    """(aria-sort, link) of the one header marked as the current sort."""
    (trouve,) = re.findall(r'<th scope="col" aria-sort="(\w+)"[^>]*>\s*<a [^>]*href="([^"]+)"', contenu)
    return trouve


def test_pagination_par_50_en_gardant_filtres_et_tri(instructeur_connecte):
    nord = deposes(60, departements=("59",))
    deposes(3, departements=("75",))
    params = {"region": "32", "tri": "-depot"}

    premiere = instructeur_connecte.get(A_INSTRUIRE, params)
    contenu = premiere.content.decode()
    assert numeros(premiere) == [d.numero for d in reversed(nord)][:50]
    assert f"<strong>60{NBSP}dossiers</strong> correspondant aux filtres — page 1 sur 2" in contenu
    assert 'href="?region=32&amp;tri=-depot&amp;page=2"' in contenu

    seconde = instructeur_connecte.get(A_INSTRUIRE, {**params, "page": "2"})
    assert numeros(seconde) == [d.numero for d in reversed(nord)][50:]
    assert 'aria-current="page">2</a>' in seconde.content.decode()
    assert 'href="?region=32&amp;tri=-depot&amp;page=1"' in seconde.content.decode()
    assert numeros(instructeur_connecte.get(A_INSTRUIRE, {**params, "page": "99"})) == numeros(seconde)
    assert numeros(instructeur_connecte.get(A_INSTRUIRE, {**params, "page": "abc"})) == numeros(premiere)


def test_valeurs_de_filtre_invalides(trois, instructeur_connecte):
    invalides = "etat=brouillon&region=999&departement=%3Cscript%3E&type=x&public=tous&tri=-%3Cb%3E&page=-1"
    reponse = instructeur_connecte.get(f"{A_INSTRUIRE}?{invalides}&q={'x' * 101}")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Un filtre n’est pas valide : il n’est pas appliqué." in contenu
    assert "« brouillon » n’est pas un choix possible pour « État »" in contenu
    assert "« 999 » n’est pas un choix possible pour « Région »" in contenu
    assert "« &lt;script&gt; » n’est pas un choix possible pour « Département »" in contenu
    assert "Saisissez au plus 100 caractères." in contenu
    assert contenu.count("fr-select-group--error") == 5
    assert numeros(reponse) == [trois[c].numero for c in "abc"]  # unfiltered
    # An invalid filter does not prevent the others.
    reponse = instructeur_connecte.get(A_INSTRUIRE, {"etat": "nimporte", "departement": "75"})
    assert numeros(reponse) == [trois["a"].numero]


def test_un_agent_ne_voit_que_son_territoire(client):
    nord = dossier_a_l_etat(Etat.RECEVABLE, departements=("59",))
    pas_de_calais = dossier_a_l_etat(departements=("62",))
    paris = dossier_a_l_etat(departements=("75",))
    deux = dossier_a_l_etat(departements=("59", "75"))  # seen by the agents of both départements
    DossierFactory()  # a draft of the Nord: never
    attendus = {
        ("departement", "59"): [nord, deux],
        ("region", "32"): [nord, pas_de_calais, deux],  # DREETS Hauts-de-France: 02, 59, 60, 62, 80
        ("departement", "75"): [paris, deux],
        ("region", "84"): [],
    }
    for (niveau, code), visibles in attendus.items():
        reponse = agent(client, **{niveau: code}).get(TERRITOIRE)
        assert reponse.status_code == 200
        assert sorted(numeros(reponse)) == sorted(d.numero for d in visibles), (niveau, code)
    # The last agent's page (DREETS Hauts-de-France): its introduction, its filters.
    contenu = agent(client, region="32").get(TERRITOIRE).content.decode()
    assert "Vous voyez les dossiers déposés dont le territoire touche" in contenu
    assert "les 5 départements" in contenu and "Nord (59)" in contenu
    assert '<option value="59">59 – Nord</option>' in contenu
    assert '<option value="75">' not in contenu  # another région: not a choice
    reponse = client.get(TERRITOIRE, {"departement": "75"})
    assert "« 75 » n’est pas un choix possible pour « Département »" in reponse.content.decode()
    assert numeros(client.get(TERRITOIRE, {"etat": Etat.RECEVABLE, "tri": "-cout"})) == [nord.numero]


@pytest.mark.parametrize(
    ("profil", "url", "statut"),
    [
        ({}, A_INSTRUIRE, 403),  # a candidat
        ({}, TERRITOIRE, 403),
        ({"agent": True}, A_INSTRUIRE, 403),
        ({"instructeur": True}, TERRITOIRE, 403),
        ({"administrateur": True}, A_INSTRUIRE, 200),
        (None, A_INSTRUIRE, 302),  # anonymous: to the login page
        (None, TERRITOIRE, 302),
    ],
)
def test_qui_voit_quelle_file(client, profil, url, statut):
    dossier = dossier_a_l_etat()
    if profil is not None:
        client.force_login(UserFactory(**profil))
    reponse = client.get(url)
    assert reponse.status_code == statut
    if statut == 302:
        assert reponse["Location"] == f"{reverse('comptes:connexion')}?next={url}"
    assert (dossier.numero in reponse.content.decode()) == (statut == 200)


PARAMS = [
    {},
    {"region": "32", "public": Public.RSA, "q": "porteur", "tri": "-subvention"},
    {"tri": "departement", "etat": Etat.DEPOSE},
    {"tri": "region"},
]


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize("url", [A_INSTRUIRE, TERRITOIRE])
def test_nombre_de_requetes_constant(client, django_assert_num_queries, url, params):
    """3 or 60 dossiers, whatever the filters and sort: session, user, COUNT, the page's rows, their
    départements (with their région), their avis and scores; the filters' territory choices once, from
    the cache after (``instruction.choix_territoires``)."""
    if url == TERRITOIRE:
        agent(client, region="32")
        deposes(5, departements=("75",))  # outside the territory
    else:
        client.force_login(UserFactory(instructeur=True))
    deposes(3, departements=("59", "75"), publics=[Public.RSA])
    with CaptureQueriesContext(connection) as froid:
        assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url, params).status_code == 200
    autre = OrganisationFactory(nom="Autre porteur")
    deposes(57, organisation=autre, departements=("62",), publics=[Public.RSA])
    with django_assert_num_queries(7):
        reponse = client.get(url, params)
    assert (len(froid), len(peu)) == (8, 7)
    assert len(numeros(reponse)) == 50
