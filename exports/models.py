"""Archives (ZIP of every dossier's PDF and pièces) prepared in the background, kept a while, then
deleted (``EXPORTS_CONSERVATION_JOURS``). Only their demandeur may follow or download them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pieces.models import stockage_prive


class EtatArchive(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En préparation"
    PRETE = "prete", "Prête"
    ECHEC = "echec", "Échec"
    EXPIREE = "expiree", "Supprimée (délai de conservation écoulé)"


class Archive(models.Model):
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="archives", verbose_name="demandeur"
    )
    filtres = models.JSONField("filtres de la file", default=dict, blank=True)
    etat = models.CharField(
        "état", max_length=12, choices=EtatArchive.choices, default=EtatArchive.EN_ATTENTE
    )
    total = models.PositiveIntegerField("dossiers à archiver", default=0)
    faits = models.PositiveIntegerField("dossiers archivés", default=0)
    fichier = models.FileField("fichier", storage=stockage_prive, max_length=200, blank=True)
    taille = models.PositiveBigIntegerField("taille (octets)", default=0)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("demandée le", default=timezone.now)
    termine_le = models.DateTimeField("terminée le", null=True, blank=True)
    expire_le = models.DateTimeField("supprimée le", null=True, blank=True)

    class Meta:
        verbose_name = "archive ZIP"
        verbose_name_plural = "archives ZIP"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["etat", "expire_le"], name="archive_expiration")]

    def __str__(self):
        return f"Archive {self.pk} de {self.demandeur}"

    @property
    def progression(self) -> int:
        """0 to 100; 100 only once the file is written."""
        if self.etat == EtatArchive.PRETE:
            return 100
        if not self.total:
            return 0
        return min(99, self.faits * 100 // self.total)

    @property
    def en_cours(self) -> bool:
        return self.etat in (EtatArchive.EN_ATTENTE, EtatArchive.EN_COURS)
