from django import forms

from api.models import ROLES_API, JetonApi
from comptes.models import User
from core.formulaires import DateFuture, FormulaireDsfr


class TitulaireChoix(forms.ModelChoiceField):
    def label_from_instance(self, user):
        nom = user.get_full_name() or user.email
        return f"{nom} — {user.email} ({user.get_role_display()}, {user.rattachement})"


class JetonForm(forms.ModelForm, FormulaireDsfr):
    """Issue a token to an active member of the State staff; never to a candidat."""

    user = TitulaireChoix(
        label="Titulaire",
        queryset=User.objects.none(),
        empty_label="— Choisir un compte —",
        help_text="Un compte actif d’instructeur, d’agent territorial ou d’administrateur : le jeton aura "
        "ses droits de lecture.",
        error_messages={
            "required": "Choisissez le titulaire du jeton.",
            "invalid_choice": "Ce compte ne peut pas recevoir de jeton (candidat ou désactivé).",
        },
    )
    expire_le = DateFuture(
        label="Valable jusqu’au (inclus)",
        required=False,
        jours_max=366,
        help_text="Facultatif, un an au plus. Vide : valable jusqu’à sa révocation.",
    )

    class Meta:
        model = JetonApi
        fields = ["user", "libelle", "expire_le"]
        error_messages = {"libelle": {"required": "Donnez un libellé au jeton (à quoi sert-il ?)."}}

    def preparer(self):
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role__in=ROLES_API)
            .select_related("service_territorial", "organisation")
            .order_by("last_name", "first_name", "email")
        )
        self.fields["libelle"].widget.attrs["placeholder"] = "Tableau de bord de l’équipe données"
