"""The forms of « Mon équipe » (invite a colleague, answer a request) and of the invitation's page
(the invited person's name and password)."""

from django import forms

from comptes import champs
from comptes.forms_gestion import SiretField
from comptes.models import Organisation, User
from comptes.validators import valider_siret
from core.formulaires import FormulaireDsfr


class InviterCollegueForm(FormulaireDsfr, forms.Form):
    identifiants = "id_inviter_%s"

    email = champs.adresse_electronique(
        "Format attendu : nom@domaine.fr. Un lien pour créer son compte lui est envoyé.",
        label="Adresse électronique de votre collègue",
        requis="Saisissez l’adresse électronique de votre collègue.",
        autocomplete="off",
    )


class ReponseDemandeForm(FormulaireDsfr, forms.Form):
    """One per pending request (``prefix``: its own field names and ids). The button pressed says the
    answer (``decision``)."""

    ACCEPTER, REFUSER = "accepter", "refuser"

    decision = forms.ChoiceField(
        choices=[(ACCEPTER, "Accepter"), (REFUSER, "Refuser")],
        error_messages={
            "required": "Choisissez « Accepter » ou « Refuser ».",
            "invalid_choice": "Choisissez « Accepter » ou « Refuser ».",
        },
        widget=forms.HiddenInput,
    )
    motif = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=1000,
        help_text="Facultatif, seulement en cas de refus : il est envoyé à la personne.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationEquipeForm(champs.NouveauMotDePasseMixin, FormulaireDsfr):
    """The invited person's name and password (Django's validators, as for every password)."""

    field_order = ["first_name", "last_name", "password1", "password2"]

    first_name = champs.prenom()
    last_name = champs.nom()

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def personne(self, donnees):
        return User(
            email=self.email, first_name=donnees.get("first_name", ""), last_name=donnees.get("last_name", "")
        )


class DemandeAdhesionForm(FormulaireDsfr, forms.Form):
    """A candidat without an organisation asks to join one, by its SIRET."""

    identifiants = "id_demander_%s"

    siret = SiretField(
        label="SIRET de l’organisation",
        help_text="14 chiffres, avec ou sans espaces.",
        validators=[valider_siret],
        error_messages={"required": "Saisissez le SIRET de l’organisation (14 chiffres)."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        self.organisation = Organisation.objects.filter(siret=siret).first()
        if self.organisation is None:
            raise forms.ValidationError(
                "Aucune organisation n’est inscrite avec ce SIRET : vérifiez-le, ou demandez à l’équipe de "
                "l’appel."
            )
        return siret
