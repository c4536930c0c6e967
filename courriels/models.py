"""The outbox: every mail the portal sends is first a row here, written in the transaction that decides
it (``courriels.envoi.envoyer``), then sent by the worker, tried again with a growing delay until it
leaves, and shown to the administrateurs while it has not (« Courriels en attente »)."""

from django.db import models
from django.utils import timezone


class EtatCourriel(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    ENVOYE = "envoye", "Envoyé"
    ECHEC = "echec", "En échec"


class Courriel(models.Model):
    sujet = models.CharField("sujet", max_length=1000)
    texte = models.TextField("texte")
    destinataires = models.JSONField("destinataires", default=list)
    etat = models.CharField(
        "état", max_length=10, choices=EtatCourriel.choices, default=EtatCourriel.A_ENVOYER
    )
    essais = models.PositiveSmallIntegerField("essais d’envoi", default=0)
    erreur = models.TextField("dernière erreur", blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    prochain_essai = models.DateTimeField("prochain essai", default=timezone.now)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["etat", "prochain_essai"], name="courriel_a_envoyer")]

    def __str__(self):
        return f"Courriel {self.pk} « {self.sujet} »"
