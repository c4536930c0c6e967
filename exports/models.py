"""Export files prepared in the background (``exports.archive``): the ZIP of every dossier's PDF and
pièces, the XLSX workbook of four sheets, or one of its sheets as CSV. Kept a while, then deleted
(``EXPORTS_CONSERVATION_JOURS``). Only their demandeur may follow or download them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pieces.models import stockage_prive


class EtatExport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En préparation"
    PRETE = "prete", "Prêt"
    ECHEC = "echec", "Échec"
    EXPIREE = "expiree", "Supprimé (délai de conservation écoulé)"


class Format(models.TextChoices):
    ZIP = "zip", "Archive ZIP"
    XLSX = "xlsx", "Classeur XLSX"
    CSV = "csv", "CSV"


class Feuille(models.TextChoices):
    """The sheets of the workbook, in its order; a CSV export is one of them."""

    DOSSIERS = "dossiers", "Dossiers"
    MEMBRES = "membres", "Membres du consortium"
    DEPENSES = "depenses", "État des dépenses"  # the FAQ's modèle (exports.etat_depenses)
    FINANCEMENTS = "financements", "Plan de financement"


CONTENT_TYPES = {
    Format.ZIP: "application/zip",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.CSV: "text/csv; charset=utf-8",
}


class FichierExport(models.Model):
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports", verbose_name="demandeur"
    )
    format = models.CharField("format", max_length=4, choices=Format.choices, default=Format.ZIP)
    feuille = models.CharField("feuille (CSV)", max_length=12, choices=Feuille.choices, blank=True)
    filtres = models.JSONField("filtres de la file", default=dict, blank=True)
    etat = models.CharField("état", max_length=12, choices=EtatExport.choices, default=EtatExport.EN_ATTENTE)
    total = models.PositiveIntegerField("dossiers exportés", default=0)
    # The progress: a step is a dossier of a ZIP, a slice of 500 dossiers of a sheet of a workbook.
    etapes = models.PositiveIntegerField("étapes", default=0)
    faits = models.PositiveIntegerField("étapes faites", default=0)
    fichier = models.FileField("fichier", storage=stockage_prive, max_length=200, blank=True)
    taille = models.PositiveBigIntegerField("taille (octets)", default=0)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("demandé le", default=timezone.now)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    expire_le = models.DateTimeField("supprimé le", null=True, blank=True)

    class Meta:
        verbose_name = "fichier d’export"
        verbose_name_plural = "fichiers d’export"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["etat", "expire_le"], name="archive_expiration")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format="csv", feuille__in=Feuille.values)
                | (~models.Q(format="csv") & models.Q(feuille="")),
                name="export_feuille_du_csv",
            )
        ]

    def __str__(self):
        return f"{self.libelle} {self.pk} de {self.demandeur}"

    @property
    def designation(self) -> str:
        """« archive ZIP », « classeur XLSX », « fichier CSV « Dépenses » »."""
        if self.format == Format.CSV:
            return f"fichier CSV « {Feuille(self.feuille).label} »"
        return {Format.ZIP: "archive ZIP", Format.XLSX: "classeur XLSX"}[Format(self.format)]

    @property
    def libelle(self) -> str:
        """The table's « Archive ZIP », « Classeur XLSX », « CSV « Dépenses » »."""
        if self.format == Format.CSV:
            return f"CSV « {Feuille(self.feuille).label} »"
        return Format(self.format).label

    @property
    def masculin(self) -> bool:
        """For the French of the messages: « l’archive est prête », « le classeur est prêt »."""
        return self.format != Format.ZIP

    @property
    def avec_article(self) -> str:
        """« L’archive ZIP », « Le classeur XLSX », « Le fichier CSV « Dépenses » »."""
        return f"Le {self.designation}" if self.masculin else f"L’{self.designation}"

    @property
    def nom_de_fichier(self) -> str:
        """The name the browser saves it under: « ami-spie-depenses-2026-12-02-0130.csv »."""
        quoi = {Format.ZIP: "archive", Format.XLSX: "dossiers"}.get(self.format, self.feuille)
        return f"ami-spie-{quoi}-{timezone.localtime(self.cree_le):%Y-%m-%d-%H%M}.{self.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[Format(self.format)]

    @property
    def progression(self) -> int:
        """0 to 100; 100 only once the file is written."""
        if self.etat == EtatExport.PRETE:
            return 100
        if not self.etapes:
            return 0
        return min(99, self.faits * 100 // self.etapes)

    @property
    def detail(self) -> str:
        """What the progress bar says beside its percentage: « 10 / 40 dossiers » for a ZIP (a step a
        dossier), « feuille 2 sur 4 » for a workbook (its sheets written one after the other)."""
        if self.format == Format.ZIP:
            return f"{self.faits} / {self.total} dossier{'s' if self.total > 1 else ''}"
        if self.format == Format.XLSX and self.etapes and self.etat != EtatExport.PRETE:
            feuilles = len(Feuille)
            par_feuille = max(1, self.etapes // feuilles)
            return f"feuille {min(feuilles, self.faits // par_feuille + 1)} sur {feuilles}"
        return ""

    @property
    def en_cours(self) -> bool:
        return self.etat in (EtatExport.EN_ATTENTE, EtatExport.EN_COURS)
