from django import forms

from consortium.models import Membre, StatutMembre, nom_de_conseil_departemental
from core.brouillon import BrouillonMixin
from core.formulaires import FormulaireDsfr


class MembreForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    """A member of the consortium: its structure, what it is (its statut, asked except on the rows of
    Pôle emploi and of the State, which say it), its referent and coordinates."""

    telephones = ("telephone",)
    courriels = ("courriel",)

    class Meta:
        model = Membre
        fields = ["structure", "statut", "interlocuteur", "telephone", "courriel"]
        widgets = {
            "telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "courriel": forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
        }

    def preparer(self):
        if not self.instance.statut_demande:
            del self.fields["statut"]
            return
        self.fields["statut"].choices = [("", "— Choisir le statut —"), *StatutMembre.choices]

    def clean(self):
        """A name that designates a conseil départemental with another statut: said next to the name,
        everything typed kept (R04 waits for it to be corrected)."""
        donnees = super().clean()
        statut = donnees.get("statut") if "statut" in self.fields else self.instance.nature
        structure = donnees.get("structure") or ""
        if (
            statut
            and statut != StatutMembre.CONSEIL_DEPARTEMENTAL
            and nom_de_conseil_departemental(structure)
        ):
            self.add_error(
                "structure",
                "Ce nom désigne un conseil départemental, mais le statut choisi est "
                f"« {StatutMembre(statut).label} ». "
                "S’il s’agit du conseil départemental, choisissez le statut « Conseil départemental » : "
                "il ne compte pas parmi les acteurs de l’insertion « au-delà du conseil départemental et "
                "de Pôle emploi » (AMI, II.A). Sinon, précisez le nom de la structure.",
            )
        return donnees
