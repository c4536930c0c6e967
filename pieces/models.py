"""Pièces jointes of a dossier (AMI II.A; FAQ « pièce jointe facultative »).

Files live in the private storage (``pieces.stockage``: ``PRIVATE_MEDIA_ROOT`` or an S3 bucket), outside
every public URL: they are served only by ``candidatures.views_pieces.telecharger``, which checks the user's
right to the dossier.
"""

import uuid

from django.conf import settings
from django.db import models

from ami import libelles as L
from pieces.stockage import stockage


def stockage_prive():
    """The private storage, ``STORAGES["prive"]`` (the ``storage`` of the pièces' and archives' files)."""
    return stockage


class NaturePiece(models.TextChoices):
    LETTRE_POLE_EMPLOI = "lettre_pole_emploi", "Lettre d’engagement de Pôle emploi"
    LETTRE_CD = "lettre_cd", "Lettre d’engagement du conseil départemental"
    # R08 (AMI, II.A): an actor of an existing SPIE territory applies « avec l’accord du porteur de
    # l’expérimentation ou du lauréat du premier AMI ».
    ACCORD_SPIE = "accord_spie", L.R08_LETTRE_ACCORD
    # Its maximum is the call's (``Appel.annexe_pages_max``): shown next to the label, never written here.
    ANNEXE = "annexe", "Pièce jointe facultative"


# One letter of this nature per département of the territory whose CD is not the porteur (FAQ « le
# porteur de projet devra obtenir l’accord des deux départements »): these pièces carry their département.
PAR_DEPARTEMENT = (NaturePiece.LETTRE_CD,)


def pages_max(nature: str, appel) -> int:
    """The most pages a pièce of ``nature`` may have: the call's maximum for the optional annex (FAQ « une
    pièce jointe facultative (10 pages maximum) », ``Appel.annexe_pages_max``), ``PIECE_PAGES_MAX`` for
    every pièce (what the portal reads at all)."""
    if nature == NaturePiece.ANNEXE:
        return min(appel.annexe_pages_max, settings.PIECE_PAGES_MAX)
    return settings.PIECE_PAGES_MAX


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


def cle(nature: str, departement: str | None = None) -> str:
    """``lettre_pole_emploi``, ``annexe``; ``lettre_cd_62`` for the letter of the CD of the Pas-de-Calais."""
    return f"{nature}_{departement}" if departement else nature


class Piece(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="pieces")
    nature = models.CharField("nature", max_length=30, choices=NaturePiece.choices)
    # The département whose conseil départemental signed the letter (``PAR_DEPARTEMENT``), else empty.
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
    )
    # A file sent to replace ``remplace``: the earlier pièce stays joined until this one is accepted by its
    # analysis (pages, antivirus: ``pieces.analyse``), then it is deleted and this one takes its place. A
    # refused replacement stays beside the earlier pièce, with its reason, until the next upload.
    remplace = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remplacante",
        verbose_name="remplace la pièce",
    )
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
        constraints = [
            # One pièce per nature (and département) in place, plus at most one replacement of each
            # (``remplace``). Deferred: a replacement takes the place of the pièce it replaces in the
            # transaction that deletes that one (``remplace`` set to null before the row is deleted).
            models.UniqueConstraint(
                fields=["dossier", "nature", "departement", "remplace"],
                name="piece_unique_par_nature",
                nulls_distinct=False,
                deferrable=models.Deferrable.DEFERRED,
            )
        ]

    def __str__(self):
        return f"{self.libelle} — {self.nom}"

    @property
    def cle(self) -> str:
        """The place of the pièce in the dossier: its nature, and its département for a CD letter."""
        return cle(self.nature, self.departement_id)

    @property
    def libelle(self) -> str:
        if self.departement_id:
            return f"{self.get_nature_display()} ({self.departement_id})"
        return self.get_nature_display()

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
