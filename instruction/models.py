"""What the instruction adds to a deposited dossier: the instructeurs' evaluations on the call's grid,
the avis requested from and given by the services déconcentrés."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


class Evaluation(models.Model):
    """One instructeur's scores of one dossier, criterion by criterion (``Note``)."""

    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="evaluations")
    instructeur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    commentaire = models.TextField("appréciation générale", blank=True)
    note_sur_20 = models.DecimalField("note pondérée sur 20", max_digits=5, decimal_places=2)
    donnee_le = models.DateTimeField("donnée le", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "évaluation"
        ordering = ["donnee_le", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "instructeur"], name="evaluation_unique")]

    def __str__(self):
        return f"{self.dossier} — {self.instructeur}"


def note_ponderee(notes: dict, criteres) -> Decimal:
    """The weighted average on 20: Σ (note / note max × poids) / Σ poids × 20, rounded to the cent."""
    total_poids = sum((c.poids for c in criteres), Decimal("0"))
    if not total_poids:
        return Decimal("0")
    somme = sum((Decimal(notes[c.pk]) / c.note_max * c.poids for c in criteres), Decimal("0"))
    return (somme / total_poids * 20).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Note(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="notes")
    critere = models.ForeignKey("ami.Critere", on_delete=models.PROTECT, related_name="+")
    valeur = models.PositiveSmallIntegerField("note")

    class Meta:
        ordering = ["critere__ordre"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "critere"], name="note_unique")]

    def __str__(self):
        return f"{self.critere} : {self.valeur}"


class SensAvis(models.TextChoices):
    """The avis of the services déconcentrés (rules.md, « Dossier lifecycle »)."""

    FAVORABLE = "favorable", "Favorable"
    RESERVES = "reserves", "Favorable avec réserves"
    DEFAVORABLE = "defavorable", "Défavorable"


class Avis(models.Model):
    """The avis of one service on one dossier, requested or spontaneous: one per service."""

    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="avis")
    service = models.ForeignKey("comptes.ServiceTerritorial", on_delete=models.PROTECT, related_name="+")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sens = models.CharField("avis", max_length=20, choices=SensAvis.choices)
    motivation = models.TextField("motivation")
    donne_le = models.DateTimeField("donné le", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        ordering = ["donne_le", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "service"], name="avis_unique_par_service")]

    def __str__(self):
        return f"{self.dossier} — {self.service} : {self.get_sens_display()}"


class DemandeAvis(models.Model):
    """An instructeur asks a DDETS or a DREETS of the dossier's territory for its avis, by a date."""

    dossier = models.ForeignKey(
        "candidatures.Dossier", on_delete=models.CASCADE, related_name="demandes_avis"
    )
    service = models.ForeignKey("comptes.ServiceTerritorial", on_delete=models.PROTECT, related_name="+")
    demandee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    date_limite = models.DateField("avis attendu avant le")
    message = models.TextField("message aux services", blank=True)
    relancee_le = models.DateTimeField("relancée le", null=True, blank=True)
    avis = models.OneToOneField(
        Avis, on_delete=models.SET_NULL, null=True, blank=True, related_name="demande", editable=False
    )

    class Meta:
        verbose_name = "demande d’avis"
        verbose_name_plural = "demandes d’avis"
        ordering = ["demandee_le", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "service"], name="demande_avis_unique")]

    def __str__(self):
        return f"{self.dossier} — {self.service}"

    def en_retard(self, aujourd_hui: datetime.date | None = None) -> bool:
        """No avis given and the date is past (the avis stays possible, shown as late)."""
        return self.avis_id is None and (aujourd_hui or timezone.localdate()) > self.date_limite


class Constat(models.TextChoices):
    CONFORME = "conforme", "Conforme"
    NON_CONFORME = "non_conforme", "Non conforme"


class ConstatRegle(models.Model):
    """The instructeur's finding on one rule of the checklist at the recevabilité decision: the automated
    result, the constat that confirms or overrides it, the motivation of an override
    (``instruction.constats``)."""

    transition = models.ForeignKey(
        "candidatures.Transition", on_delete=models.CASCADE, related_name="constats"
    )
    regle = models.CharField("règle", max_length=10)
    automatique = models.CharField("vérification automatique", max_length=20)
    constat = models.CharField("constat de l’instructeur", max_length=20, choices=Constat.choices)
    motif = models.TextField("motivation", blank=True)

    class Meta:
        verbose_name = "constat sur une règle"
        verbose_name_plural = "constats sur les règles"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["transition", "regle"], name="constat_regle_unique")]

    def __str__(self):
        return f"{self.regle} jugé {self.libelle}"

    @property
    def libelle(self) -> str:
        """« conforme » or « non conforme », as the history writes it."""
        return "conforme" if self.constat == Constat.CONFORME else "non conforme"


class Suivi(models.Model):
    """« Suivi par » : the instructeur national who follows a dossier (one at most), chosen by himself or
    by a colleague (``instruction.suivi``). No row: nobody follows it. Its changes are steps of the
    dossier's history (``Transition``, ``instruction.suivi.ACTION``)."""

    dossier = models.OneToOneField("candidatures.Dossier", on_delete=models.CASCADE, related_name="suivi")
    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="suivi par"
    )
    depuis_le = models.DateTimeField("depuis le", default=timezone.now)
    attribue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "suivi d’un dossier"
        verbose_name_plural = "suivis des dossiers"
        indexes = [models.Index(fields=["instructeur"], name="suivi_instructeur")]

    def __str__(self):
        return f"{self.dossier} — {self.instructeur}"


class NotePrivee(models.Model):
    """A private note of an instructeur national on a dossier: read by the instructeurs nationaux only
    (never the porteur, an agent, an administrateur, a PDF, an export or the API), changed or deleted by
    its author only (``instruction.notes_privees``). Not in the history (django-auditlog): its text would
    show in the administration's journal."""

    dossier = models.ForeignKey(
        "candidatures.Dossier", on_delete=models.CASCADE, related_name="notes_privees"
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField("note")
    creee_le = models.DateTimeField("écrite le", default=timezone.now)
    modifiee_le = models.DateTimeField("modifiée le", null=True, blank=True)

    class Meta:
        verbose_name = "note privée"
        verbose_name_plural = "notes privées"
        ordering = ["-creee_le", "-id"]

    def __str__(self):
        return f"Note de {self.auteur} sur {self.dossier}"
