"""The administrateur's page « Contacts des services régionaux »: the contact address of each région's
service régional de l'État, shown on « Besoin d'aide ? » (``territoires.contacts``)."""

from django import forms

from core.formulaires import FormulaireDsfr
from territoires.models import Region


class ContactRegionForm(forms.ModelForm, FormulaireDsfr):
    class Meta:
        model = Region
        fields = ["courriel_service_regional"]
        labels = {"courriel_service_regional": "Adresse de contact"}
        help_texts = {
            "courriel_service_regional": "Vide : « Besoin d’aide ? » renvoie à l’adresse nationale."
        }


ContactsForms = forms.modelformset_factory(Region, form=ContactRegionForm, extra=0, can_delete=False)
