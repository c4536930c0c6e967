"""Référentiel INSEE des 18 régions et 101 départements (données dans ``territoires/data``), and the
service régional de l'État of each région (its DREETS, the DRIEETS in Île-de-France, a DEETS overseas):
its name from ``territoires/data/services_regionaux.csv``, its contact address given by the administrateur
(« Besoin d'aide ? »: ``territoires.contacts``)."""

from django.db import models


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    service_regional = models.CharField(
        "service régional de l'État",
        max_length=120,
        blank=True,
        help_text="Par exemple « DREETS Hauts-de-France ».",
    )
    courriel_service_regional = models.EmailField(
        "adresse de contact du service régional",
        blank=True,
        help_text="Donnée par l'administrateur (Administration › Contacts) ; vide, la page "
        "« Besoin d'aide ? » renvoie à l'adresse nationale de l'appel.",
    )

    class Meta:
        verbose_name = "région"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name="région"
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"
