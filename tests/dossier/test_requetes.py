"""The number of queries of each dossier page: the same for 4 members / 8 lines and 30 / 80."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.models import Section
from demo.exemples import dossier_complet
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


PAGES = [("section", s) for s in Section.values] + [("apercu", None), ("depot", None)]


def _url_page(dossier, nom, section):
    args = [dossier.pk] + ([section] if section else [])
    return reverse(f"candidatures:{nom}", args=args)


def _requetes(client, url):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200, url
    return len(requetes)


def test_nombre_de_requetes_independant_de_la_taille_du_dossier(connecte, candidat):
    petit = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=4, lignes=8)
    grand = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=30, lignes=80)
    assert (grand.membres.count(), grand.depenses.count()) == (30, 80)
    for d in (petit, grand):  # the first view stores the completion summary (one UPDATE): not measured
        for nom, section in PAGES:
            connecte.get(_url_page(d, nom, section))

    comptes = {
        (nom, section): (
            _requetes(connecte, _url_page(petit, nom, section)),
            _requetes(connecte, _url_page(grand, nom, section)),
        )
        for nom, section in PAGES
    }

    assert {page: n for page, n in comptes.items() if n[0] != n[1]} == {}
    # Absolute counts, so that a regression shows: session, user, dossier (with call, porteur, last
    # editor), the snapshot of ``charger`` and what the page adds.
    assert {page: n[0] for page, n in comptes.items()} == REQUETES_PAR_PAGE


REQUETES_PAR_PAGE = {
    ("section", Section.CHEF_DE_FILE): 11,
    ("section", Section.CONSORTIUM): 12,
    ("section", Section.TERRITOIRE): 13,
    ("section", Section.AXE_1): 13,
    ("section", Section.AXE_2): 13,
    ("section", Section.AXE_3): 13,
    ("section", Section.AXE_4): 11,
    ("section", Section.ENGAGEMENTS): 11,
    ("section", Section.BUDGET): 13,
    ("section", Section.PIECES): 13,  # + the territory's départements: one CD letter slot each
    ("apercu", None): 13,
    ("depot", None): 13,
}
