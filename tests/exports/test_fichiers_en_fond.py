"""Issue 13: the XLSX workbook and the CSV sheets are export files like the ZIP archive — asked for by
a request that only records them, written by the worker (inline in these tests), their progress
advancing slice by slice, a mail with the link, downloaded by their demandeur only (404 for anyone
else), 410 once expired or while not ready; the file through the storage API, never a path."""

import datetime
import io
import os
import re
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.core.files.storage import InMemoryStorage
from django.urls import reverse
from django.utils import timezone

from exports import archive, lignes
from exports.models import EtatExport, FichierExport
from pieces.stockage import stockage
from tests.depots import deposer_dossier
from tests.exports.demandes import contenu, demander, exporter, telecharger
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FEUILLES = ["Dossiers", "Membres du consortium", "État des dépenses", "Plan de financement"]


@pytest.fixture
def trois(depose):
    """Three deposited dossiers (the Nord's ``depose`` and two others)."""
    return [depose] + [deposer_dossier(UserFactory(), membres=2, lignes=3) for _ in range(2)]


def test_export_xlsx_ne_tient_pas_la_requete(client, trois, instructeur, django_capture_on_commit_callbacks):
    """The defect: the whole workbook was written in the request (37 to 54 s at 10 000 dossiers, a
    server worker held, nothing sent before the end). Now the request records the export and answers;
    the workbook is written after, by the task the commit sends."""
    client.force_login(instructeur)
    with django_capture_on_commit_callbacks(execute=False) as envois:
        reponse = client.post(reverse("exports:demander"), {"format": "xlsx"})
    assert reponse.status_code == 302 and reponse["Location"] == "/exports/#mes-exports"
    export = FichierExport.objects.get(demandeur=instructeur)
    assert (export.format, export.etat, export.fichier.name, export.total) == (
        "xlsx",
        EtatExport.EN_ATTENTE,
        "",
        0,
    )
    assert len(envois) == 1  # the task, sent once the request's transaction is committed
    assert client.get(reverse("exports:telecharger", args=[export.pk])).status_code == 410  # not ready
    page = client.get(reverse("exports:exports")).content.decode()
    assert f'id="export-{export.pk}"' in page and 'hx-trigger="every 1s"' in page

    envois[0]()  # the worker
    export.refresh_from_db()
    assert (export.etat, export.total, export.progression) == (EtatExport.PRETE, 3, 100)
    # No URL streams a whole export any more.
    assert client.get("/exports/dossiers.xlsx").status_code == 404
    assert client.get("/exports/depenses.csv").status_code == 404


def test_la_progression_du_classeur_avance_par_tranche(client, trois, instructeur, monkeypatch):
    monkeypatch.setattr(lignes, "TRANCHE", 1)  # 3 slices of 1 dossier, in each of the 4 sheets
    vues = []
    avancer = archive._avancer

    def _avancer_et_regarder(export, faits):
        avancer(export, faits)
        ligne = client.get(reverse("exports:suivi", args=[export.pk])).content.decode()
        vues.append(int(re.search(r'value="(\d+)"', ligne).group(1)))
        assert 'hx-trigger="every 1s"' in ligne  # still polled

    monkeypatch.setattr(archive, "_avancer", _avancer_et_regarder)
    export = demander(client, instructeur, "xlsx")
    export.refresh_from_db()
    assert export.etapes == 12 and export.faits == 12
    assert vues == [n * 100 // 12 for n in range(1, 12)] + [99]  # 8, 16, 25… by slice, 100 once written
    ligne = client.get(reverse("exports:suivi", args=[export.pk])).content.decode()
    assert 'value="100"' in ligne and "100 %" in ligne and "hx-trigger" not in ligne
    assert "Télécharger le classeur" in ligne and "XLSX" in ligne


def test_le_classeur_prepare_a_ses_quatre_feuilles_et_arrive_par_courriel(client, trois, instructeur):
    export = demander(client, instructeur, "xlsx")
    (courriel,) = [m for m in mail.outbox if "classeur" in m.subject]
    assert courriel.subject == "Votre classeur XLSX de 3 dossiers est prêt" and courriel.to == [
        instructeur.email
    ]
    lien = re.search(r"https?://\S+/exports/fichiers/(\d+)/telecharger/", courriel.body)
    assert lien and int(lien.group(1)) == export.pk and "Il sera supprimé le" in courriel.body

    reponse, octets = telecharger(client, export)
    assert reponse["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert reponse["Cache-Control"] == "private, no-store"
    classeur = openpyxl.load_workbook(io.BytesIO(octets))
    assert classeur.sheetnames == FEUILLES
    numeros = [ligne[0] for ligne in classeur["Dossiers"].iter_rows(min_row=2, values_only=True)]
    assert numeros == sorted(d.numero for d in trois)
    assert export.taille == len(octets) > 0 or FichierExport.objects.get(pk=export.pk).taille == len(octets)


def test_une_feuille_en_csv_par_le_worker(client, trois, instructeur):
    export = demander(client, instructeur, "csv", "depenses")
    export.refresh_from_db()
    assert (export.etat, export.etapes, export.faits, export.total) == (EtatExport.PRETE, 1, 1, 3)
    (courriel,) = [m for m in mail.outbox if "CSV" in m.subject]
    assert courriel.subject == "Votre fichier CSV « État des dépenses » de 3 dossiers est prêt"
    texte = contenu(client, export).decode("utf-8-sig")
    assert texte.splitlines()[0].startswith("Numéro de dossier;Porteur;Ligne;Groupe de dépenses")
    assert {d.numero for d in trois} <= set(re.findall(r"AMI2-SPIE-2021-\d{4}", texte))


def test_seul_le_demandeur_suit_et_telecharge_son_classeur(
    client, depose, instructeur, instructeur2, administrateur, agent_nord
):
    export = demander(client, instructeur, "xlsx")
    for autre in (instructeur2, administrateur, agent_nord):
        client.force_login(autre)
        assert client.get(reverse("exports:suivi", args=[export.pk])).status_code == 404
        assert client.get(reverse("exports:telecharger", args=[export.pk])).status_code == 404
        assert f"export-{export.pk}" not in client.get(reverse("exports:exports")).content.decode()
    client.force_login(instructeur)
    assert contenu(client, export).startswith(b"PK")  # 200, the workbook (a zip)


def test_le_classeur_expire_donne_410(client, depose, instructeur, settings):
    settings.EXPORTS_CONSERVATION_JOURS = 2
    export = demander(client, instructeur, "xlsx")
    export.refresh_from_db()
    nom, stockage = export.fichier.name, export.fichier.storage
    assert stockage.exists(nom) and export.expire_le - export.termine_le == datetime.timedelta(days=2)
    assert archive.purger(timezone.now() + datetime.timedelta(days=2, minutes=1)) == 1
    export.refresh_from_db()
    assert export.etat == EtatExport.EXPIREE and not export.fichier and not stockage.exists(nom)
    reponse = client.get(reverse("exports:telecharger", args=[export.pk]))
    assert reponse.status_code == 410
    page = reponse.content.decode()
    assert "Ce classeur XLSX n’est pas disponible" in page and "il a été supprimé" in page
    ligne = client.get(reverse("exports:suivi", args=[export.pk])).content.decode()
    assert "Supprimé" in ligne and "demandez-en un nouveau" in ligne


def test_un_second_clic_attend_le_meme_export(
    client, depose, instructeur, django_capture_on_commit_callbacks
):
    client.force_login(instructeur)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=False):
            reponse = client.post(reverse("exports:demander"), {"format": "xlsx"}, follow=True)
    assert FichierExport.objects.filter(demandeur=instructeur).count() == 1
    assert "Le classeur XLSX est déjà en préparation" in reponse.content.decode()
    # Another format, or other filters, is another export.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("exports:demander") + "?departement=59", {"format": "xlsx"})
        client.post(reverse("exports:demander"), {"format": "csv", "feuille": "membres"})
    assert FichierExport.objects.filter(demandeur=instructeur).count() == 3
    # One whose worker died (still « en préparation » an hour later) does not block a new request.
    FichierExport.objects.update(cree_le=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("exports:demander"), {"format": "xlsx"})
    assert FichierExport.objects.filter(demandeur=instructeur, format="xlsx").count() == 3


class StockageSansChemin(InMemoryStorage):
    """The private storage as an object store is: files in memory, no local path (``path()`` raises,
    as django-storages' S3 does)."""

    def path(self, name):
        raise NotImplementedError("Ce stockage n’a pas de chemin local.")

    def _relative_path(self, name):  # Django's own use, inside the storage
        return os.path.relpath(InMemoryStorage.path(self, name), self.location)


@pytest.fixture
def stockage_sans_chemin(settings):
    settings.STORAGES = {**settings.STORAGES, "prive": {"BACKEND": f"{__name__}.StockageSansChemin"}}


def test_les_exports_passent_par_le_stockage_sans_chemin(client, stockage_sans_chemin, depose, instructeur):
    """The worker saves the file, reads the pièces and the view streams it through the storage API
    only: the same code runs on S3 (helper « s3 »)."""
    assert depose.pieces.exists() and all(stockage.exists(p.fichier.name) for p in depose.pieces.all())
    classeur = openpyxl.load_workbook(io.BytesIO(exporter(client, instructeur, "xlsx")))
    assert classeur.sheetnames == FEUILLES
    octets = exporter(client, instructeur, "zip")
    with zipfile.ZipFile(io.BytesIO(octets)) as zip_:
        pieces = [nom for nom in zip_.namelist() if nom.startswith(f"{depose.numero}/pieces/")]
        assert len(pieces) == depose.pieces.count() and all(
            zip_.read(nom).startswith(b"%PDF") for nom in pieces
        )
    assert FichierExport.objects.get(demandeur=instructeur, format="zip").taille == len(octets)
