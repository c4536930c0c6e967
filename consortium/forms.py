from django import forms
from dsfr.forms import DsfrBaseForm

from candidatures.forms import BrouillonMixin
from consortium.models import Membre, TypeMembre


class MembreForm(BrouillonMixin, forms.ModelForm, DsfrBaseForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.type != TypeMembre.COLLECTIVITE:
            del self.fields["est_conseil_departemental"]
