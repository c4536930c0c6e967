"""Issue 18: the candidat's overview and the instruction's dossier page cost the same number of queries
whatever the dossier's size, and the dossier page's closed tabs are loaded when opened (htmx), each tab's
content reachable with and without htmx (bench/pages.py measures their time)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures import cycle
from candidatures.models import Dossier
from demo.exemples import dossier_complet
from instruction.pages import COOKIE_ONGLETS
from tests.depots import deposer_dossier, instruire
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

# Each tab and a text only its content shows.
CONTENUS = {
    "dossier": "Le dossier déposé",
    "recevabilite": "Décision sur la recevabilité",
    "evaluation": "Évaluation sur la grille de sélection",
    "avis": "Avis des services déconcentrés",
    "historique": "Dépôt du dossier",
    "echanges": "Écrire un message",
    "notes": "Aucune note privée sur ce dossier.",
}


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert


def fiche(dossier, onglet=None):
    url = reverse("instruction:dossier", args=[dossier.pk])
    return f"{url}?onglet={onglet}" if onglet else url


def htmx(onglet):
    """The headers of htmx's request for a tab's content (its panel is the target)."""
    return {"HX-Request": "true", "HX-Target": f"panneau-{onglet}"}


def requetes(client, url, **headers):
    with CaptureQueriesContext(connection) as capturees:
        reponse = client.get(url, headers=headers)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return len(capturees)


def panneau(page, onglet):
    """The panel of ``onglet`` in ``page``, up to the next panel."""
    debut = page.index(f'<div id="panneau-{onglet}"')
    suite = page.find('<div id="panneau-', debut + 1)
    return page[debut : suite if suite != -1 else len(page)]


@pytest.fixture
def en_instruction(depose, instructeur):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    return Dossier.objects.get(pk=depose.pk)


# -- the overview -------------------------------------------------------------------------------------


def test_la_vue_d_ensemble_a_le_meme_nombre_de_requetes_quelle_que_soit_la_taille(connecte, candidat):
    petit = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=4, lignes=8)
    grand = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=30, lignes=80)
    urls = [reverse("candidatures:apercu", args=[d.pk]) for d in (petit, grand)]
    for url in urls:  # the first view stores the completion summary (one UPDATE): not measured
        connecte.get(url)
    assert requetes(connecte, urls[0]) == requetes(connecte, urls[1])


def test_la_vue_d_ensemble_d_un_dossier_depose_aussi(client, candidat):
    petit = deposer_dossier(candidat, membres=2, lignes=3)
    grand = deposer_dossier(candidat, membres=30, lignes=80)
    client.force_login(candidat)
    urls = [reverse("candidatures:apercu", args=[d.pk]) for d in (petit, grand)]
    client.get(urls[0])
    assert requetes(client, urls[0]) == requetes(client, urls[1])


# -- the dossier page: queries ------------------------------------------------------------------------


@pytest.fixture
def petit_et_grand(candidat, instructeur, instructeur2, agent_nord):
    """Two dossiers instructed alike (two evaluations, an avis, recevable), of 2 / 3 and 30 / 80."""
    return [
        instruire(deposer_dossier(candidat, membres=m, lignes=n), [instructeur, instructeur2], agent_nord)
        for m, n in ((2, 3), (30, 80))
    ]


@pytest.mark.parametrize("onglet", list(CONTENUS))
def test_chaque_forme_de_la_fiche_a_un_nombre_de_requetes_constant(
    client, petit_et_grand, instructeur, onglet
):
    client.force_login(instructeur)
    petit, grand = petit_et_grand
    client.get(fiche(petit))  # session, caches
    comptes = {}
    for forme in ("complete", "a_la_demande", "htmx"):
        if forme == "a_la_demande":
            client.cookies[COOKIE_ONGLETS] = "htmx"
        entetes = htmx(onglet) if forme == "htmx" else {}
        comptes[forme] = [requetes(client, fiche(d, onglet), **entetes) for d in (petit, grand)]
        assert comptes[forme][0] == comptes[forme][1], (forme, comptes)
    # Only the open tab read: fewer queries than the whole page; a tab alone, fewer still.
    assert comptes["htmx"][0] < comptes["a_la_demande"][0] < comptes["complete"][0], comptes


# -- the dossier page: every tab's content, with and without htmx -------------------------------------


def test_sans_le_cookie_chaque_onglet_est_dans_la_page(client, en_instruction, instructeur):
    client.force_login(instructeur)
    page = client.get(fiche(en_instruction)).content.decode()
    for onglet, contenu in CONTENUS.items():
        assert contenu in panneau(page, onglet), onglet
    assert "hx-get" not in page.split('id="fiche-onglets"')[1]  # nothing left to load


@pytest.mark.parametrize("onglet", list(CONTENUS))
def test_onglet_ouvert_par_son_lien_avec_ou_sans_scripts(client, en_instruction, instructeur, onglet):
    client.force_login(instructeur)
    for cookie in ("", "htmx"):
        client.cookies[COOKIE_ONGLETS] = cookie
        page = client.get(fiche(en_instruction, onglet)).content.decode()
        ouvert = panneau(page, onglet)
        assert "fr-tabs__panel--selected" in ouvert.split(">", 1)[0] and CONTENUS[onglet] in ouvert, onglet


def test_avec_le_cookie_les_onglets_fermes_sont_charges_a_l_ouverture(client, en_instruction, instructeur):
    client.force_login(instructeur)
    client.cookies[COOKIE_ONGLETS] = "htmx"
    page = client.get(fiche(en_instruction)).content.decode()
    assert CONTENUS["dossier"] in panneau(page, "dossier")
    for onglet, contenu in CONTENUS.items():
        if onglet == "dossier":
            continue
        ferme = panneau(page, onglet)
        assert contenu not in ferme, onglet
        # htmx loads it on the tab's first opening; without it, the link opens the page on that tab.
        assert (
            f'hx-get="{fiche(en_instruction, onglet)}"' in ferme
            and 'hx-trigger="dsfr.disclose once"' in ferme
        )
        assert f'href="{fiche(en_instruction, onglet)}#fiche-onglets"' in ferme
        fragment = client.get(fiche(en_instruction, onglet), headers=htmx(onglet)).content.decode()
        assert contenu in fragment and "<html" not in fragment and 'id="panneau-' not in fragment, onglet


def test_le_bloc_instruction_dit_la_meme_chose_avec_les_onglets_a_la_demande(
    client, en_instruction, instructeur
):
    client.force_login(instructeur)
    pages = []
    for cookie in ("", "htmx"):
        client.cookies[COOKIE_ONGLETS] = cookie
        page = client.get(fiche(en_instruction)).content.decode()
        pages.append(
            re.search(
                r'<section class="fr-mb-4w" aria-labelledby="instruction-titre">.*?</section>', page, re.S
            )[0]
        )
    assert pages[0] == pages[1]
    assert "où vous pouvez aussi demander des compléments" in pages[1]


def test_l_avis_attendu_d_un_agent_est_annonce_avec_les_onglets_a_la_demande(client, depose, agent_nord):
    client.force_login(agent_nord)
    client.cookies[COOKIE_ONGLETS] = "htmx"
    page = client.get(fiche(depose)).content.decode()
    assert 'id="avis-attendu"' in page and "Enregistrer l’avis" not in page
    fragment = client.get(fiche(depose, "avis"), headers=htmx("avis")).content.decode()
    assert "Enregistrer l’avis" in fragment


# -- who may load a tab -------------------------------------------------------------------------------


def test_un_onglet_n_est_charge_que_par_qui_l_a(client, en_instruction, agent_nord, agent_ailleurs, candidat):
    client.force_login(agent_nord)  # no scores, no private notes, not invited in the thread
    for onglet in ("evaluation", "notes", "echanges", "inconnu"):
        assert client.get(fiche(en_instruction, onglet), headers=htmx(onglet)).status_code == 404, onglet
    assert client.get(fiche(en_instruction, "avis"), headers=htmx("avis")).status_code == 200
    client.force_login(agent_ailleurs)  # another territory: not the dossier
    assert client.get(fiche(en_instruction, "avis"), headers=htmx("avis")).status_code == 404
    client.force_login(candidat)
    assert client.get(fiche(en_instruction, "dossier"), headers=htmx("dossier")).status_code == 403
