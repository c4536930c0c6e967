"""Pièces jointes of a dossier (AMI II.A; FAQ « pièce jointe facultative »).

Files live in the private storage (``pieces.stockage``: ``PRIVATE_MEDIA_ROOT`` or an S3 bucket), outside
every public URL: they are served only by ``candidatures.views_pieces.telecharger``, which checks the user's
right to the dossier.
"""

import uuid

from django.conf import settings
from django.db import models

from pieces.stockage import stockage


def stockage_prive():
    """The private storage, ``STORAGES["prive"]`` (the ``storage`` of the pièces' and archives' files)."""
    return stockage


class NaturePiece(models.TextChoices):
    LETTRE_POLE_EMPLOI = "lettre_pole_emploi", "Lettre d’engagement de Pôle emploi"
    LETTRE_CD = "lettre_cd", "Lettre d’engagement du conseil départemental"
    ANNEXE = "annexe", "Pièce jointe facultative (10 pages au maximum)"


class EtatAnalyse(models.TextChoices):
    """Where a pièce stands with the analysis of its content and the antivirus (``pieces.analyse``)."""

    EN_ATTENTE = "en_attente", "En cours d’analyse"
    SAINE = "saine", "Saine"
    INFECTEE = "infectee", "Infectée"
    ERREUR = "erreur", "Analyse impossible pour l’instant"
    NON_ANALYSEE = "non_analysee", "Non analysée (antivirus désactivé)"
    REFUSEE = "refusee", "Refusée"


# Not yet judged: kept, not downloadable, analysed again until the antivirus answers.
EN_COURS = (EtatAnalyse.EN_ATTENTE, EtatAnalyse.ERREUR)
# Refused after the upload: the file is deleted, the pièce counts as absent (pieces.rules).
REJETEES = (EtatAnalyse.INFECTEE, EtatAnalyse.REFUSEE)


def chemin(piece, nom_original):
    # Never the candidat's file name on disk: a random name in the dossier's folder.
    return f"dossiers/{piece.dossier_id}/{uuid.uuid4().hex}.pdf"


class Piece(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="pieces")
    nature = models.CharField("nature", max_length=30, choices=NaturePiece.choices)
    fichier = models.FileField("fichier", upload_to=chemin, storage=stockage_prive, max_length=200)
    nom = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    # Null while a big PDF waits for the background task to count them (pieces.analyse).
    pages = models.PositiveIntegerField("nombre de pages", null=True, blank=True)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    depose_le = models.DateTimeField("ajouté le", auto_now_add=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    analyse = models.CharField(
        "analyse", max_length=20, choices=EtatAnalyse.choices, default=EtatAnalyse.EN_ATTENTE
    )
    analyse_le = models.DateTimeField("analysée le", null=True, blank=True)
    # The virus found, the reason of a refusal, or the antivirus' error.
    analyse_detail = models.CharField("détail de l’analyse", max_length=300, blank=True)
    analyse_essais = models.PositiveSmallIntegerField("essais d’analyse", default=0)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["nature"]
        constraints = [models.UniqueConstraint(fields=["dossier", "nature"], name="piece_unique_par_nature")]

    def __str__(self):
        return f"{self.get_nature_display()} — {self.nom}"

    @property
    def telechargeable(self) -> bool:
        """Nobody downloads a pièce the antivirus has not declared clean — unless this instance has no
        antivirus (``ANTIVIRUS=aucun``, the demo), which its pages say."""
        if self.analyse == EtatAnalyse.SAINE:
            return True
        return self.analyse == EtatAnalyse.NON_ANALYSEE and settings.ANTIVIRUS == "aucun"

    @property
    def retenue(self) -> bool:
        """Counts as joined to the dossier (pieces.rules): pending pieces do, refused ones do not."""
        return self.analyse not in REJETEES

    @property
    def en_cours(self) -> bool:
        return self.analyse in EN_COURS or (
            self.analyse == EtatAnalyse.NON_ANALYSEE and settings.ANTIVIRUS != "aucun"
        )
