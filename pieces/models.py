"""Pièces jointes of a dossier (AMI II.A; FAQ « pièce jointe facultative »).

Files live under ``PRIVATE_MEDIA_ROOT``, outside every public URL: they are served only by
``pieces.views.telecharger``, which checks the user's right to the dossier.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models


class StockagePrive(FileSystemStorage):
    """Reads ``PRIVATE_MEDIA_ROOT`` at each use (tests and deployments may change it), no public URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def deconstruct(self):
        return ("pieces.models.StockagePrive", (), {})


def stockage_prive():
    return StockagePrive()


class NaturePiece(models.TextChoices):
    LETTRE_POLE_EMPLOI = "lettre_pole_emploi", "Lettre d’engagement de Pôle emploi"
    LETTRE_CD = "lettre_cd", "Lettre d’engagement du conseil départemental"
    ANNEXE = "annexe", "Pièce jointe facultative (10 pages au maximum)"


def chemin(piece, nom_original):
    # Never the candidat's file name on disk: a random name in the dossier's folder.
    return f"dossiers/{piece.dossier_id}/{uuid.uuid4().hex}.pdf"


class Piece(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="pieces")
    nature = models.CharField("nature", max_length=30, choices=NaturePiece.choices)
    fichier = models.FileField("fichier", upload_to=chemin, storage=stockage_prive, max_length=200)
    nom = models.CharField("nom du fichier", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    pages = models.PositiveIntegerField("nombre de pages")
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    depose_le = models.DateTimeField("ajouté le", auto_now_add=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["nature"]
        constraints = [models.UniqueConstraint(fields=["dossier", "nature"], name="piece_unique_par_nature")]

    def __str__(self):
        return f"{self.get_nature_display()} — {self.nom}"
