"""Several calls on one portal (issue 19), the State's teams: each page works on one call — the queues,
the Classement, the exports, the dashboard, the API — chosen with ``?appel=`` and kept by the session, the
most recent call by default; nothing of one call in another's, the same queries with two calls."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami.models import Appel, EtatAppel
from candidatures.appels import CLE_SESSION, appels_pour
from tests.appels.outils import numeros
from tests.depots import DEBUT, deposer_dossier, dossiers_a_l_etat
from tests.factories import AppelFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_par_defaut_l_appel_le_plus_recent_et_un_brouillon_reserve_aux_administrateurs(vague2, vague3):
    brouillon = AppelFactory(
        nom_court="Vague 4",
        etat=EtatAppel.BROUILLON,
        date_ouverture=datetime.date(2029, 1, 1),
        date_limite_depot=datetime.date(2030, 1, 1),
    )
    assert Appel.objects.courant() == vague3  # none open: the most recent published; a draft last
    assert Appel.objects.filter(etat=EtatAppel.BROUILLON).courant() == brouillon
    instructeur = UserFactory(instructeur=True)
    assert appels_pour(instructeur) == [vague3, vague2]
    assert appels_pour(UserFactory(administrateur=True)) == [brouillon, vague3, vague2]
    assert Appel.objects.publies().courant() == vague3


def test_la_file_ne_montre_que_l_appel_choisi_et_la_session_le_garde(client, deux_appels, vague2, vague3):
    v2, v3 = deux_appels
    client.force_login(UserFactory(instructeur=True))
    page = client.get(reverse("instruction:a_instruire")).content.decode()
    assert numeros(page) == {v3.numero}  # the default: vague 3, the most recent
    assert 'name="appel"' in page and "Changer d’appel" in page
    page = client.get(reverse("instruction:a_instruire"), {"appel": vague2.pk}).content.decode()
    assert numeros(page) == {d.numero for d in v2}
    assert client.session[CLE_SESSION] == vague2.pk
    # the next pages keep the choice: the queue, the Classement, the dashboard
    assert numeros(client.get(reverse("instruction:a_instruire")).content.decode()) == {d.numero for d in v2}
    assert "AMI SPIE — vague 2" in client.get(reverse("instruction:classement")).content.decode()
    # a call one may not see (unknown, or a draft for an instructeur) is not chosen: the default
    brouillon = AppelFactory(etat=EtatAppel.BROUILLON)
    page = client.get(reverse("instruction:a_instruire"), {"appel": brouillon.pk}).content.decode()
    assert numeros(page) == {d.numero for d in v2}
    assert client.get(reverse("instruction:a_instruire"), {"appel": "x" * 50}).status_code == 200


def test_numeros_propres_a_chaque_appel(deux_appels, vague3):
    v2, v3 = deux_appels
    assert v3.numero.startswith("AMI3-SPIE-") and all(d.numero.startswith("AMI2-SPIE-2021-") for d in v2)
    assert v3.numero_ordre == 1


def test_file_du_territoire_par_appel(client, deux_appels, vague2, agent_nord):
    v2, v3 = deux_appels
    client.force_login(agent_nord)
    assert numeros(client.get(reverse("instruction:territoire")).content.decode()) == {v3.numero}
    page = client.get(reverse("instruction:territoire"), {"appel": vague2.pk}).content.decode()
    assert numeros(page) == {d.numero for d in v2}


def test_exports_et_tableau_de_bord_par_appel(client, deux_appels, vague2, vague3):
    from exports.lignes import Selection
    from tests.exports.demandes import demander

    v2, v3 = deux_appels
    instructeur = UserFactory(instructeur=True)
    client.force_login(instructeur)
    page = client.get(reverse("exports:exports"), {"appel": vague2.pk}).content.decode()
    assert "2\u00a0dossiers" in page and "correspondant aux filtres" not in page
    export = demander(client, instructeur, "csv", "dossiers", "")  # the session's call: vague 2
    assert export.filtres == {"appel": vague2.pk}
    assert set(Selection(instructeur, export.filtres).identifiants) == {d.pk for d in v2}
    assert client.get(reverse("pilotage:tableau_de_bord"), {"appel": vague3.pk}).context["total"] == 1
    reponse = client.get(reverse("pilotage:tableau_de_bord"), {"appel": vague2.pk})
    assert reponse.context["total"] == 2 and reponse.context["enveloppe"] == vague2.enveloppe


def test_classement_par_appel(client, deux_appels, vague2, vague3):
    client.force_login(UserFactory(instructeur=True))
    reponse = client.get(reverse("instruction:classement"), {"appel": vague3.pk})
    assert reponse.context["appel"] == vague3
    assert reponse.context["enveloppe"] == vague3.enveloppe


def test_l_api_liste_les_appels_et_filtre_par_appel(deux_appels, vague2, vague3):
    from tests.api.outils import ClientApi, emettre

    v2, v3 = deux_appels
    api = ClientApi(emettre(UserFactory(instructeur=True)))
    appels = api.get("/api/v1/appels").json()
    assert [(a["id"], a["par_defaut"], a["etat"]["code"]) for a in appels] == [
        (vague3.pk, True, "publie"),
        (vague2.pk, False, "publie"),
    ]
    page = api.get("/api/v1/dossiers").json()
    assert (page["appel"], {d["numero"] for d in page["resultats"]}) == (vague3.pk, {v3.numero})
    page = api.get("/api/v1/dossiers", {"appel": vague2.pk}).json()
    assert {d["numero"] for d in page["resultats"]} == {d.numero for d in v2}
    assert {d["appel"] for d in page["resultats"]} == {vague2.pk}
    brouillon = AppelFactory(etat=EtatAppel.BROUILLON)
    reponse = api.get("/api/v1/dossiers", {"appel": brouillon.pk})
    assert reponse.status_code == 422
    assert reponse.json()["erreurs"] == [
        {"champ": "appel", "message": "Appel inconnu : la liste des appels est à /api/v1/appels."}
    ]


def test_nombre_de_requetes_de_la_file_constant_avec_deux_appels(
    client, vague2, vague3, django_assert_num_queries
):
    client.force_login(UserFactory(instructeur=True))
    dossiers_a_l_etat(2, departements=("59",), appel=vague2)
    candidat = UserFactory()
    for _ in range(2):
        deposer_dossier(candidat, appel=vague3, le=DEBUT)
    url = reverse("instruction:a_instruire")
    client.get(url)  # the filters' territory choices cached
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    dossiers_a_l_etat(20, departements=("62",), appel=vague2)
    for _ in range(20):
        deposer_dossier(candidat, appel=vague3, le=DEBUT)
    with django_assert_num_queries(len(peu)):
        assert len(numeros(client.get(url).content.decode())) == 22


@pytest.mark.parametrize(
    "nom",
    ["instruction:a_instruire", "instruction:classement", "pilotage:tableau_de_bord", "exports:exports"],
)
def test_nombre_de_requetes_constant_avec_deux_appels(client, vague2, vague3, nom):
    """The pages of a call cost the same queries with 2 + 2 or 10 + 10 dossiers in two calls."""
    client.force_login(UserFactory(instructeur=True))
    candidat = UserFactory()
    for appel in (vague2, vague3):
        for _ in range(2):
            deposer_dossier(candidat, appel=appel, le=DEBUT)
    url = reverse(nom)
    client.get(url, {"appel": vague2.pk})  # the call chosen, the territory choices cached
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    for appel in (vague2, vague3):
        for _ in range(8):
            deposer_dossier(candidat, appel=appel, le=DEBUT)
    with CaptureQueriesContext(connection) as beaucoup:
        reponse = client.get(url)
    assert len(peu) == len(beaucoup), [q["sql"][:100] for q in beaucoup.captured_queries]
    if nom == "pilotage:tableau_de_bord":
        assert reponse.context["total"] == 10  # vague 2's only
