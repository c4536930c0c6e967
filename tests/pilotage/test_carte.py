"""The map of France: one link per département to the filtered queue, the legend's classes, the
committed geometry."""

import re

import pytest

from pilotage import carte as module_carte
from pilotage.graphiques import pas_lisible
from tests.pilotage.outils import NBSP, URL, contenu, liens_carte

pytestmark = pytest.mark.django_db


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
