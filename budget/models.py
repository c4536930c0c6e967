"""Budget prévisionnel et plan de financement (annexe 7 §4; FAQ, « modèle d'état des dépenses »).

Amounts are Decimal with cents, never floats. ``montant`` of an expense line is nombre d'unités ×
coût unitaire when both are given (computed on save), otherwise what the candidat typed.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q

from budget.natures import (
    NATURES_FRAIS_GENERAUX,
    GroupeDepense,
    ModaliteFinancement,
    NatureDepense,
    OuiNon,
    StatutFinancement,
    TypeFinancement,
)

MONTANT = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class LigneDepense(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="depenses")
    groupe = models.CharField("groupe", max_length=20, choices=GroupeDepense.choices)
    nature = models.CharField(
        "Nature de la dépense", max_length=30, choices=NatureDepense.choices, blank=True
    )
    # Not typed: the line's nature says it (``calculer``, ``save``; the database refuses any other value).
    # The 15 % (R14), the page, the PDF, the exports and the API read the same thing.
    frais_generaux = models.BooleanField(
        "Frais généraux éligibles (O/N)",
        default=False,
        editable=False,
        help_text="« O » pour les frais généraux et les frais de mission, d'après la nature de la dépense.",
    )
    # R15: « Les dépenses financées grâce au soutien de l'Etat au titre d'autres dispositifs (CALPAE, par
    # exemple) ne constituent pas des dépenses éligibles » (AMI III.A.1).
    deja_financee_etat = models.CharField(
        "Cette dépense est-elle déjà financée par un autre dispositif de l'État (CALPAE…) ?",
        max_length=3,
        choices=OuiNon.choices,
        blank=True,
    )
    # The « Action n° » sub-groups of the FAQ's modèle d'état des dépenses. The labels are the model's
    # (« Frais généraux … O/N » with the call's rate: ``budget.totaux.libelle_frais_generaux``).
    numero_action = models.PositiveSmallIntegerField("Action n°", null=True, blank=True)
    objet = models.CharField("Objet de la dépense", max_length=300, blank=True)
    unite = models.CharField("Unité (si pertinent)", max_length=60, blank=True)
    nombre_unites = models.DecimalField("Nombre d'unités", **MONTANT)
    cout_unitaire = models.DecimalField("coût unitaire", **MONTANT)
    date_periode = models.CharField("Date ou période", max_length=100, blank=True)
    montant = models.DecimalField("Montant", **MONTANT)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "ligne de dépense"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frais_generaux=True, nature__in=sorted(NATURES_FRAIS_GENERAUX))
                | (Q(frais_generaux=False) & ~Q(nature__in=sorted(NATURES_FRAIS_GENERAUX))),
                name="frais_generaux_selon_nature",
                violation_error_message="« Frais généraux O/N » suit la nature de la dépense.",
            )
        ]

    def __str__(self):
        return self.objet or self.get_nature_display()

    def save(self, *args, **kwargs):
        self.frais_generaux = est_frais_generaux(self.nature)
        if kwargs.get("update_fields") is not None and "nature" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "frais_generaux"}
        super().save(*args, **kwargs)

    @property
    def montant_calcule(self) -> bool:
        return self.nombre_unites is not None and self.cout_unitaire is not None

    def calculer(self):
        """What the server computes on the line: its coût, and « frais généraux O/N » from its nature."""
        if self.montant_calcule:
            self.montant = produit(self.nombre_unites, self.cout_unitaire)
        self.frais_generaux = est_frais_generaux(self.nature)


def est_frais_generaux(nature: str) -> bool:
    """« Frais généraux éligibles dans la limite de 15% du total? O/N » (FAQ, modèle d'état des
    dépenses): « O » for the frais généraux and frais de mission of AMI III.A.1, whatever was typed."""
    return nature in NATURES_FRAIS_GENERAUX


def produit(nombre: Decimal, cout: Decimal) -> Decimal:
    """The coût of an expense line: nombre d’unités × coût unitaire, to the cent."""
    return (nombre * cout).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class LigneFinancement(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="financements")
    type = models.CharField("Type de financement", max_length=30, choices=TypeFinancement.choices, blank=True)
    financeur = models.CharField("Financeur", max_length=200, blank=True)
    montant = models.DecimalField("Montant", **MONTANT)
    # FAQ « Comment est calculé le cofinancement de 20% » : « déjà attribuée ou pour laquelle une
    # demande formelle a déjà été déposée ». Not asked of the AMI's own subvention.
    statut = models.CharField(
        "Ce financement est-il acquis ou demandé ?",
        max_length=10,
        choices=StatutFinancement.choices,
        blank=True,
    )
    modalite = models.CharField(
        "Apporté en numéraire ou en nature ?", max_length=10, choices=ModaliteFinancement.choices, blank=True
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "ligne de financement"
        ordering = ["id"]

    def __str__(self):
        return self.financeur or self.get_type_display()
