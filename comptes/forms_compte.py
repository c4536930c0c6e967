"""The forms of « Mon compte »: name and telephone, password (the current one required), e-mail address
(the current password required). The changes are made by ``comptes.moncompte``."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from comptes import champs
from core.formulaires import FormulaireDsfr


class ProfilForm(FormulaireDsfr):
    first_name = champs.prenom()
    last_name = champs.nom()
    telephone = champs.Telephone(
        help_text="Format attendu : 01 23 45 67 89 ou +33 1 23 45 67 89. Pour que l’équipe de l’appel "
        "puisse vous joindre.",
    )

    def __init__(self, *args, compte, **kwargs):
        initial = {
            "first_name": compte.first_name,
            "last_name": compte.last_name,
            "telephone": compte.telephone,
        }
        super().__init__(*args, initial=initial, **kwargs)


class ModifierMotDePasseForm(PasswordChangeForm, FormulaireDsfr):
    """Django's: the current password checked, the new one by the validators of AUTH_PASSWORD_VALIDATORS."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": champs.MOT_DE_PASSE_INCORRECT,
        "password_mismatch": champs.NOUVEAUX_MOTS_DE_PASSE_DIFFERENTS,
    }

    def preparer(self):
        champs.preparer_mot_de_passe_actuel(self.fields["old_password"])
        champs.preparer_nouveau_mot_de_passe(self.fields["new_password1"], self.fields["new_password2"])


class ChangerAdresseForm(FormulaireDsfr):
    email = champs.adresse_electronique(
        "Format attendu : nom@domaine.fr. Un lien de confirmation y est envoyé ; c’est ensuite "
        "votre identifiant.",
        label="Nouvelle adresse électronique",
        requis="Saisissez votre nouvelle adresse électronique.",
    )
    mot_de_passe = champs.mot_de_passe_actuel("Pour confirmer que c’est bien vous.")

    def __init__(self, *args, compte, **kwargs):
        self.compte = compte
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email == self.compte.email.lower():
            raise forms.ValidationError("C’est déjà l’adresse de votre compte.", code="identique")
        return email

    def clean_mot_de_passe(self):
        return champs.verifier_mot_de_passe_actuel(self.compte, self.cleaned_data["mot_de_passe"])
