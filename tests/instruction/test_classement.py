"""Issue 13: the Classement a page at a time (it was one page of every dossier: 2,4 Mo and 1,5 to 3 s at
10 000 dossiers), its ranks and running total (« cumul de la sélection ») still those of the whole
selection, computed by the database; the group « À noter par vous » kept; the same queries on every
page whatever the number of dossiers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from candidatures.models import Dossier, Etat
from instruction import classement as module_classement
from instruction.classement import classement
from instruction.models import Avis, Evaluation
from tests.depots import dossier_a_l_etat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAR_PAGE = 4
# (état, proposition) in turn: retained are the lauréats and the proposed lauréats.
ETATS = [
    (Etat.RECEVABLE, ""),
    (Etat.PROPOSE, "laureat"),
    (Etat.LAUREAT, ""),
    (Etat.PROPOSE, "non_retenu"),
    (Etat.NON_RETENU, ""),
]


@pytest.fixture(autouse=True)
def _par_page(monkeypatch):
    monkeypatch.setattr(module_classement, "PAR_PAGE", PAR_PAGE)


def classables(n: int, instructeur, instructeur2, agent=None, debut: int = 0) -> list[Dossier]:
    """``n`` dossiers deposited through the real dépôt a month ago, an hour apart, taken by
    ``instructeur`` to the Classement's états (``tests.depots``): subvention 10 000 € × (i+1),
    a score by ``instructeur`` on two in three (20 - i/2), by ``instructeur2`` on the others, so
    that ``instructeur`` has a group « À noter par vous »; an avis on one in four."""
    candidat = UserFactory()
    depot = timezone.now() - datetime.timedelta(days=30)
    dossiers = []
    for i in range(debut, debut + n):
        etat, proposition = ETATS[i % len(ETATS)]
        dossier = dossier_a_l_etat(
            etat,
            candidat=candidat,
            instructeur=instructeur,
            proposition=proposition or ("non_retenu" if etat == Etat.NON_RETENU else "laureat"),
            le=depot + datetime.timedelta(hours=i),
            subvention=10_000 * (i + 1),
        )
        auteur = instructeur if i % 3 else instructeur2
        Evaluation.objects.create(
            dossier=dossier, instructeur=auteur, note_sur_20=Decimal(20) - Decimal(i) / 2
        )
        if agent and i % 4 == 0:
            Avis.objects.create(
                dossier=dossier, service=agent.service_territorial, auteur=agent, sens="favorable"
            )
        dossiers.append(dossier)
    return dossiers


def _lignes(page: str) -> list[dict]:
    """The rows of both tables of a page of the Classement, in order: numero, rank, cumul."""
    lignes = []
    for ligne in re.findall(r"<tr(?: class=\"classement__retenu\")?>\s*(.*?)</tr>", page, re.S):
        numero = re.search(r'<a href="/instruction/dossiers/\d+/">([^<]+)</a>', ligne)
        if not numero:
            continue
        cellules = re.findall(r"<td[^>]*>(.*?)</td>", ligne, re.S)
        rang = cellules[0] if not cellules[0].startswith("<a") else None
        lignes.append({"numero": numero.group(1), "rang": rang, "cumul": cellules[-1].strip()})
    return lignes


def _toutes_les_pages(client, user) -> tuple[list[dict], list[str]]:
    client.force_login(user)
    lignes, pages, numero = [], [], 1
    while True:
        page = client.get(reverse("instruction:classement"), {"page": numero}).content.decode()
        pages.append(page)
        lignes += _lignes(page)
        if 'fr-pagination__link--next fr-pagination__link--lg-label" href=' not in page:
            return lignes, pages
        numero += 1


def _euros(montant: Decimal) -> str:
    entier, decimales = f"{montant:.2f}".split(".")
    groupes = f"{int(entier):,}".replace(",", "\u00a0")
    return f"{groupes},{decimales}\u00a0€"


@pytest.mark.parametrize("qui", ["administrateur", "instructeur"])
def test_classement_pagine_le_cumul_court_sur_toute_la_selection(
    client, qui, administrateur, instructeur, instructeur2, agent_nord
):
    dossiers = classables(11, instructeur, instructeur2, agent_nord)
    user = administrateur if qui == "administrateur" else instructeur
    lignes, pages = _toutes_les_pages(client, user)
    assert len(pages) == 3 and all(len(_lignes(p)) <= PAR_PAGE for p in pages)

    # What the whole selection gives, computed here from the data: the order (ranked by average,
    # then the masked ones by dépôt), the ranks, the running total of the retained subvention.
    def visible(i):
        return qui == "administrateur" or i % 3 != 0

    indices = sorted(range(11), key=lambda i: (not visible(i), -(20 - i / 2) if visible(i) else 0, i))
    attendu, cumul, rang = [], Decimal(0), 0
    for i in indices:
        etat, proposition = ETATS[i % len(ETATS)]
        retenu = etat == Etat.LAUREAT or proposition == "laureat"
        cumul += dossiers[i].subvention_demandee if retenu else 0
        rang += visible(i)
        attendu.append(
            {
                "numero": dossiers[i].numero,
                "rang": str(rang) if visible(i) else None,
                # A masked row shows no cumul: it would give its rank among the ranked ones (its score).
                "cumul": _euros(cumul) if retenu and visible(i) else "",
            }
        )
    assert lignes == attendu
    # The same as the unpaginated Classement (one query for all), and the callout's total on every page.
    rangs, total, nombre, _ = classement(user, Appel.objects.courant())
    assert [r.dossier.numero for r in rangs] == [ligne["numero"] for ligne in lignes]
    assert [r.cumul for r in rangs][-1] == total == cumul
    assert nombre == sum(
        1
        for i in range(11)
        if ETATS[i % len(ETATS)][0] == Etat.LAUREAT or ETATS[i % len(ETATS)][1] == "laureat"
    )
    for page in pages:
        assert f"Subvention de l’État demandée par la sélection : <strong>{_euros(total)}</strong>" in page


def test_classement_pagine_garde_le_groupe_a_noter_par_vous(client, instructeur, instructeur2):
    classables(11, instructeur, instructeur2)  # instructeur: 7 ranked, 4 « à noter »
    client.force_login(instructeur)
    url = reverse("instruction:classement")
    premiere = client.get(url).content.decode()
    assert 'id="a-noter"' not in premiere and "7 dossiers classés : ceux que vous avez notés" in premiere
    assert "Dossiers 1 à 4 sur 11, page 1 sur 3." in premiere
    assert 'href="?page=2"' in premiere and 'aria-current="page"' in premiere
    assert (
        "4 dossiers que vous n’avez pas notés" in premiere and 'href="?page=2">à noter par vous' in premiere
    )
    deuxieme = client.get(url, {"page": 2}).content.decode()  # ranks 5 to 7, then the group begins
    classes, _, a_noter = deuxieme.partition('id="a-noter"')
    assert [ligne["rang"] for ligne in _lignes(classes)] == ["5", "6", "7"]
    assert len(_lignes(a_noter)) == 1 and "4 dossiers que vous n’avez pas notés" in a_noter
    troisieme = client.get(url, {"page": 3}).content.decode()
    assert "Rang</th>" not in troisieme and 'id="a-noter"' in troisieme
    assert [ligne["rang"] for ligne in _lignes(troisieme)] == [None, None, None]
    # The page parameter as the queue reads it: beyond the last, the last; not a number, the first.
    assert _lignes(client.get(url, {"page": 99}).content.decode()) == _lignes(troisieme)
    assert _lignes(client.get(url, {"page": "x"}).content.decode()) == _lignes(premiere)
    # Every other parameter of the request is kept in the pagination's links.
    assert 'href="?tri=note&amp;page=3"' in client.get(url, {"tri": "note"}).content.decode()


def test_classement_pagine_nombre_de_requetes_constant(
    client, instructeur, instructeur2, agent_nord, django_assert_num_queries
):
    classables(6, instructeur, instructeur2, agent_nord)
    client.force_login(instructeur)
    url = reverse("instruction:classement")
    client.get(url)
    with CaptureQueriesContext(connection) as petit:
        client.get(url, {"page": 2})
    classables(30, instructeur, instructeur2, agent_nord, debut=6)
    for page in (1, 2, 5, 9):
        with django_assert_num_queries(len(petit)):
            reponse = client.get(url, {"page": page})
        assert len(_lignes(reponse.content.decode())) == PAR_PAGE
