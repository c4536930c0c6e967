"""Helpers of the upload tests: the URL of an upload, and how to post a file."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def url_ajout(dossier, nature):
    return reverse("candidatures:piece_ajouter", args=[dossier.pk, nature])


def poster(client, dossier, nature, contenu, nom="lettre.pdf", **extra):
    return client.post(
        url_ajout(dossier, nature),
        {f"{nature}-fichier": SimpleUploadedFile(nom, contenu, content_type="application/pdf"), **extra},
    )
