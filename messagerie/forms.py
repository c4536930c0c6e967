"""Le formulaire d'un message : le texte, et une pièce jointe facultative vérifiée par le formulaire des
pièces du dossier (``pieces.forms.PieceForm`` : taille, PDF lu par son contenu, pages, contenu actif) —
les mêmes règles, pas une copie. L'invitation d'un service dans le fil."""

from django import forms

from core.formulaires import FormulaireDsfr
from pieces.forms import PieceForm
from pieces.televersement import interruption

TEXTE_MAX = 10_000


class MessageForm(FormulaireDsfr):
    identifiants = "message_%s"

    texte = forms.CharField(
        label="Votre message",
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Écrivez votre message avant de l’envoyer.",
            "max_length": "Le message est trop long : 10 000 caractères au maximum.",
        },
    )
    fichier = forms.FileField(
        label="Pièce jointe",  # django-dsfr adds « (Optionnel) »
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.piece = None  # the PieceForm that accepted the file: its pages and fingerprint
        super().__init__(*args, **kwargs)

    def preparer(self):
        self.fields["fichier"].help_text = PieceForm().fields["fichier"].help_text

    def clean(self):
        donnees = super().clean()
        fichier = donnees.get("fichier")
        interrompu = interruption(self.request) if self.request is not None else None
        if fichier or interrompu is not None:
            piece = PieceForm(data={}, files={"fichier": fichier} if fichier else {}, request=self.request)
            if piece.is_valid():
                self.piece = piece
            else:
                for message in piece.errors.get("fichier", []):
                    self.add_error("fichier", message)
        return donnees


class InvitationForm(FormulaireDsfr):
    identifiants = "invitation_%s"

    services = forms.ModelMultipleChoiceField(
        label="Services à inviter dans les échanges",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ses agents lisent le fil et y écrivent ; l’invitation figure dans l’historique.",
        error_messages={"required": "Choisissez au moins un service."},
    )

    def __init__(self, *args, services, **kwargs):
        self.services_proposes = services
        super().__init__(*args, **kwargs)

    def preparer(self):
        self.fields["services"].queryset = self.services_proposes
