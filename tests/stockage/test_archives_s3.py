"""Issue 13 — the ZIP archives on the S3 store: written by the worker into the bucket (the pièces read
from it), downloaded by their demandeur only, through the portal (bytes equal to the object), the object
private and deleted once the retention delay is over."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from exports.archive import purger
from exports.models import EtatExport
from tests.exports.demandes import demander, telecharger

pytestmark = pytest.mark.django_db


def test_une_archive_ecrite_dans_le_bucket_et_telechargee(s3, client, depose, instructeur, instructeur2):
    pieces = {p.fichier.name for p in depose.pieces.all()}
    assert set(s3.cles()) == pieces

    export = demander(client, instructeur, "zip")
    export.refresh_from_db()
    assert export.etat == EtatExport.PRETE, export.erreur
    assert set(s3.cles()) == pieces | {export.fichier.name}
    assert export.fichier.name.startswith("exports/")
    acl = s3.client.get_object_acl(Bucket=s3.nom, Key=export.fichier.name)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]

    reponse, octets = telecharger(client, export)
    assert reponse["Content-Type"] == "application/zip"
    assert reponse["Content-Disposition"].startswith("attachment")
    assert octets == s3.lire(export.fichier.name)
    with zipfile.ZipFile(io.BytesIO(octets)) as zip_:
        noms = zip_.namelist()
        assert f"{depose.numero}/{depose.numero}.pdf" in noms
        dans_le_zip = sorted(zip_.read(n) for n in noms if n.startswith(f"{depose.numero}/pieces/"))
    assert dans_le_zip == sorted(s3.lire(cle) for cle in pieces)  # the pièces, read from the bucket

    client.force_login(instructeur2)
    assert client.get(reverse("exports:telecharger", args=[export.pk])).status_code == 404

    assert purger(timezone.now() + datetime.timedelta(days=365)) == 1
    assert set(s3.cles()) == pieces  # the archive's object deleted, the pièces kept
