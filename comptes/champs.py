"""The fields every form of the accounts repeats, written once: first name, last name, e-mail address,
telephone, the current password (and its check), the password chosen with its confirmation (Django's
validators, AUTH_PASSWORD_VALIDATORS). Same labels, messages and ``autocomplete`` everywhere."""

import re

from django import forms
from django.contrib.auth import password_validation

EXIGENCES_MOT_DE_PASSE = (
    "Au moins 12 caractères. Ni entièrement en chiffres, ni trop courant, ni trop proche de votre nom ou "
    "de votre adresse électronique. Une phrase de plusieurs mots est facile à retenir."
)
MOTS_DE_PASSE_DIFFERENTS = "Les deux mots de passe ne sont pas identiques."
NOUVEAUX_MOTS_DE_PASSE_DIFFERENTS = "Les deux nouveaux mots de passe ne sont pas identiques."
MOT_DE_PASSE_INCORRECT = "Le mot de passe actuel est incorrect. Vérifiez votre saisie."
ADRESSE_INVALIDE = "Saisissez une adresse électronique valide, par exemple nom@domaine.fr."

# A French number: 0 and 9 digits, or +33 / 0033 and the 9 digits (overseas numbers included: 0262…, 0590…).
TELEPHONE = re.compile(r"(?:(?:\+|00)33|0)([1-9]\d{8})")
SEPARATEURS = re.compile(r"[\s.\-/]")
MESSAGE_TELEPHONE = (
    "Saisissez un numéro de téléphone français de 10 chiffres, par exemple 01 23 45 67 89 "
    "ou +33 1 23 45 67 89."
)


def prenom(requis: str = "Saisissez votre prénom.", autocomplete: str = "given-name") -> forms.CharField:
    """« Prénom »; someone else's (an administrateur inviting): ``requis="Saisissez le prénom."``,
    ``autocomplete="off"`` (the browser would offer the administrateur's own)."""
    return forms.CharField(
        label="Prénom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": requis},
    )


def nom(requis: str = "Saisissez votre nom.", autocomplete: str = "family-name") -> forms.CharField:
    """« Nom »; see ``prenom``."""
    return forms.CharField(
        label="Nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": requis},
    )


class AdresseElectronique(forms.EmailField):
    """An e-mail address, stored in lower case (the identifier: ``User.objects`` compares it so)."""

    def to_python(self, value):
        return super().to_python(value).lower()


def adresse_electronique(
    help_text: str,
    *,
    label: str = "Adresse électronique",
    requis: str = "Saisissez votre adresse électronique.",
    autocomplete: str = "email",
    autofocus: bool = False,
) -> AdresseElectronique:
    attrs = {"autocomplete": autocomplete}
    if autofocus:
        attrs["autofocus"] = True
    return AdresseElectronique(
        label=label,
        help_text=help_text,
        max_length=254,
        widget=forms.EmailInput(attrs=attrs),
        error_messages={"required": requis, "invalid": ADRESSE_INVALIDE},
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


class Telephone(forms.CharField):
    """An optional French telephone number, stored as « 01 23 45 67 89 »."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Téléphone")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return telephone_francais(super().to_python(value))


def mot_de_passe_actuel(help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label="Mot de passe actuel",
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe actuel."},
    )


def verifier_mot_de_passe_actuel(compte, mot_de_passe: str) -> str:
    """The password typed, if it is ``compte``'s; otherwise ``ValidationError``."""
    if not compte.check_password(mot_de_passe):
        raise forms.ValidationError(MOT_DE_PASSE_INCORRECT, code="password_incorrect")
    return mot_de_passe


def preparer_mot_de_passe_actuel(champ: forms.Field) -> None:
    """Django's ``old_password`` (``PasswordChangeForm``) labelled as ``mot_de_passe_actuel``."""
    champ.label = "Mot de passe actuel"
    champ.widget.attrs.pop("autofocus", None)
    champ.error_messages["required"] = "Saisissez votre mot de passe actuel."


def preparer_nouveau_mot_de_passe(nouveau: forms.Field, confirmation: forms.Field) -> None:
    """Django's ``new_password1`` and ``new_password2`` (``SetPasswordForm``, ``PasswordChangeForm``):
    the project's labels, help texts and messages. With ``NOUVEAUX_MOTS_DE_PASSE_DIFFERENTS`` as the
    form's ``password_mismatch``."""
    nouveau.label = "Nouveau mot de passe"
    nouveau.help_text = EXIGENCES_MOT_DE_PASSE
    nouveau.error_messages["required"] = "Saisissez le nouveau mot de passe."
    confirmation.label = "Confirmation du nouveau mot de passe"
    confirmation.help_text = "Saisissez-le une seconde fois."
    confirmation.error_messages["required"] = "Saisissez une seconde fois le nouveau mot de passe."


class NouveauMotDePasseMixin(forms.Form):
    """A password chosen (``password1``) and its confirmation (``password2``), checked by Django's
    validators against the person the form describes (``personne``). Put it before the form's base;
    the form's ``field_order`` places the two fields."""

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

    def personne(self, donnees: dict):
        """The (unsaved) ``User`` the validators compare the password with (name, address)."""
        raise NotImplementedError

    def clean(self):
        donnees = super().clean()
        mot_de_passe, confirmation = donnees.get("password1"), donnees.get("password2")
        if mot_de_passe and confirmation and mot_de_passe != confirmation:
            self.add_error("password2", MOTS_DE_PASSE_DIFFERENTS)
        elif mot_de_passe:
            try:
                password_validation.validate_password(mot_de_passe, self.personne(donnees))
            except forms.ValidationError as erreur:
                self.add_error("password1", erreur)
        return donnees
