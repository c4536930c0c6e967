"""Issue 12 item 5 — every pièce scanned by the real ClamAV daemon (tests/clamd.py, the EICAR signature):
EICAR refused and its file deleted, a clean PDF accepted and downloadable, clamd down → the pièce kept
« en cours d'analyse », visible, not downloadable, scanned once clamd is back. Tests marked
``transaction=True`` run the analysis as ``./bin/demo`` does without Redis: inline, at the request's
commit."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from pieces import antivirus
from pieces.analyse import reprendre
from pieces.models import EtatAnalyse, NaturePiece, Piece
from tests.clamd import EICAR, SIGNATURE
from tests.pdfs_hostiles import _page, assembler
from tests.pieces.outils import poster

PE = NaturePiece.LETTRE_POLE_EMPLOI
RACINE = Path(__file__).resolve().parents[2]


def pdf_eicar() -> bytes:
    """A valid one-page PDF whose content stream carries the EICAR test string."""
    objets = _page(b"/Contents 4 0 R")
    donnees = b"% " + EICAR + b"\n"
    objets[4] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(donnees), donnees)
    return assembler(objets)


def pdf_sain() -> bytes:
    objets = _page(b"/Contents 4 0 R")
    donnees = b"BT /F1 12 Tf 72 720 Td (Lettre d'engagement) Tj ET\n"
    objets[4] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(donnees), donnees)
    return assembler(objets)


def url_piece(piece):
    return reverse("candidatures:piece", args=[piece.dossier_id, piece.pk])


def page_pieces(client, dossier) -> str:
    return client.get(reverse("candidatures:section_pieces", args=[dossier.pk])).content.decode()


def test_item5_clamd_charge_la_signature_eicar(clamd):
    assert antivirus.repond()
    assert antivirus.analyser(io.BytesIO(EICAR)).detail.startswith(SIGNATURE)  # the .hdb: the bare file
    verdict = antivirus.analyser(io.BytesIO(pdf_eicar()))  # the .ndb: inside a PDF
    assert (verdict.etat, verdict.detail) == (EtatAnalyse.INFECTEE, f"{SIGNATURE}-Corps.UNOFFICIAL")
    assert antivirus.analyser(io.BytesIO(pdf_sain())).etat == EtatAnalyse.SAINE


@pytest.mark.django_db(transaction=True)
def test_item5_eicar_refuse_et_supprime(settings, clamd, connecte, dossier, candidat):
    reponse = poster(connecte, dossier, PE, pdf_eicar(), "lettre-eicar.pdf")

    assert reponse.status_code == 302
    piece = Piece.objects.get()
    assert (piece.analyse, piece.fichier.name) == (EtatAnalyse.INFECTEE, "")
    assert piece.analyse_detail == f"{SIGNATURE}-Corps.UNOFFICIAL"
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))  # removed from the storage
    page = page_pieces(connecte, dossier)
    assert "« lettre-eicar.pdf » est refusé : l’antivirus y a trouvé un virus" in page  # the message
    assert "Ce fichier contenait un virus (Eicar-Test-Signature-Corps.UNOFFICIAL)" in page  # the state
    assert f'href="{url_piece(piece)}"' not in page
    assert connecte.get(url_piece(piece)).status_code == 410
    (courriel,) = mail.outbox
    assert courriel.to == [candidat.email] and "virus" in courriel.body
    assert (
        f"{settings.PORTAIL_URL}/candidatures/{dossier.pk}/pieces/" in courriel.body
    )  # straight to the section
    # An infected pièce is absent for the rules: R03 asks for the letter again, blocking.
    assert 'id="regle-R03"' in page and "Joignez la lettre d’engagement de Pôle emploi." in page
    # The bare EICAR file is no PDF: refused before any scan.
    assert poster(connecte, dossier, PE, EICAR, "eicar.pdf").status_code == 422


@pytest.mark.django_db(transaction=True)
def test_item5_un_pdf_sain_est_accepte_et_telechargeable(clamd, connecte, dossier):
    contenu = pdf_sain()
    reponse = poster(connecte, dossier, PE, contenu, "lettre.pdf")

    piece = Piece.objects.get()
    assert (piece.analyse, piece.pages, piece.analyse_essais) == (EtatAnalyse.SAINE, 1, 1)
    page = connecte.get(reponse["Location"]).content.decode()
    assert "« lettre.pdf » est joint au dossier (1 page)." in page
    assert "Aucun virus trouvé par l’antivirus le" in page and f'href="{url_piece(piece)}"' in page
    assert "Analyse antivirus désactivée" not in page
    telechargement = connecte.get(url_piece(piece))
    assert telechargement.status_code == 200 and b"".join(telechargement.streaming_content) == contenu


@pytest.mark.django_db(transaction=True)
def test_item5_clamd_arrete_la_piece_reste_en_attente_puis_est_analysee(clamd, connecte, dossier):
    clamd.arreter()
    try:
        reponse = poster(connecte, dossier, PE, pdf_eicar(), "lettre.pdf")

        assert reponse.status_code == 302
        piece = Piece.objects.get()
        assert piece.analyse == EtatAnalyse.ERREUR and piece.analyse_detail.startswith(
            "Antivirus injoignable"
        )
        assert Path(piece.fichier.path).exists()  # kept, never accepted without an answer
        page = connecte.get(reponse["Location"]).content.decode()
        assert "« lettre.pdf » est reçu, mais l’antivirus n’a pas pu l’analyser pour l’instant" in page
        assert "L’antivirus n’a pas encore pu analyser ce fichier" in page
        assert f'href="{url_piece(piece)}"' not in page
        indisponible = connecte.get(url_piece(piece))
        assert indisponible.status_code == 409
        assert "Ce fichier est en cours d’analyse antivirus" in indisponible.content.decode()
        # Counted as joined, flagged: an avertissement, not a blocking rule.
        assert (
            "son analyse antivirus est en cours : elle ne comptera que si le fichier est déclaré sain" in page
        )
        assert reprendre() == 1  # still down: still pending
        assert Piece.objects.get().analyse == EtatAnalyse.ERREUR
    finally:
        assert clamd.demarrer(), clamd.erreur

    sortie = io.StringIO()
    call_command("analyser_pieces", stdout=sortie)  # what Celery beat runs every 5 minutes
    assert "1 pièce(s) remise(s) en analyse." in sortie.getvalue()
    piece.refresh_from_db()
    assert (piece.analyse, piece.fichier.name, piece.analyse_essais) == (EtatAnalyse.INFECTEE, "", 3)
    assert reprendre() == 0


@pytest.mark.django_db
def test_item5_personne_ne_telecharge_une_piece_non_declaree_saine(
    client, depose, candidat, instructeur, agent_nord, administrateur
):
    piece = depose.pieces.get(nature=PE)
    assert piece.analyse == EtatAnalyse.SAINE  # scanned by clamd at the dossier's making
    fiche = reverse("instruction:dossier", args=[depose.pk])
    for etat, statut, texte in (
        (EtatAnalyse.EN_ATTENTE, 409, "Ce fichier est en cours d’analyse antivirus"),
        (EtatAnalyse.ERREUR, 409, "Ce fichier est en cours d’analyse antivirus"),
        (EtatAnalyse.NON_ANALYSEE, 409, "Ce fichier est en cours d’analyse antivirus"),  # antivirus on now
        (EtatAnalyse.INFECTEE, 410, "Ce fichier a été refusé"),
    ):
        Piece.objects.filter(pk=piece.pk).update(analyse=etat)
        for user in (candidat, instructeur, agent_nord, administrateur):
            client.force_login(user)
            reponse = client.get(url_piece(piece))
            assert (reponse.status_code, user.email, etat) == (statut, user.email, etat)
            assert texte in reponse.content.decode()
        client.force_login(instructeur)
        assert f'href="{url_piece(piece)}"' not in client.get(fiche).content.decode()
    Piece.objects.filter(pk=piece.pk).update(analyse=EtatAnalyse.SAINE)
    page = client.get(fiche).content.decode()
    assert f'href="{url_piece(piece)}"' in page


@pytest.mark.django_db
def test_item5_l_archive_ecarte_les_pieces_non_analysees_et_le_dit(depose, instructeur):
    import zipfile

    from exports.archive import ECARTEES, preparer
    from exports.models import FichierExport

    piece = depose.pieces.get(nature=PE)
    Piece.objects.filter(pk=piece.pk).update(analyse=EtatAnalyse.EN_ATTENTE)
    archive = FichierExport.objects.create(demandeur=instructeur, filtres={})
    preparer(archive.pk)
    archive.refresh_from_db()
    with archive.fichier.open("rb") as fichier, zipfile.ZipFile(fichier) as zip_:
        noms = zip_.namelist()
        note = zip_.read(f"{depose.numero}/pieces/{ECARTEES}").decode()
    assert not [nom for nom in noms if nom.endswith(".pdf") and "/pieces/" in nom and piece.nom in nom]
    assert "elles n’ont pas été déclarées saines par l’antivirus" in note
    assert f"Lettre d’engagement de Pôle emploi — {piece.nom} : en cours d’analyse antivirus" in note


@pytest.mark.django_db
def test_item5_regles_piece_en_attente_presente_et_signalee_infectee_absente(depose):
    from candidatures.recevabilite import evaluer

    piece = depose.pieces.get(nature=PE)
    r03 = {ligne.regle: ligne for ligne in evaluer(depose).lignes}["R03"]
    assert r03.statut == "respecté"
    Piece.objects.filter(pk=piece.pk).update(analyse=EtatAnalyse.ERREUR)
    resultat = evaluer(depose)
    r03 = {ligne.regle: ligne for ligne in resultat.lignes}["R03"]
    assert r03.resultat.avertissement and not r03.resultat.bloquant
    assert "R03" not in [ligne.regle for ligne in resultat.bloquantes]
    Piece.objects.filter(pk=piece.pk).update(analyse=EtatAnalyse.INFECTEE)
    resultat = evaluer(depose)
    assert "R03" in [ligne.regle for ligne in resultat.bloquantes]


@pytest.mark.django_db
def test_item5_sans_antivirus_le_portail_le_dit(
    settings, client, connecte, dossier, envoyer, depose, instructeur
):
    settings.ANTIVIRUS = "aucun"
    reponse = envoyer(connecte, dossier, PE, pdf_eicar(), "lettre.pdf")

    piece = Piece.objects.get(dossier=dossier)
    assert piece.analyse == EtatAnalyse.NON_ANALYSEE and piece.telechargeable
    page = connecte.get(reponse["Location"]).content.decode()
    assert "Analyse antivirus désactivée sur cette instance" in page
    assert "Ce fichier n’a pas été analysé par un antivirus" in page
    client.force_login(instructeur)
    Piece.objects.filter(dossier=depose).update(analyse=EtatAnalyse.NON_ANALYSEE)
    assert (
        "Analyse antivirus désactivée sur cette instance"
        in client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    )

    # The antivirus switched on: those pièces are scanned before anyone downloads them.
    settings.ANTIVIRUS = "clamd"
    assert not Piece.objects.get(pk=piece.pk).telechargeable
    assert reprendre() == 1 + depose.pieces.count()
    assert Piece.objects.get(pk=piece.pk).analyse == EtatAnalyse.INFECTEE


def _reglages(**env):
    environnement = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environnement.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_item5_le_reglage_antivirus_est_explicite():
    production = {
        "DJANGO_SETTINGS_MODULE": "ami.settings_production",
        "SECRET_KEY": "k3y-de-pr0duction-très-longue-et-aléatoire-pour-le-test-0123456789abcdef",
        "ALLOWED_HOSTS": "ami-spie.example.fr",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # required in production; never reached here
    }
    refus = _reglages(**production, ANTIVIRUS="aucun")
    assert refus.returncode != 0 and "En production, ANTIVIRUS doit valoir « clamd »" in refus.stderr
    assert _reglages(**production, ANTIVIRUS="clamd").returncode == 0
    faute = _reglages(DJANGO_SETTINGS_MODULE="ami.settings", ANTIVIRUS="clamav")
    assert faute.returncode != 0 and "ANTIVIRUS vaut « clamd » ou « aucun »" in faute.stderr
