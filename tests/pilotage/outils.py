"""Helpers of the dashboard's tests: dates in Paris time, the page's text and its map's links."""

import datetime
import html
import re

from django.urls import reverse

from comptes.models import TypeOrganisation

URL = reverse("pilotage:tableau_de_bord")
NBSP = "\u00a0"
T = TypeOrganisation


def paris(annee, mois, jour, heure=12):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(annee, mois, jour, heure))


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
