"""Budget prévisionnel et plan de financement (annexe 7 §4; FAQ, « modèle d'état des dépenses »).

Amounts are Decimal with cents, never floats. ``montant`` of an expense line is nombre d'unités ×
coût unitaire when both are given (computed on save), otherwise what the candidat typed.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from budget.natures import GroupeDepense, NatureDepense, TypeFinancement

MONTANT = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class LigneDepense(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="depenses")
    groupe = models.CharField("groupe", max_length=20, choices=GroupeDepense.choices)
    nature = models.CharField(
        "Nature de la dépense", max_length=30, choices=NatureDepense.choices, blank=True
    )
    frais_generaux = models.BooleanField("Frais généraux (O/N)", default=False)
    # The « Action n° » sub-groups of the FAQ's modèle d'état des dépenses.
    numero_action = models.PositiveSmallIntegerField("Action n°", null=True, blank=True)
    objet = models.CharField("Action/ Objet de la dépense", max_length=300, blank=True)
    unite = models.CharField("Unité", max_length=60, blank=True)
    nombre_unites = models.DecimalField("Nombre d’unités", **MONTANT)
    cout_unitaire = models.DecimalField("Coût unitaire (si pertinent)", **MONTANT)
    date_periode = models.CharField("Date ou période", max_length=100, blank=True)
    montant = models.DecimalField("Coût", **MONTANT)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "ligne de dépense"
        ordering = ["id"]

    def __str__(self):
        return self.objet or self.get_nature_display()

    @property
    def montant_calcule(self) -> bool:
        return self.nombre_unites is not None and self.cout_unitaire is not None

    def calculer(self):
        if self.montant_calcule:
            self.montant = produit(self.nombre_unites, self.cout_unitaire)


def produit(nombre: Decimal, cout: Decimal) -> Decimal:
    """The coût of an expense line: nombre d’unités × coût unitaire, to the cent."""
    return (nombre * cout).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class LigneFinancement(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="financements")
    type = models.CharField("Type de financement", max_length=30, choices=TypeFinancement.choices, blank=True)
    financeur = models.CharField("Financeur", max_length=200, blank=True)
    montant = models.DecimalField("Montant", **MONTANT)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "ligne de financement"
        ordering = ["id"]

    def __str__(self):
        return self.financeur or self.get_type_display()
