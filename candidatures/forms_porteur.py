"""The forms of what the porteur does to his dossier besides filling it: withdraw it, reopen it for
correction, rename or delete a draft (``candidatures.depot``; who may and when: ``cycle.refus``)."""

from django import forms

from candidatures.models import Dossier
from core.formulaires import FormulaireDsfr


class RetraitForm(FormulaireDsfr):
    identifiants = "retrait_%s"

    motif = forms.CharField(
        label="Motif du retrait",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Il figure dans l’historique du dossier et dans le courriel envoyé à chaque membre de "
        "votre organisation.",
        error_messages={"required": "Indiquez le motif du retrait de la candidature."},
    )
    confirmation = forms.BooleanField(
        label="Je confirme, au nom du consortium, le retrait de cette candidature : le dossier ne sera pas "
        "instruit.",
        error_messages={"required": "Cochez la case pour confirmer le retrait."},
    )


class ReouvertureForm(FormulaireDsfr):
    identifiants = "reouverture_%s"

    motif = forms.CharField(
        label="Ce que vous souhaitez corriger",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RenommerForm(forms.ModelForm, FormulaireDsfr):
    class Meta:
        model = Dossier
        fields = ["intitule"]


class SuppressionForm(FormulaireDsfr):
    identifiants = "suppression_%s"

    confirmation = forms.BooleanField(
        label="Je confirme la suppression définitive de ce brouillon, de ses réponses et de ses pièces "
        "jointes.",
        error_messages={"required": "Cochez la case pour confirmer la suppression."},
    )
