"""« Tableau de bord »: who may see it, its figures on a known set of dossiers (by état, week after
week, by type of porteur, amounts against the envelope, failed rules), an agent's territory only, and a
number of queries that does not grow with the number of dossiers."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.models import Etat
from tests.depots import CHEMINS, dossier_a_l_etat
from tests.factories import UserFactory
from tests.pilotage.outils import NBSP, URL, T, contenu, liens_carte, paris

pytestmark = pytest.mark.django_db


# Who may see it ---------------------------------------------------------------------------------------


def test_anonyme_renvoye_vers_la_connexion(client):
    reponse = client.get(URL)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("comptes:connexion") + "?next=")


def test_candidat_refuse(client, candidat):
    client.force_login(candidat)
    reponse = client.get(URL)
    assert reponse.status_code == 403
    assert "Accès refusé" in reponse.content.decode()


@pytest.mark.parametrize("trait", [{"instructeur": True}, {"administrateur": True}, {"agent": True}])
def test_ouvert_aux_profils_de_l_etat(client, trait):
    client.force_login(UserFactory(**trait))
    reponse = client.get(URL)
    assert reponse.status_code == 200
    assert "<h1>Tableau de bord</h1>" in reponse.content.decode()


def test_sans_dossier(client, instructeur):
    client.force_login(instructeur)
    reponse = client.get(URL)
    texte = contenu(reponse)
    assert reponse.context["total"] == 0
    assert reponse.context["semaines"] == []
    assert "Aucun dossier n’a encore été déposé." in texte
    # The map is still drawn, every département grey (« Aucun dossier »), each with its link.
    liens = liens_carte(reponse)
    assert len(liens) == 101
    assert liens["59"] == ("/instruction/?departement=59", "Nord (59) : 0 dossier")


# The figures --------------------------------------------------------------------------------------------


def test_chiffres_par_etat_type_montants_et_regles(client, instructeur, jeu):
    client.force_login(instructeur)
    reponse = client.get(URL)
    assert reponse.status_code == 200
    r = reponse.context["repartition"]
    assert r.total == 5
    assert r.par_etat == {
        Etat.DEPOSE: 1,
        Etat.EN_INSTRUCTION: 1,
        Etat.COMPLEMENTS: 0,
        Etat.RECEVABLE: 1,
        Etat.IRRECEVABLE: 1,
        Etat.PROPOSE: 0,
        Etat.LAUREAT: 1,
        Etat.NON_RETENU: 0,
        Etat.RETIRE: 0,  # its own line (issue 16, 19), its subvention out of the demand
    }
    assert {b["cle"]: b["valeur"] for b in reponse.context["par_type"]} == {
        T.CONSEIL_DEPARTEMENTAL: 2,
        T.PLIE: 1,
        T.MISSION_LOCALE: 1,
        T.ASSOCIATION: 1,
        T.EPCI_COMMUNE: 0,
        T.CAP_EMPLOI: 0,
        T.SIAE: 0,
        T.AUTRE: 0,
    }
    assert reponse.context["par_type"][0]["libelle"] == "Conseil départemental"  # the largest first
    assert reponse.context["par_type"][0]["largeur"] == 100

    assert r.subvention_deposes == Decimal("1250000")
    assert r.subvention_retenus == Decimal("500000")  # d1 recevable, d4 lauréat
    assert r.subvention_laureats == Decimal("100000")
    assert reponse.context["enveloppe"] == Decimal("17500000")  # 35 × 500 000 €
    jauges = {j["libelle"]: j for j in reponse.context["jauges"]}
    assert jauges["Tous les dossiers déposés"]["part"] == Decimal("7.1")
    assert jauges["Dossiers recevables, proposés ou lauréats"]["nombre"] == 2
    assert jauges["Dossiers lauréats"]["montant"] == Decimal("100000")

    # Failed rules: the draft's R01 is not counted; each rule with its title.
    regles = [(b["cle"], b["libelle"], b["valeur"]) for b in reponse.context["regles"]]
    assert regles[0] == ("R13", "R13 – Cofinancement : 20\u00a0% au minimum", 2)
    assert sorted(regles[1:]) == [
        ("R03", "R03 – Lettre d’engagement de Pôle emploi", 1),
        ("R05", "R05 – Publics : a minima les allocataires du RSA", 1),
    ]

    texte = contenu(reponse)
    assert f"1{NBSP}250{NBSP}000{NBSP}€" in texte
    assert f"soit 7,1{NBSP}% de l’enveloppe" in texte
    assert f"17{NBSP}500{NBSP}000{NBSP}€" in texte
    assert "R13 – Cofinancement : 20\u00a0% au minimum" in texte


def test_evolution_par_semaine(client, instructeur, jeu):
    """At the end of each week: the état of each dossier then (the history), to today's figures."""
    client.force_login(instructeur)
    reponse = client.get(URL)
    semaines = reponse.context["semaines"]
    # The dossiers are of 2021: more than a year ago, the series stops at the week of the last change.
    assert [s["debut"] for s in semaines] == [
        datetime.date(2021, 9, 6),
        datetime.date(2021, 9, 13),
        datetime.date(2021, 9, 20),
    ]
    etats = [e["cle"] for e in reponse.context["etats"]]

    def effectifs(semaine):
        return {etat: n for etat, n in zip(etats, semaine["valeurs"], strict=True) if n}

    assert effectifs(semaines[0]) == {Etat.DEPOSE: 2}
    assert effectifs(semaines[1]) == {Etat.DEPOSE: 1, Etat.EN_INSTRUCTION: 3, Etat.RECEVABLE: 1}
    assert effectifs(semaines[2]) == {
        Etat.DEPOSE: 1,
        Etat.EN_INSTRUCTION: 1,
        Etat.RECEVABLE: 1,
        Etat.IRRECEVABLE: 1,
        Etat.LAUREAT: 1,
    }
    assert [s["total"] for s in semaines] == [2, 5, 5]
    # The chart: one column per week, one segment per état present, with its tooltip.
    colonnes = reponse.context["histogramme"]["colonnes"]
    assert [len(c.segments) for c in colonnes] == [1, 3, 5]
    assert colonnes[1].segments[1].titre == "Semaine du 13/09/2021, en instruction : 3"
    assert "Semaine du 13/09/2021, en instruction : 3" in contenu(reponse)


# An agent: their territory only ------------------------------------------------------------------------


def test_agent_ne_voit_que_son_territoire(client, agent_nord, jeu):
    client.force_login(agent_nord)
    reponse = client.get(URL)
    r = reponse.context["repartition"]
    assert r.total == 3  # d1, d2 (59 and 62), d4
    assert r.subvention_deposes == Decimal("800000")
    assert {b["cle"]: b["valeur"] for b in reponse.context["regles"]} == {"R13": 1, "R05": 1}
    assert [s["total"] for s in reponse.context["semaines"]] == [2, 3, 3]
    liens = liens_carte(reponse)
    assert liens == {"59": ("/instruction/territoire/?departement=59", "Nord (59) : 3 dossiers")}
    texte = contenu(reponse)
    assert "Pas-de-Calais (62) : hors de votre territoire" in texte  # grey, no link, no figure
    assert "Hors de votre territoire" in texte
    assert [d.code for d in reponse.context["carte"]["tableau"]] == ["59"]
    assert "Paris (75) : 1" not in texte and "R03" not in texte


def test_agent_regional(client, agent_region, jeu):
    client.force_login(agent_region)
    reponse = client.get(URL)
    assert reponse.context["repartition"].total == 3
    liens = liens_carte(reponse)
    assert sorted(liens) == ["02", "59", "60", "62", "80"]
    assert liens["62"] == ("/instruction/territoire/?departement=62", "Pas-de-Calais (62) : 1 dossier")
    assert liens["80"][1] == "Somme (80) : 0 dossier"


# Queries -----------------------------------------------------------------------------------------------

_jours = itertools.count()


def dossiers_varies(nombre):
    """``nombre`` deposited dossiers in every état, type and a few départements, with their history."""
    etats = list(CHEMINS)
    types = list(T)
    departements = ["59", "62", "35", "75", "971", "2A"]
    for i in range(nombre):
        etat = etats[i % len(etats)]
        le = paris(2021, 9, 1) + datetime.timedelta(days=next(_jours) % 30)
        dossier_a_l_etat(
            etat,
            le=le,
            apres=[le + datetime.timedelta(days=k + 1) for k in range(len(CHEMINS[etat]))],
            departements=(departements[i % 6], departements[(i + 1) % 6])
            if i % 4 == 0
            else (departements[i % 6],),
            type=types[i % len(types)],
            regles=["R13"] if i % 3 == 0 else [],
        )


@pytest.mark.parametrize("fixture", ["instructeur", "administrateur", "agent_region"])
def test_nombre_de_requetes_constant(client, request, fixture):
    """3 or 30 dossiers, the same queries: session, user, the call, the GROUP BY (état, type), the dépôts
    and the changes of état per week, the failed rules and the recevabilité decisions, the départements
    with their counts."""
    client.force_login(request.getfixturevalue(fixture))
    dossiers_varies(3)
    with CaptureQueriesContext(connection) as petit:
        assert client.get(URL).status_code == 200
    dossiers_varies(27)
    with CaptureQueriesContext(connection) as grand:
        reponse = client.get(URL)
        assert reponse.status_code == 200
    assert reponse.context["repartition"].total >= 10
    assert len(petit) == len(grand) == 9, [q["sql"][:120] for q in grand.captured_queries]
