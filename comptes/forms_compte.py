"""The forms of « Mon compte »: name and telephone, password (the current one required), e-mail address
(the current password required). The changes are made by ``comptes.moncompte``."""

import re

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from core.formulaires import FormulaireDsfr

# A French number: 0 and 9 digits, or +33 / 0033 and the 9 digits (overseas numbers included: 0262…, 0590…).
TELEPHONE = re.compile(r"(?:(?:\+|00)33|0)([1-9]\d{8})")
SEPARATEURS = re.compile(r"[\s.\-/]")
MESSAGE_TELEPHONE = (
    "Saisissez un numéro de téléphone français de 10 chiffres, par exemple 01 23 45 67 89 "
    "ou +33 1 23 45 67 89."
)


def telephone_francais(valeur: str) -> str:
    """« 01 23 45 67 89 » from what was typed (« 0123456789 », « +33 (0)1 23 45 67 89 »…); empty stays
    empty; anything else: ``ValidationError``."""
    chiffres = SEPARATEURS.sub("", valeur or "").replace("(0)", "")
    if not chiffres:
        return ""
    trouve = TELEPHONE.fullmatch(chiffres)
    if trouve is None:
        raise forms.ValidationError(MESSAGE_TELEPHONE, code="invalid")
    national = "0" + trouve.group(1)
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


class ProfilForm(FormulaireDsfr):
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
    telephone = forms.CharField(
        label="Téléphone",
        required=False,
        max_length=30,
        help_text="Format attendu : 01 23 45 67 89 ou +33 1 23 45 67 89. Pour que l’équipe de l’appel "
        "puisse vous joindre.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, compte, **kwargs):
        initial = {
            "first_name": compte.first_name,
            "last_name": compte.last_name,
            "telephone": compte.telephone,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_telephone(self):
        return telephone_francais(self.cleaned_data["telephone"])


class ModifierMotDePasseForm(PasswordChangeForm, FormulaireDsfr):
    """Django's: the current password checked, the new one by the validators of AUTH_PASSWORD_VALIDATORS."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Le mot de passe actuel est incorrect. Vérifiez votre saisie.",
        "password_mismatch": "Les deux nouveaux mots de passe ne sont pas identiques.",
    }

    def preparer(self):
        actuel = self.fields["old_password"]
        actuel.label = "Mot de passe actuel"
        actuel.widget.attrs.pop("autofocus", None)
        actuel.error_messages["required"] = "Saisissez votre mot de passe actuel."
        nouveau = self.fields["new_password1"]
        nouveau.label = "Nouveau mot de passe"
        nouveau.help_text = (
            "Au moins 12 caractères ; ni entièrement numérique, ni trop courant, ni trop proche de votre nom "
            "ou de votre adresse."
        )
        nouveau.error_messages["required"] = "Saisissez le nouveau mot de passe."
        confirmation = self.fields["new_password2"]
        confirmation.label = "Confirmation du nouveau mot de passe"
        confirmation.help_text = "Saisissez-le une seconde fois."
        confirmation.error_messages["required"] = "Saisissez une seconde fois le nouveau mot de passe."


class ChangerAdresseForm(FormulaireDsfr):
    email = forms.EmailField(
        label="Nouvelle adresse électronique",
        help_text="Format attendu : nom@domaine.fr. Un lien de confirmation y est envoyé ; c’est ensuite "
        "votre identifiant.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre nouvelle adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    mot_de_passe = forms.CharField(
        label="Mot de passe actuel",
        strip=False,
        help_text="Pour confirmer que c’est bien vous.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe actuel."},
    )

    def __init__(self, *args, compte, **kwargs):
        self.compte = compte
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email == self.compte.email.lower():
            raise forms.ValidationError("C’est déjà l’adresse de votre compte.", code="identique")
        return email

    def clean_mot_de_passe(self):
        mot_de_passe = self.cleaned_data["mot_de_passe"]
        if not self.compte.check_password(mot_de_passe):
            raise forms.ValidationError(
                "Le mot de passe actuel est incorrect. Vérifiez votre saisie.", code="password_incorrect"
            )
        return mot_de_passe
