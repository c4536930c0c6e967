"""« Tableau de bord »: its figures on a known set of dossiers (by état, week after week, by type of
porteur, amounts against the envelope, failed rules), the map of France (one link per département,
to the filtered queue), the scoping by role, and a number of queries that does not grow with the
number of dossiers."""

import datetime
import html
import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.cycle import Action
from candidatures.models import Etat, Transition
from comptes.models import TypeOrganisation
from pilotage import carte as module_carte
from pilotage import indicateurs
from pilotage.graphiques import pas_lisible
from tests.factories import DossierFactory, UserFactory
from tests.pilotage.conftest import CHEMINS, depose, paris

pytestmark = pytest.mark.django_db

URL = reverse("pilotage:tableau_de_bord")
NBSP = "\u00a0"
T = TypeOrganisation


@pytest.fixture
def jeu():
    """Five deposited dossiers over three weeks of September 2021 (Mondays 6, 13 and 20), and a draft.

    | dossier | départements | porteur | subvention | dépôt → … → today | failed rules |
    | d1 | 59 | CD | 400 000 | 07/09 → en instruction 14/09 → recevable 21/09 | |
    | d2 | 59, 62 | PLIE | 300 000 | 08/09 → en instruction 15/09 | R13, R05 |
    | d3 | 35 | mission locale | 200 000 | 15/09 | R13 |
    | d4 | 59 | association | 100 000 | 14/09 → instr. 15/09 → recev. 16/09 → proposé 20/09 → laur. 22/09 | |
    | d5 | 75 | CD | 250 000 | 16/09 → instr. 17/09 → irrecevable 21/09 | R03 |
    """
    d = {
        "d1": depose(
            Etat.RECEVABLE,
            le=paris(2021, 9, 7),
            apres=[paris(2021, 9, 14), paris(2021, 9, 21)],
            subvention="400000",
        ),
        "d2": depose(
            Etat.EN_INSTRUCTION,
            le=paris(2021, 9, 8),
            apres=[paris(2021, 9, 15)],
            departements=("59", "62"),
            type=T.PLIE,
            subvention="300000",
            regles=["R13", "R05"],
        ),
        "d3": depose(
            le=paris(2021, 9, 15),
            departements=("35",),
            type=T.MISSION_LOCALE,
            subvention="200000",
            regles=["R13"],
        ),
        "d4": depose(
            Etat.LAUREAT,
            le=paris(2021, 9, 14),
            apres=[paris(2021, 9, 15), paris(2021, 9, 16), paris(2021, 9, 20), paris(2021, 9, 22)],
            type=T.ASSOCIATION,
        ),
        "d5": depose(
            Etat.IRRECEVABLE,
            le=paris(2021, 9, 16),
            apres=[paris(2021, 9, 17), paris(2021, 9, 21)],
            departements=("75",),
            subvention="250000",
            regles=["R03"],
        ),
    }
    # An avis given on d1: an event of the history, no change of état.
    Transition.objects.create(
        dossier=d["d1"],
        action="donner_avis",
        depuis=Etat.RECEVABLE,
        vers=Etat.RECEVABLE,
        le=paris(2021, 9, 22),
    )
    # A draft: never counted, whatever its rules.
    brouillon = DossierFactory(regles_bloquantes=["R01", "R13"])
    brouillon.departements.add("59")
    return d


def contenu(reponse) -> str:
    return html.unescape(reponse.content.decode())


def liens_carte(reponse) -> dict[str, tuple[str, str]]:
    """The map's links: département → (href, accessible name)."""
    texte = reponse.content.decode()
    debut = re.search(r'<svg class="pilotage-carte[^"]*" id="carte"', texte).start()
    carte = texte[debut : texte.index("</svg>", debut)]
    liens = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-departement="([^"]+)">', carte)
    resultat = {}
    for href, nom, code in liens:
        assert code not in resultat, f"deux liens pour {code}"
        resultat[code] = (html.unescape(href), html.unescape(nom))
    return resultat


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
    assert regles[0] == ("R13", "R13 – Cofinancement : 20 % au minimum", 2)
    assert sorted(regles[1:]) == [
        ("R03", "R03 – Lettre d’engagement de Pôle emploi", 1),
        ("R05", "R05 – Publics : a minima les allocataires du RSA", 1),
    ]

    texte = contenu(reponse)
    assert f"1{NBSP}250{NBSP}000{NBSP}€" in texte
    assert f"soit 7,1{NBSP}% de l’enveloppe" in texte
    assert f"17{NBSP}500{NBSP}000{NBSP}€" in texte
    assert "R13 – Cofinancement : 20 % au minimum" in texte


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


def test_evolution_jusqu_a_la_semaine_en_cours():
    """Within a year of the first dépôt, the series runs to this week, even without a change since."""
    from candidatures.models import Dossier

    depose(le=paris(2021, 9, 7))
    dossiers = Dossier.objects.exclude(etat=Etat.BROUILLON)
    r = indicateurs.repartition(dossiers)
    semaines = indicateurs.evolution(dossiers, r.par_etat, maintenant=paris(2021, 10, 1))
    assert [s.debut for s in semaines] == [datetime.date(2021, 9, d) for d in (6, 13, 20, 27)]
    assert [s.effectifs[Etat.DEPOSE] for s in semaines] == [1, 1, 1, 1]


def test_evolution_suit_l_heure_de_paris():
    """A dépôt on Sunday at 23:30 in Paris (22:30 UTC in summer time) falls in that week, not the next."""
    from candidatures.models import Dossier

    depose(le=paris(2021, 9, 12, 23))
    depose(le=paris(2021, 9, 13, 0))
    dossiers = Dossier.objects.exclude(etat=Etat.BROUILLON)
    r = indicateurs.repartition(dossiers)
    semaines = indicateurs.evolution(dossiers, r.par_etat, maintenant=paris(2021, 9, 14))
    assert [(s.debut, s.total) for s in semaines] == [
        (datetime.date(2021, 9, 6), 1),
        (datetime.date(2021, 9, 13), 2),
    ]


def test_etat_change_sans_historique():
    """A dossier whose history misses a change still ends in today's état: the series is counted back
    from today's figures."""
    from candidatures.models import Dossier

    dossier = depose(le=paris(2021, 9, 7))
    Dossier.objects.filter(pk=dossier.pk).update(etat=Etat.RECEVABLE)
    dossiers = Dossier.objects.exclude(etat=Etat.BROUILLON)
    r = indicateurs.repartition(dossiers)
    (semaine,) = indicateurs.evolution(dossiers, r.par_etat, maintenant=paris(2021, 9, 8))
    assert semaine.effectifs[Etat.RECEVABLE] == 1 and semaine.total == 1


def test_la_regle_r1_ne_compte_pas_r13():
    from candidatures.models import Dossier

    depose(le=paris(2021, 9, 7), regles=["R13", "R14"])
    echecs = indicateurs.echecs_par_regle(Dossier.objects.all())
    assert echecs["R13"] == 1 and echecs["R14"] == 1
    assert echecs["R01"] == 0 and echecs["R11"] == 0


def test_le_constat_des_instructeurs_prevaut_sur_la_verification_automatique():
    from candidatures.models import Dossier

    juge = depose(
        Etat.RECEVABLE, le=paris(2021, 9, 7), apres=(paris(2021, 9, 8), paris(2021, 9, 9)), regles=["R13"]
    )
    decision = Transition.objects.get(dossier=juge, action=Action.DECLARER_RECEVABLE)
    decision.donnees = {
        "regles": {
            "R13": {"constat": "conforme", "motif": "Contribution en nature comptée."},
            "R05": {"constat": "non_conforme", "motif": "Les allocataires du RSA manquent."},
        }
    }
    decision.save()
    depose(le=paris(2021, 9, 7), regles=["R13"])
    echecs = indicateurs.echecs_par_regle(Dossier.objects.all())
    assert echecs["R13"] == 1  # the automated failure the instructeur judged « conforme » no longer counts
    assert echecs["R05"] == 1


# The map -----------------------------------------------------------------------------------------------


def test_carte_un_lien_par_departement_vers_la_file_filtree(client, instructeur, jeu):
    client.force_login(instructeur)
    reponse = client.get(URL)
    liens = liens_carte(reponse)
    assert len(liens) == 101  # 96 of metropolitan France (Paris and petite couronne in their inset), 5 DROM
    assert liens["59"] == ("/instruction/?departement=59", "Nord (59) : 3 dossiers")
    assert liens["62"] == ("/instruction/?departement=62", "Pas-de-Calais (62) : 1 dossier")
    assert liens["75"] == ("/instruction/?departement=75", "Paris (75) : 1 dossier")
    assert liens["2A"] == ("/instruction/?departement=2A", "Corse-du-Sud (2A) : 0 dossier")
    assert liens["976"] == ("/instruction/?departement=976", "Mayotte (976) : 0 dossier")
    texte = contenu(reponse)
    # The tooltip, the same words.
    assert "<title>Nord (59) : 3 dossiers</title>" in texte
    # Every département has an outline.
    assert all(d.chemin.startswith("M") for d in reponse.context["carte"]["departements"])
    # The legend: « Aucun dossier », then classes up to the largest count (3).
    assert [c.libelle for c in reponse.context["carte"]["legende"]] == [
        "Aucun dossier",
        f"1{NBSP}dossier",
        f"2{NBSP}dossiers",
        f"3{NBSP}dossiers",
    ]
    # The table of the map, in its accordion.
    assert "Données de la carte" in texte
    assert re.search(
        r'<a href="/instruction/\?departement=59">59 – Nord</a></th>\s*<td>Hauts-de-France</td>', texte
    )


def test_le_lien_de_la_carte_filtre_la_file(client, instructeur, jeu):
    client.force_login(instructeur)
    href, _ = liens_carte(client.get(URL))["62"]
    reponse = client.get(href)
    assert reponse.status_code == 200
    assert [d.numero for d in reponse.context["dossiers"]] == [jeu["d2"].numero]


def test_classes_de_la_legende():
    libelles = [(c.minimum, c.maximum) for c in module_carte.classes(12)]
    assert libelles == [(0, 0), (1, 2), (3, 5), (6, 7), (8, 10), (11, 12)]
    assert [c.rang for c in module_carte.classes(12)] == [0, 1, 2, 3, 4, 5]
    assert [(c.minimum, c.maximum) for c in module_carte.classes(0)] == [(0, 0)]
    assert module_carte.classe_de(9, module_carte.classes(12)).rang == 4
    assert module_carte.classes(40)[5].libelle == f"33 à 40{NBSP}dossiers"


def test_pas_des_graduations():
    assert [pas_lisible(n) for n in (0, 3, 5, 7, 12, 40, 95, 480)] == [1, 1, 1, 2, 5, 10, 20, 100]


def test_geometrie_commitee():
    geo = module_carte.geometrie()
    assert len(geo["departements"]) == 101
    assert set(geo["zoom"]) == {"75", "92", "93", "94"}
    assert [e["code"] for e in geo["encarts"]] == ["971", "972", "973", "974", "976", "paris"]
    assert module_carte.GEOMETRIE.stat().st_size < 150_000


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
        depose(
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
