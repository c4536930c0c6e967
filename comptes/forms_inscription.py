"""The forms of « Créer un compte » (``comptes.inscription``): the person and their organisation in one
form; the address to which a new confirmation link is sent."""

from django import forms
from django.contrib.auth import password_validation

from comptes.forms_gestion import SiretField
from comptes.models import Organisation, TypeOrganisation, User
from comptes.validators import valider_siret
from core.formulaires import FormulaireDsfr, avec_invite
from territoires.models import Departement

EXIGENCES_MOT_DE_PASSE = (
    "Au moins 12 caractères. Ni entièrement en chiffres, ni trop courant, ni trop proche de votre nom ou "
    "de votre adresse électronique. Une phrase de plusieurs mots est facile à retenir."
)


class DepartementChoix(forms.ModelChoiceField):
    def label_from_instance(self, departement):
        return f"{departement.code} — {departement.nom}"


class InscriptionForm(FormulaireDsfr):
    use_required_attribute = False

    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr. C’est votre identifiant ; un lien de confirmation y est "
        "envoyé.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    first_name = forms.CharField(
        label="Prénom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Saisissez votre prénom."},
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Saisissez votre nom."},
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text=EXIGENCES_MOT_DE_PASSE,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choisissez un mot de passe."},
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        help_text="Saisissez le même mot de passe une seconde fois.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez le mot de passe une seconde fois."},
    )
    siret = SiretField(
        label="SIRET de l’organisation",
        help_text="14 chiffres, avec ou sans espaces ; la clé est vérifiée. Si l’organisation est déjà "
        "inscrite, votre demande est envoyée à ses membres.",
        validators=[valider_siret],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Saisissez le SIRET de votre organisation (14 chiffres)."},
    )
    nom_organisation = forms.CharField(
        label="Nom de l’organisation",
        help_text="Par exemple « Conseil départemental du Nord ».",
        max_length=Organisation._meta.get_field("nom").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": "Saisissez le nom de votre organisation."},
    )
    type_organisation = forms.ChoiceField(
        label="Type de porteur",
        choices=TypeOrganisation.choices,
        error_messages={
            "required": "Choisissez le type de porteur.",
            "invalid_choice": "Choisissez l’un des types proposés.",
        },
    )
    departement = DepartementChoix(
        label="Département de l’organisation",
        queryset=Departement.objects.order_by("code"),
        empty_label="— Choisir —",
        error_messages={
            "required": "Choisissez le département de votre organisation.",
            "invalid_choice": "Choisissez l’un des départements proposés.",
        },
    )

    def preparer(self):
        avec_invite(self.fields["type_organisation"], "— Choisir —")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        donnees = super().clean()
        mot_de_passe, confirmation = donnees.get("password1"), donnees.get("password2")
        if mot_de_passe and confirmation and mot_de_passe != confirmation:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif mot_de_passe:
            personne = User(
                email=donnees.get("email", ""),
                first_name=donnees.get("first_name", ""),
                last_name=donnees.get("last_name", ""),
            )
            try:
                password_validation.validate_password(mot_de_passe, personne)
            except forms.ValidationError as erreur:
                self.add_error("password1", erreur)
        return donnees


class NouveauLienForm(FormulaireDsfr):
    use_required_attribute = False

    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr. L’adresse avec laquelle vous avez créé votre compte.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
