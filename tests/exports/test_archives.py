"""ZIP archives: prepared in the background (Celery worker with REDIS_URL, inline without), their
progress, the mail with the link, only their demandeur downloads them, deleted after the delay."""

import datetime
import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exports.archive import preparer, purger
from exports.models import EtatExport, FichierExport
from tests.depots import deposer_dossier
from tests.factories import UserFactory


def _demander(client, user, django_capture_on_commit_callbacks, requete=""):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("exports:demander") + requete, {"format": "zip"})
    assert reponse.status_code == 302
    return FichierExport.objects.filter(demandeur=user).latest("pk")


@pytest.mark.django_db(transaction=True)
def test_l_archive_est_preparee_par_le_worker_puis_telechargee(
    client, depose, instructeur, celery_worker_si_redis, attendre, django_capture_on_commit_callbacks
):
    deposer_dossier(UserFactory(), membres=2, lignes=3)
    archive = _demander(client, instructeur, django_capture_on_commit_callbacks)
    assert attendre(lambda: FichierExport.objects.get(pk=archive.pk).etat == EtatExport.PRETE, delai=60)
    archive.refresh_from_db()
    assert (archive.total, archive.faits, archive.progression) == (2, 2, 100)

    # The row polled by the page shows 100 % and the link; it stops polling.
    ligne = client.get(reverse("exports:suivi", args=[archive.pk])).content.decode()
    assert 'value="100"' in ligne and "100 % — 2 / 2 dossiers" in ligne and "hx-trigger" not in ligne
    assert reverse("exports:telecharger", args=[archive.pk]) in ligne

    reponse = client.get(reverse("exports:telecharger", args=[archive.pk]))
    assert reponse["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(reponse.streaming_content))) as zip_:
        noms = zip_.namelist()
        assert f"{depose.numero}/{depose.numero}.pdf" in noms
        assert zip_.read(f"{depose.numero}/{depose.numero}.pdf").startswith(b"%PDF")
        pieces = [nom for nom in noms if nom.startswith(f"{depose.numero}/pieces/")]
        assert len(pieces) == depose.pieces.count() >= 1
        assert all(zip_.read(nom).startswith(b"%PDF") for nom in pieces)
    reponse.close()

    # The mail leaves through the outbox after the archive is ready: with Redis, a task of the worker.
    assert attendre(lambda: [m for m in mail.outbox if "archive" in m.subject])
    (courriel,) = [m for m in mail.outbox if "archive" in m.subject]
    assert courriel.to == [instructeur.email]
    assert courriel.subject == "Votre archive ZIP de 2 dossiers est prête"
    lien = re.search(r"https?://\S+/exports/fichiers/\d+/telecharger/", courriel.body)
    assert lien and lien.group(0).endswith(reverse("exports:telecharger", args=[archive.pk]))


@pytest.mark.django_db
def test_la_progression_est_suivie_pendant_la_preparation(client, instructeur, depose):
    client.force_login(instructeur)
    archive = FichierExport.objects.create(
        demandeur=instructeur, etat=EtatExport.EN_COURS, total=40, etapes=40, faits=10
    )
    ligne = client.get(reverse("exports:suivi", args=[archive.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in ligne and 'value="25"' in ligne and "25 % — 10 / 40 dossiers" in ligne
    page = client.get(reverse("exports:exports")).content.decode()
    assert f'id="export-{archive.pk}"' in page
    # Not ready: nothing to download.
    assert client.get(reverse("exports:telecharger", args=[archive.pk])).status_code == 410


@pytest.mark.django_db
def test_seul_le_demandeur_suit_et_telecharge_son_archive(
    client, depose, instructeur, instructeur2, agent_nord, django_capture_on_commit_callbacks
):
    archive = _demander(client, instructeur, django_capture_on_commit_callbacks)
    assert FichierExport.objects.get(pk=archive.pk).etat == EtatExport.PRETE
    for autre in (instructeur2, agent_nord):
        client.force_login(autre)
        assert client.get(reverse("exports:suivi", args=[archive.pk])).status_code == 404
        assert client.get(reverse("exports:telecharger", args=[archive.pk])).status_code == 404
        assert f"export-{archive.pk}" not in client.get(reverse("exports:exports")).content.decode()


@pytest.mark.django_db
def test_l_archive_d_un_agent_ne_tient_que_son_territoire(
    client, depose, agent_ailleurs, agent_nord, django_capture_on_commit_callbacks
):
    archive = _demander(client, agent_nord, django_capture_on_commit_callbacks)
    archive.refresh_from_db()
    assert archive.total == 1
    with archive.fichier.open("rb") as fichier, zipfile.ZipFile(fichier) as zip_:
        assert {nom.split("/")[0] for nom in zip_.namelist()} == {depose.numero}

    client.force_login(agent_ailleurs)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("exports:demander"), {"format": "zip"}, follow=True)
    assert "il n’y a rien à exporter" in reponse.content.decode()
    assert not FichierExport.objects.filter(demandeur=agent_ailleurs).exists()


@pytest.mark.django_db
def test_l_archive_est_supprimee_apres_le_delai_de_conservation(
    client, depose, instructeur, settings, django_capture_on_commit_callbacks
):
    settings.EXPORTS_CONSERVATION_JOURS = 3
    archive = _demander(client, instructeur, django_capture_on_commit_callbacks)
    archive.refresh_from_db()
    nom, stockage = archive.fichier.name, archive.fichier.storage
    assert stockage.exists(nom)
    assert archive.expire_le - archive.termine_le == datetime.timedelta(days=3)
    assert purger(timezone.now() + datetime.timedelta(days=2)) == 0
    call_command("purger_archives", stdout=io.StringIO())  # nothing expired yet
    assert purger(timezone.now() + datetime.timedelta(days=3, minutes=1)) == 1
    archive.refresh_from_db()
    assert archive.etat == EtatExport.EXPIREE and not archive.fichier
    assert not stockage.exists(nom)
    reponse = client.get(reverse("exports:telecharger", args=[archive.pk]))
    assert reponse.status_code == 410 and "délai de conservation est écoulé" in reponse.content.decode()


@pytest.mark.django_db
def test_une_tache_livree_deux_fois_ne_prepare_qu_une_archive(instructeur, depose):
    archive = FichierExport.objects.create(demandeur=instructeur)
    preparer(archive.pk)
    archive.refresh_from_db()
    fichier = archive.fichier.name
    preparer(archive.pk)
    archive.refresh_from_db()
    assert archive.fichier.name == fichier and archive.etat == EtatExport.PRETE
