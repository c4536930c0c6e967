"""The portal's notifications: one row per person and event (a message, an avis requested, compléments,
a decision, a join request), shown under the bell until read. Written by ``notifications.services.notifier``
in the transaction of the event."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Nature(models.TextChoices):
    MESSAGE = "message", "Nouveau message"
    AVIS_DEMANDE = "avis_demande", "Avis demandé"
    COMPLEMENTS = "complements", "Compléments"
    DECISION = "decision", "Décision"
    DEMANDE_ADHESION = "demande_adhesion", "Demande pour rejoindre l’équipe"
    AUTRE = "autre", "Autre"


class Notification(models.Model):
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    nature = models.CharField("nature", max_length=30, choices=Nature.choices)
    titre = models.CharField("titre", max_length=300)
    lien = models.CharField("lien", max_length=500, help_text="Chemin de la page concernée")
    dossier = models.ForeignKey(
        "candidatures.Dossier", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-creee_le", "-id"]
        indexes = [models.Index(fields=["destinataire", "lue_le"], name="notification_non_lue")]

    def __str__(self):
        return f"{self.get_nature_display()} — {self.titre}"
