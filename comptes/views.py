from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy

from comptes import deux_facteurs, jetons, moncompte
from comptes.forms import ConnexionForm, MotDePasseOublieForm, NouveauMotDePasseForm
from comptes.limites import limiter
from comptes.permissions import espace as espace_du_role
from comptes.views_deux_facteurs import mettre_en_attente, oublier_l_attente


class ConnexionView(auth_views.LoginView):
    form_class = ConnexionForm
    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The right password. When a second factor is asked for (``comptes.deux_facteurs``: mandatory for
        the role, or turned on), no session opens yet: the code first, or the enrolment
        (``comptes.views_deux_facteurs``), then the page asked for (``next``)."""
        compte = form.get_user()
        if deux_facteurs.code_demande(compte):
            return mettre_en_attente(self.request, compte, self.get_success_url())
        oublier_l_attente(self.request)
        return super().form_valid(form)


def espace(request):
    """Each role lands on its own space (``comptes.permissions.espace``)."""
    return redirect(espace_du_role(request.user.role))


@limiter("mot_de_passe")
class MotDePasseOublieView(auth_views.PasswordResetView):
    form_class = MotDePasseOublieForm
    template_name = "comptes/mot_de_passe_oublie.html"
    subject_template_name = "comptes/courriels/mot_de_passe_sujet.txt"
    email_template_name = "comptes/courriels/mot_de_passe.txt"
    success_url = reverse_lazy("comptes:mot_de_passe_envoye")
    token_generator = jetons.mot_de_passe  # refused once the account is deactivated (comptes.jetons)

    def form_valid(self, form):
        moncompte.reinitialisation_demandee(self.request, form.cleaned_data["email"])  # the journal
        return super().form_valid(form)


class MotDePasseEnvoyeView(auth_views.PasswordResetDoneView):
    template_name = "comptes/mot_de_passe_envoye.html"


class NouveauMotDePasseView(auth_views.PasswordResetConfirmView):
    form_class = NouveauMotDePasseForm
    template_name = "comptes/nouveau_mot_de_passe.html"
    success_url = reverse_lazy("comptes:mot_de_passe_modifie")
    token_generator = jetons.mot_de_passe  # the invitation's link too (comptes.gestion)

    def form_valid(self, form):
        invitation = not form.user.has_usable_password()
        reponse = super().form_valid(form)
        # The journal; the account's sessions closed; after a reset, a mail « mot de passe changé ».
        moncompte.mot_de_passe_reinitialise(self.request, form.user, invitation=invitation)
        return reponse


class MotDePasseModifieView(auth_views.PasswordResetCompleteView):
    template_name = "comptes/mot_de_passe_modifie.html"
