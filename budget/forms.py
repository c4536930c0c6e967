from decimal import Decimal

from django import forms

from budget.models import LigneDepense, LigneFinancement, produit
from core.brouillon import BrouillonMixin
from core.champs import DecimalFrancais
from core.formulaires import FormulaireDsfr, avec_invite
from core.saisie import milliers


class LigneDepenseForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
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
        field_classes = dict.fromkeys(("nombre_unites", "cout_unitaire", "montant"), DecimalFrancais)

    def preparer(self):
        avec_invite(self.fields["nature"], "— Choisir —")
        self.fields[
            "montant"
        ].help_text = "Calculé : nombre d’unités × coût unitaire, quand les deux sont donnés."
        for nom in ("nombre_unites", "cout_unitaire", "montant"):
            self.fields[nom].validators.append(positif)

    def clean(self):
        """The coût is nombre d’unités × coût unitaire: a product its column cannot hold is refused, and
        neither factor typed is saved (a factor not valid keeps its stored value, which counts here)."""
        donnees = super().clean()
        facteurs = ("nombre_unites", "cout_unitaire")
        nombre, cout = (donnees[n] if n in donnees else getattr(self.instance, n) for n in facteurs)
        montant = self.fields["montant"]
        plafond = Decimal(10) ** (montant.max_digits - montant.decimal_places)
        if nombre is not None and cout is not None and abs(produit(nombre, cout)) >= plafond:
            for nom in facteurs:
                donnees.pop(nom, None)
            self.add_error(
                "montant",
                f"Le coût calculé (nombre d’unités × coût unitaire) dépasserait {milliers(plafond)} € : "
                "vérifiez ces deux nombres.",
            )
        return donnees

    def copier_saisie(self, instance):
        modifies = super().copier_saisie(instance)
        instance.calculer()
        return modifies


class LigneFinancementForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    facultatifs = ("financeur",)

    class Meta:
        model = LigneFinancement
        fields = ["type", "financeur", "montant"]
        field_classes = {"montant": DecimalFrancais}

    def preparer(self):
        self.fields["montant"].validators.append(positif)
        avec_invite(self.fields["type"], "— Choisir —")


def positif(valeur):
    if valeur is not None and valeur < 0:
        raise forms.ValidationError("Saisissez un montant positif ou nul.")
