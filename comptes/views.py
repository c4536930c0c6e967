from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy

from comptes.forms import ConnexionForm, MotDePasseOublieForm, NouveauMotDePasseForm
from comptes.permissions import espace as espace_du_role


class ConnexionView(auth_views.LoginView):
    form_class = ConnexionForm
    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True


def espace(request):
    """Each role lands on its own space (``comptes.permissions.espace``)."""
    return redirect(espace_du_role(request.user.role))


class MotDePasseOublieView(auth_views.PasswordResetView):
    form_class = MotDePasseOublieForm
    template_name = "comptes/mot_de_passe_oublie.html"
    subject_template_name = "comptes/courriels/mot_de_passe_sujet.txt"
    email_template_name = "comptes/courriels/mot_de_passe.txt"
    success_url = reverse_lazy("comptes:mot_de_passe_envoye")


class MotDePasseEnvoyeView(auth_views.PasswordResetDoneView):
    template_name = "comptes/mot_de_passe_envoye.html"


class NouveauMotDePasseView(auth_views.PasswordResetConfirmView):
    form_class = NouveauMotDePasseForm
    template_name = "comptes/nouveau_mot_de_passe.html"
    success_url = reverse_lazy("comptes:mot_de_passe_modifie")


class MotDePasseModifieView(auth_views.PasswordResetCompleteView):
    template_name = "comptes/mot_de_passe_modifie.html"
