"""The forms of « Créer un compte » (``comptes.inscription``): the person and their organisation in one
form; the address to which a new confirmation link is sent."""

from django import forms

from comptes import champs
from comptes.forms_gestion import SiretField
from comptes.models import Organisation, TypeOrganisation, User
from comptes.validators import valider_siret
from core.formulaires import FormulaireDsfr, avec_invite
from territoires.models import Departement


class DepartementChoix(forms.ModelChoiceField):
    def label_from_instance(self, departement):
        return f"{departement.code} — {departement.nom}"


class InscriptionForm(champs.NouveauMotDePasseMixin, FormulaireDsfr):
    use_required_attribute = False
    field_order = ["email", "first_name", "last_name", "password1", "password2"]

    email = champs.adresse_electronique(
        "Format attendu : nom@domaine.fr. C’est votre identifiant ; un lien de confirmation y est envoyé."
    )
    first_name = champs.prenom()
    last_name = champs.nom()
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

    def personne(self, donnees):
        return User(
            email=donnees.get("email", ""),
            first_name=donnees.get("first_name", ""),
            last_name=donnees.get("last_name", ""),
        )


class NouveauLienForm(FormulaireDsfr):
    use_required_attribute = False

    email = champs.adresse_electronique(
        "Format attendu : nom@domaine.fr. L’adresse avec laquelle vous avez créé votre compte."
    )
