"""The messagerie's tests: the call open (``appel_ouvert``), a deposited dossier of the Nord (``depose``),
the State's users of tests/conftest.py; ``poster`` sends a message through the page."""

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert


def url_fil(dossier):
    return reverse("messagerie:fil", args=[dossier.pk])


def poster(client, dossier, texte="Bonjour", fichier=None):
    donnees = {"texte": texte}
    if fichier is not None:
        donnees["fichier"] = fichier
    return client.post(url_fil(dossier), donnees)
