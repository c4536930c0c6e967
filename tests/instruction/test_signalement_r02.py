"""The R02 flag (issue 16, point 3): R02's message says « le dossier est signalé aux instructeurs ». The
queue shows a badge on the dossiers that declare the exceptional case (and whether R02 holds at their
last evaluation), a filter « Cas exceptionnel (R02) » narrows the queue (and the exports, which share
the filters), the dossier's page shows a banner with the porteur's justification and R02's judgement.
Queries stay constant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.models import Dossier, Public
from comptes.models import TypeOrganisation
from instruction.filtres import (
    R02_NON_RESPECTE,
    R02_RESPECTE,
    _liste_contient,
    filtrer,
    situation_r02,
    texte_r02,
)
from tests.depots import deposer_dossier
from tests.factories import OrganisationFactory, UserFactory
from tests.instruction.test_file import deposes, numeros

pytestmark = pytest.mark.django_db

A_INSTRUIRE = reverse("instruction:a_instruire")
JUSTIFICATION = "Un consortium pour les jeunes sortant de l’ASE, sans projet du département."
BADGE = "Cas exceptionnel (R02)</span>"


@pytest.fixture
def trois(client):
    """Three deposited dossiers: the exception declared and R02 respected, declared and R02 failed (at
    the last evaluation), not declared."""
    client.force_login(UserFactory(instructeur=True))
    porteur = OrganisationFactory(type=TypeOrganisation.MISSION_LOCALE)
    respecte = deposes(organisation=porteur, cas_exceptionnel=True, regles_bloquantes=[])
    non_respecte = deposes(organisation=porteur, cas_exceptionnel=True, regles_bloquantes=["R01", "R02"])
    aucun = deposes(organisation=porteur, regles_bloquantes=["R02"])  # R02 listed, nothing declared
    return respecte, non_respecte, aucun


def test_situation_r02_lit_la_derniere_evaluation():
    assert situation_r02(False, ["R02"]) == ""
    assert situation_r02(True, []) == R02_RESPECTE
    assert situation_r02(True, None) == R02_RESPECTE
    assert situation_r02(True, ["R13"]) == R02_RESPECTE
    assert situation_r02(True, ["R13", "R02"]) == R02_NON_RESPECTE
    assert texte_r02(True, ["R02"]) == "Cas exceptionnel (R02) — R02 non respecté"
    assert texte_r02(False, []) == ""


def test_badge_dans_la_file(client, trois):
    respecte, non_respecte, aucun = trois
    contenu = client.get(A_INSTRUIRE).content.decode()
    assert contenu.count(BADGE) == 2
    lignes = {d.numero: contenu.split(f">{d.numero}</a>")[1].split("</td>")[0] for d in trois}
    assert "R02 respecté" in lignes[respecte.numero] and "fr-badge--info" in lignes[respecte.numero]
    assert "R02 non respecté" in lignes[non_respecte.numero]
    assert "fr-badge--warning" in lignes[non_respecte.numero]
    assert "Cas exceptionnel" not in lignes[aucun.numero]


@pytest.mark.parametrize(
    "valeur, attendus",
    [("declare", (0, 1)), (R02_RESPECTE, (0,)), (R02_NON_RESPECTE, (1,)), ("", (0, 1, 2))],
)
def test_filtre_cas_exceptionnel(client, trois, valeur, attendus):
    reponse = client.get(A_INSTRUIRE, {"cas_exceptionnel": valeur})
    assert sorted(numeros(reponse)) == sorted(trois[i].numero for i in attendus)
    assert "Cas exceptionnel (R02)</label>" in reponse.content.decode()


def test_filtre_invalide_dit_pourquoi_et_n_est_pas_applique(client, trois):
    reponse = client.get(A_INSTRUIRE, {"cas_exceptionnel": "peut-etre"})
    contenu = reponse.content.decode()
    assert "« peut-etre » n’est pas un choix possible pour « Cas exceptionnel (R02) »" in contenu
    assert len(numeros(reponse)) == 3


def test_les_exports_et_l_api_filtrent_de_meme(trois):
    """``filtrer`` (exports' saved filters, the API's parameters) applies the same filter."""
    ids = {d.pk for d in trois}
    dossiers = Dossier.objects.filter(pk__in=ids)
    assert list(filtrer(dossiers, {"cas_exceptionnel": R02_NON_RESPECTE})) == [trois[1]]
    assert set(filtrer(dossiers, {"cas_exceptionnel": "declare"})) == {trois[0], trois[1]}


@pytest.mark.parametrize("json_contains", [True, False])
def test_liste_json_sans_operateur_contains(trois, json_contains):
    """SQLite has no ``@>`` on JSON: the text of the list is searched for the code with its quotes."""
    dossiers = Dossier.objects.filter(pk__in=[d.pk for d in trois])
    condition = _liste_contient("regles_bloquantes", "R02", dossiers.db, json_contains)
    assert set(dossiers.filter(condition)) == {trois[1], trois[2]}
    condition = _liste_contient("regles_bloquantes", "R0", dossiers.db, json_contains)
    assert not dossiers.filter(condition).exists()  # « R0 » is not « R01 » nor « R02 »


def test_nombre_de_requetes_constant_avec_le_filtre(client, django_assert_num_queries):
    client.force_login(UserFactory(instructeur=True))
    params = {"cas_exceptionnel": "declare", "tri": "-recevabilite"}
    deposes(3, cas_exceptionnel=True, regles_bloquantes=["R02"], publics=[Public.JEUNES])
    client.get(A_INSTRUIRE)  # the filters' territory choices cached (instruction.choix_territoires)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(A_INSTRUIRE, params).status_code == 200
    deposes(57, cas_exceptionnel=True, publics=[Public.JEUNES])
    deposes(5)  # not declared: filtered out
    with django_assert_num_queries(len(peu)):
        reponse = client.get(A_INSTRUIRE, params)
    assert len(peu) == 7
    assert len(numeros(reponse)) == 50
    assert reponse.content.decode().count(BADGE) == 50


# --- The dossier's page: the banner --------------------------------------------------------------------


def _declarer(dossier):
    dossier.cas_exceptionnel = True
    dossier.cas_exceptionnel_justification = JUSTIFICATION
    dossier.save(update_fields=["cas_exceptionnel", "cas_exceptionnel_justification"])


@pytest.fixture
def exceptionnel(appel_ouvert):
    """A mission locale's dossier on the jeunes only, the exceptional case declared, deposited."""
    return deposer_dossier(type=TypeOrganisation.MISSION_LOCALE, publics=[Public.JEUNES], preparer=_declarer)


def test_bandeau_r02_respecte_avec_la_justification(client, exceptionnel, instructeur):
    client.force_login(instructeur)
    contenu = client.get(reverse("instruction:dossier", args=[exceptionnel.pk])).content.decode()
    bandeau = contenu.split('id="cas-exceptionnel"')[1].split("</div>")[0]
    assert "Cas exceptionnel déclaré (R02) — R02 respecté" in bandeau
    assert "fr-alert--info" in contenu.split('id="cas-exceptionnel"')[0].rsplit("<div", 1)[1]
    assert JUSTIFICATION.replace("’", "&#x27;") in bandeau or JUSTIFICATION in bandeau
    assert "publics spécifiques non allocataires du RSA" in bandeau


def test_bandeau_r02_non_respecte(client, exceptionnel, instructeur):
    """The RSA's allocataires added afterwards: R02 fails, the banner says it and why."""
    Dossier.objects.filter(pk=exceptionnel.pk).update(publics=[Public.RSA, Public.JEUNES])
    client.force_login(instructeur)
    contenu = client.get(reverse("instruction:dossier", args=[exceptionnel.pk])).content.decode()
    bandeau = contenu.split('id="cas-exceptionnel"')[1].split("</div>")[0]
    assert "R02 non respecté" in bandeau
    assert "les allocataires du RSA figurent parmi les publics du projet" in bandeau
    assert "fr-alert--warning" in contenu.split('id="cas-exceptionnel"')[0].rsplit("<div", 1)[1]


def test_pas_de_bandeau_sans_declaration(client, depose, instructeur):
    client.force_login(instructeur)
    contenu = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert 'id="cas-exceptionnel"' not in contenu


def test_l_agent_du_territoire_voit_le_bandeau(client, exceptionnel, agent_nord):
    client.force_login(agent_nord)
    contenu = client.get(reverse("instruction:dossier", args=[exceptionnel.pk])).content.decode()
    assert "Cas exceptionnel déclaré (R02)" in contenu
