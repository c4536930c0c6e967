"""The end of a pièce's analysis refreshes its dossier's summary (« Mes dossiers »: completion, blocking
rules), a deposited dossier's too; ``pieces`` does not import the dossier: it sends
``pieces.signaux.analyse_terminee``, which ``candidatures`` receives (``candidatures.receveurs``)."""

import pytest
from django.core.files.base import ContentFile

from candidatures.bilan import bilan
from candidatures.models import Dossier
from candidatures.receveurs import piece_analysee
from pieces import analyse, signaux
from pieces.models import EtatAnalyse, NaturePiece, Piece
from tests.pieces.test_antivirus import pdf_sain

pytestmark = pytest.mark.django_db


def test_le_dossier_recoit_la_fin_de_l_analyse():
    assert signaux.analyse_terminee.has_listeners(Piece)
    # Connected once, by CandidaturesConfig.ready (its dispatch_uid): connecting again changes nothing.
    avant = len(signaux.analyse_terminee.receivers)
    signaux.analyse_terminee.connect(piece_analysee, dispatch_uid="candidatures.piece_analysee")
    assert len(signaux.analyse_terminee.receivers) == avant


def test_une_piece_refusee_apres_l_envoi_rend_r03_bloquante(dossier, candidat):
    piece = Piece(
        dossier=dossier, nature=NaturePiece.LETTRE_POLE_EMPLOI, nom="lettre.pdf", depose_par=candidat
    )
    piece.fichier.save("lettre.pdf", ContentFile(pdf_sain()), save=False)
    piece.taille, piece.analyse = piece.fichier.size, EtatAnalyse.EN_ATTENTE
    piece.save()
    bilan(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk))
    assert "R03" not in Dossier.objects.get(pk=dossier.pk).regles_bloquantes  # pending: counts as joined

    analyse.rejeter(piece, EtatAnalyse.REFUSEE, "Ce PDF est trop complexe pour être analysé.")

    assert "R03" in Dossier.objects.get(pk=dossier.pk).regles_bloquantes
