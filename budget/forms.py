from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from budget.models import LigneDepense, LigneFinancement, produit
from budget.natures import NATURES_PROPOSEES, TYPES_ETAT, TYPES_PROPOSES, NatureDepense
from budget.totaux import GROUPES_SANS_ACTION
from core.brouillon import BrouillonMixin
from core.champs import DecimalFrancais
from core.formulaires import FormulaireDsfr, avec_invite
from core.saisie import milliers


class LigneDepenseForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    """An expense line. « Frais généraux O/N » is not typed: the nature says it (``LigneDepense.calculer``;
    issue 16, point 9: one source of truth for what the 15 % counts), shown read-only in the line
    (``budget/partials/frais_generaux_o_n.html``), the PDF, the exports and the API."""

    facultatifs = (
        "numero_action",
        "unite",
        "nombre_unites",
        "cout_unitaire",
        "date_periode",
    )

    class Meta:
        model = LigneDepense
        # The « Action n° » of the line, then the columns of the FAQ's modèle d'état des dépenses in its
        # order (``budget.totaux.COLONNES_ETAT``; « frais généraux O/N » follows the nature).
        fields = [
            "numero_action",
            "nature",
            "unite",
            "nombre_unites",
            "cout_unitaire",
            "date_periode",
            "objet",
            "montant",
            "deja_financee_etat",
        ]
        field_classes = dict.fromkeys(("nombre_unites", "cout_unitaire", "montant"), DecimalFrancais)
        widgets = {"deja_financee_etat": forms.RadioSelect}
        help_texts = {
            "nature": "Les frais généraux et les frais de mission sont marqués « O » d'après leur nature, et "
            "comptent dans le plafond de l'AMI (AMI III.A.1).",
            "deja_financee_etat": "« Les dépenses financées grâce au soutien de l'Etat au titre d'autres "
            "dispositifs (CALPAE, par exemple) ne constituent pas des dépenses éligibles » (AMI III.A.1).",
        }

    def preparer(self):
        natures = list(NATURES_PROPOSEES)
        if self.instance.nature == NatureDepense.DEJA_FINANCE_ETAT:  # a line saved before the question
            natures.append((NatureDepense.DEJA_FINANCE_ETAT.value, NatureDepense.DEJA_FINANCE_ETAT.label))
        self.fields["nature"].choices = [("", ""), *natures]
        avec_invite(self.fields["nature"], "— Choisir —")
        oui_non = self.fields["deja_financee_etat"]
        oui_non.choices = [choix for choix in oui_non.choices if choix[0]]
        self.fields[
            "montant"
        ].help_text = "Calculé : nombre d’unités × coût unitaire, quand les deux sont donnés."
        for nom in ("nombre_unites", "cout_unitaire", "montant"):
            self.fields[nom].validators.append(positif)
        for field in self.fields.values():  # written as in its row, even alone (budget.rendu)
            field.template_name = "budget/champ.html"
        if self.instance.groupe in GROUPES_SANS_ACTION:  # « Dépenses transversales »: no « Action n° »
            del self.fields["numero_action"]
        else:
            numero_action(self.fields["numero_action"])

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
        return [*modifies, "frais_generaux"] if "nature" in modifies else modifies


class LigneFinancementForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    """A financing line. « Ces crédits viennent-ils de l'État ? » is the type's first choice: the types
    come in two groups, the State's credits and the others (``natures.TYPES_PROPOSES``); R13 reads the
    financeur's name too (``budget.financeurs``). Acquis or demandé, numéraire or nature: not asked of
    the AMI's own subvention (R13 reads them on the cofinancing lines only)."""

    facultatifs = ("financeur",)

    class Meta:
        model = LigneFinancement
        fields = ["type", "financeur", "montant", "statut", "modalite"]
        field_classes = {"montant": DecimalFrancais}
        help_texts = {
            "type": "Les autres crédits de l'État (CALPAE, politique de la ville…) « ne doivent donc pas "
            "figurer dans les cases “cofinancement” » (FAQ). Le FSE+ est un fonds européen.",
            "statut": "Sans objet pour la subvention de l'AMI. La FAQ retient « toute subvention (ou part de "
            "subvention) déjà attribuée ou pour laquelle une demande formelle a déjà été déposée ».",
            "modalite": "Sans objet pour la subvention de l'AMI. En nature : la valorisation d'un apport "
            "(personnel, locaux, matériel mis à disposition).",
        }

    def preparer(self):
        if self.instance.type in TYPES_ETAT:  # asked of the cofinancings (and of a line not typed yet)
            self.facultatifs = ("financeur", "statut", "modalite")
        self.fields["montant"].validators.append(positif)
        self.fields["type"].choices = [("", "— Choisir —"), *TYPES_PROPOSES]
        for nom in ("statut", "modalite"):
            avec_invite(self.fields[nom], "— Choisir —")


def numero_action(champ):
    """« Action n° » (FAQ, modèle d'état des dépenses) from 1; core.saisie bounds it by its column."""
    champ.min_value = 1
    champ.validators = [v for v in champ.validators if not isinstance(v, MinValueValidator)]
    champ.validators.append(MinValueValidator(1))
    champ.error_messages["min_value"] = "Saisissez un numéro d’action à partir de 1."
    champ.widget.attrs.update(min=1, inputmode="numeric")


def positif(valeur):
    if valeur is not None and valeur < 0:
        raise forms.ValidationError("Saisissez un montant positif ou nul.")
