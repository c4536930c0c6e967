"""The forms of the second factor (``comptes.deux_facteurs``): the code typed at login, and the code that
confirms an enrolment. They only read the code; the views check it against the device."""

from django import forms

from core.formulaires import FormulaireDsfr


class CodeForm(FormulaireDsfr):
    """At login: the application's six digits, or one of the recovery codes."""

    code = forms.CharField(
        label="Code de vérification",
        max_length=32,
        help_text=(
            "Les 6 chiffres affichés par votre application d’authentification, "
            "ou l’un de vos codes de secours (8 caractères)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={
            "required": "Saisissez le code affiché par votre application, ou un code de secours."
        },
    )


class ActivationForm(FormulaireDsfr):
    """At enrolment: the six digits the application shows for the new key."""

    code = forms.CharField(
        label="Code à 6 chiffres affiché par l’application",
        max_length=32,
        help_text="Format attendu : 6 chiffres, par exemple 123456.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Saisissez le code à 6 chiffres affiché par votre application."},
    )
