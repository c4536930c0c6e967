"""Exports as a user gets them: asked for on the exports page (POST), written by the worker (inline
without REDIS_URL: run by the commit of the request), downloaded from « Mes exports »."""

from django.test import TestCase
from django.urls import reverse

from exports.models import EtatExport, FichierExport


def demander(client, user, format: str, feuille: str = "", requete: str = "") -> FichierExport:
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        reponse = client.post(reverse("exports:demander") + requete, {"format": format, "feuille": feuille})
    assert reponse.status_code == 302, reponse.status_code
    return FichierExport.objects.filter(demandeur=user).latest("pk")


def telecharger(client, export: FichierExport):
    """(the response, its content): read to the end, which closes the file (the test client's wrapper;
    no ``close()`` here: outside that wrapper it would close the test's database connection)."""
    reponse = client.get(reverse("exports:telecharger", args=[export.pk]))
    assert reponse.status_code == 200, reponse.status_code
    return reponse, b"".join(reponse.streaming_content)


def contenu(client, export: FichierExport) -> bytes:
    return telecharger(client, export)[1]


def exporter(client, user, format: str, feuille: str = "", requete: str = "") -> bytes:
    """The file ``user`` downloads once the worker has written it."""
    export = demander(client, user, format, feuille, requete)
    export.refresh_from_db()
    assert export.etat == EtatExport.PRETE, (export.etat, export.erreur)
    return contenu(client, export)
