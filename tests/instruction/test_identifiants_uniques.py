"""Each form of the instruction dossier's page has its own field ids: two forms on one page used to share
``id_message`` (compléments and demande d'avis) and ``id_version_instruction``, so a label pointed at the
wrong field and a screen reader read the wrong one."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from candidatures import cycle

pytestmark = pytest.mark.django_db


class Identifiants(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for nom, valeur in attrs:
            if nom == "id":
                self.ids[valeur] += 1


def doublons(html: str) -> list[str]:
    lecteur = Identifiants()
    lecteur.feed(html)
    return sorted(i for i, n in lecteur.ids.items() if n > 1)


def test_page_d_instruction_sans_identifiant_en_double(client, depose, instructeur, agent_nord):
    url = reverse("instruction:dossier", args=[depose.pk])
    client.force_login(instructeur)
    assert doublons(client.get(url).content.decode()) == []  # déposé: « Prendre le dossier »
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    page = client.get(url).content.decode()
    # En instruction: recevabilité, compléments, notation and demande d'avis on one page.
    assert 'id="complements_message"' in page and 'id="demande_avis_message"' in page
    assert doublons(page) == []
    client.force_login(agent_nord)
    assert doublons(client.get(url).content.decode()) == []
