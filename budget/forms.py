from django import forms
from dsfr.forms import DsfrBaseForm

from budget.models import LigneDepense, LigneFinancement
from candidatures.forms import BrouillonMixin, champ_decimal


class LigneDepenseForm(BrouillonMixin, forms.ModelForm, DsfrBaseForm):
    facultatifs = ("frais_generaux", "unite", "nombre_unites", "cout_unitaire", "date_periode")

    class Meta:
        model = LigneDepense
        fields = [
            "objet",
            "nature",
            "frais_generaux",
            "unite",
            "nombre_unites",
            "cout_unitaire",
            "date_periode",
            "montant",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom in ("nombre_unites", "cout_unitaire", "montant"):
            champ_decimal(self.fields[nom])
        self.fields["nature"].choices = [("", "— Choisir —")] + [
            c for c in self.fields["nature"].choices if c[0]
        ]
        self.fields[
            "montant"
        ].help_text = "Calculé : nombre d’unités × coût unitaire, quand les deux sont donnés."
        for nom in ("nombre_unites", "cout_unitaire", "montant"):
            self.fields[nom].validators.append(positif)

    def appliquer(self, instance):
        modifies = super().appliquer(instance)
        instance.calculer()
        return modifies


class LigneFinancementForm(BrouillonMixin, forms.ModelForm, DsfrBaseForm):
    facultatifs = ("financeur",)

    class Meta:
        model = LigneFinancement
        fields = ["type", "financeur", "montant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        champ_decimal(self.fields["montant"])
        self.fields["montant"].validators.append(positif)
        self.fields["type"].choices = [("", "— Choisir —")] + [c for c in self.fields["type"].choices if c[0]]


def positif(valeur):
    if valeur is not None and valeur < 0:
        raise forms.ValidationError("Saisissez un montant positif ou nul.")
