from django import forms

from consortium.models import Membre, TypeMembre
from core.brouillon import BrouillonMixin
from core.formulaires import FormulaireDsfr


class MembreForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    telephones = ("telephone",)
    courriels = ("courriel",)
    facultatifs = ("est_conseil_departemental",)

    class Meta:
        model = Membre
        fields = ["structure", "est_conseil_departemental", "interlocuteur", "telephone", "courriel"]
        widgets = {
            "telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "courriel": forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
        }

    def preparer(self):
        if self.instance.type != TypeMembre.COLLECTIVITE:
            del self.fields["est_conseil_departemental"]
