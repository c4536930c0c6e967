"""The queue's follow-up columns and filters: average score (national only), avis received / requested,
« avis en attente », « avis en retard », « sans note »."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from instruction.models import Avis, DemandeAvis, Evaluation
from tests.depots import deposer_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def trois(candidat, instructeur, agent_nord):
    note, attente, retard = (deposer_dossier(candidat) for _ in range(3))
    Evaluation.objects.create(dossier=note, instructeur=instructeur, note_sur_20=Decimal("15.25"))
    service = agent_nord.service_territorial
    aujourd_hui = timezone.localdate()
    DemandeAvis.objects.create(
        dossier=attente,
        service=service,
        demandee_par=instructeur,
        date_limite=aujourd_hui + datetime.timedelta(5),
    )
    DemandeAvis.objects.create(
        dossier=retard,
        service=service,
        demandee_par=instructeur,
        date_limite=aujourd_hui - datetime.timedelta(1),
    )
    avis = Avis.objects.create(
        dossier=note, service=service, auteur=agent_nord, sens="favorable", motivation="Oui."
    )
    DemandeAvis.objects.create(
        dossier=note, service=service, demandee_par=instructeur, date_limite=aujourd_hui, avis=avis
    )
    return note, attente, retard


def numeros(client, **params):
    page = client.get(reverse("instruction:a_instruire"), params).content.decode()
    return page


def test_filtres_avis_et_notation(client, trois, instructeur):
    note, attente, retard = trois
    client.force_login(instructeur)
    cas = {
        (("avis", "en_attente"),): {attente, retard},
        (("avis", "en_retard"),): {retard},
        (("avis", "recus"),): {note},
        (("notation", "sans_note"),): {attente, retard},
        (("notation", "notes"),): {note},
    }
    for params, attendus in cas.items():
        page = numeros(client, **dict(params))
        for dossier in trois:
            assert (dossier.numero in page) == (dossier in attendus), (params, dossier.numero)


def test_colonnes_note_et_avis(client, trois, instructeur, agent_nord):
    note, _, _ = trois
    client.force_login(instructeur)
    page = numeros(client, tri="-note")
    assert "Note moyenne (/20)" in page and "15,25" in page
    assert page.index(note.numero) < page.index(trois[1].numero)  # the scored one first
    assert "1 / 1 avis" in page and "1 en attente" in page

    client.force_login(agent_nord)
    page = client.get(
        reverse("instruction:territoire"), {"tri": "-note", "notation": "notes"}
    ).content.decode()
    assert "Note moyenne" not in page and "15,25" not in page and "Évaluation" not in page
    assert all(d.numero in page for d in trois)  # the national filter is ignored for an agent
