from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template import loader
from dsfr.forms import DsfrBaseForm

from core.saisie import SaisieSure
from courriels import envoi as courriels


class ConnexionForm(SaisieSure, AuthenticationForm, DsfrBaseForm):
    username = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie. Si vous "
        "venez de créer votre compte, confirmez d’abord votre adresse avec le lien reçu par courriel.",
        "inactive": "Ce compte est désactivé. Contactez l'équipe de l'appel.",
    }


class MotDePasseOublieForm(SaisieSure, PasswordResetForm, DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        sujet = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        texte = loader.render_to_string(email_template_name, context)
        courriels.envoyer(sujet, texte, [to_email])  # the outbox: Redis down, the link still leaves


class NouveauMotDePasseForm(SaisieSure, SetPasswordForm, DsfrBaseForm):
    pass
