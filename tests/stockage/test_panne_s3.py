"""Issue 13 — the object store does not answer (nothing listens on its port): no 500, no pièce lost. An
upload is refused in French (503, next to the field); a download gives the French 503 page with
Retry-After; a removal or a replacement leaves the pièce and its object whole."""

import pytest
from django.urls import reverse

from pieces.models import Piece
from pieces.stockage import INDISPONIBLE_TELEVERSEMENT
from tests.pieces.outils import poster
from tests.pieces.test_antivirus import pdf_sain
from tests.processus import port_libre
from tests.stockage.outils import options
from tests.stockage.test_pieces_s3 import PE, url_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_panne(settings, s3):
    """Switch the private storage to the same bucket on an endpoint where nothing answers."""

    def _en_panne():
        settings.STORAGES = {
            **settings.STORAGES,
            "prive": options(f"http://127.0.0.1:{port_libre()}", s3.nom),
        }

    return _en_panne


def test_televersement_refuse_en_francais(en_panne, connecte, dossier):
    en_panne()
    reponse = poster(connecte, dossier, PE, pdf_sain())

    assert reponse.status_code == 503
    assert INDISPONIBLE_TELEVERSEMENT in reponse.content.decode()
    assert not Piece.objects.exists()


def test_telechargement_suppression_remplacement_pendant_la_panne(
    s3, en_panne, connecte, dossier, django_capture_on_commit_callbacks
):
    contenu = pdf_sain()
    with django_capture_on_commit_callbacks(execute=True):
        assert poster(connecte, dossier, PE, contenu).status_code == 302
    piece = Piece.objects.get()
    en_panne()

    reponse = connecte.get(url_piece(piece))
    assert reponse.status_code == 503 and reponse["Retry-After"] == "60"
    assert "le stockage des fichiers du portail ne répond pas" in reponse.content.decode()

    reponse = connecte.post(reverse("candidatures:piece_supprimer", args=[dossier.pk, piece.pk]), follow=True)
    assert "n’a pas pu être retiré : le stockage des fichiers ne répond pas" in reponse.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert poster(connecte, dossier, PE, pdf_sain()).status_code == 503  # a replacement
    assert list(Piece.objects.values_list("pk", "fichier")) == [(piece.pk, piece.fichier.name)]
    assert s3.cles() == [piece.fichier.name] and s3.lire(piece.fichier.name) == contenu


def test_analyse_pendant_la_panne_reprise_ensuite(s3, en_panne, settings, clamd, connecte, dossier, caplog):
    """The worker cannot read the pièce: it stays « en cours d'analyse » (the task is retried), then is
    scanned by clamd once the store answers again."""
    from pieces import analyse
    from pieces.models import EtatAnalyse

    assert poster(connecte, dossier, PE, pdf_sain()).status_code == 302  # the analysis not run yet
    piece = Piece.objects.get()
    normal = settings.STORAGES
    en_panne()

    assert analyse.analyser(piece.pk) == EtatAnalyse.ERREUR  # the task's retry follows
    assert Piece.objects.get().analyse == EtatAnalyse.EN_ATTENTE
    assert "stockage indisponible" in caplog.text

    settings.STORAGES = normal
    assert analyse.analyser(piece.pk) == EtatAnalyse.SAINE
