"""The forms of « Mon équipe » (invite a colleague, answer a request) and of the invitation's page
(the invited person's name and password)."""

from django import forms
from django.contrib.auth import password_validation

from comptes.forms_gestion import SiretField
from comptes.models import Organisation, User
from comptes.validators import valider_siret
from core.formulaires import FormulaireDsfr


class InviterCollegueForm(FormulaireDsfr, forms.Form):
    identifiants = "id_inviter_%s"

    email = forms.EmailField(
        label="Adresse électronique de votre collègue",
        help_text="Format attendu : nom@domaine.fr. Un lien pour créer son compte lui est envoyé.",
        error_messages={
            "required": "Saisissez l’adresse électronique de votre collègue.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


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


class InvitationEquipeForm(FormulaireDsfr, forms.Form):
    """The invited person's name and password (Django's validators, as for every password)."""

    first_name = forms.CharField(
        label="Prénom",
        max_length=150,
        error_messages={"required": "Saisissez votre prénom."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=150,
        error_messages={"required": "Saisissez votre nom."},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        error_messages={"required": "Choisissez un mot de passe."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        help_text="Saisissez le même mot de passe une seconde fois.",
        error_messages={"required": "Saisissez une seconde fois le mot de passe."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def preparer(self):
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        donnees = super().clean()
        mot_de_passe, confirmation = donnees.get("password1"), donnees.get("password2")
        if mot_de_passe and confirmation and mot_de_passe != confirmation:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif mot_de_passe:
            compte = User(
                email=self.email,
                first_name=donnees.get("first_name", ""),
                last_name=donnees.get("last_name", ""),
            )
            try:
                password_validation.validate_password(mot_de_passe, compte)
            except forms.ValidationError as erreur:
                self.add_error("password1", erreur)
        return donnees


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
