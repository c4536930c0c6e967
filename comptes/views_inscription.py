"""The pages of « Créer un compte » (public): the form, « courriel envoyé », the confirmation link and a
new link. The service is ``comptes.inscription``; the same answer whether the address had an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from comptes import inscription
from comptes.forms_inscription import InscriptionForm, NouveauLienForm
from comptes.limites import limiter

ADRESSE = "inscription_adresse"  # the session's key: the address « courriel envoyé » names
BACKEND = "comptes.backends.EmailBackend"


@login_not_required
@require_http_methods(["GET", "POST"])
@limiter("inscription")
def inscrire(request):
    if request.user.is_authenticated:
        return redirect("comptes:espace")
    form = InscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inscription.inscrire(form.cleaned_data, request)
        request.session[ADRESSE] = form.cleaned_data["email"]
        return redirect("comptes:inscription_envoyee")
    return render(
        request, "comptes/inscription/formulaire.html", {"form": form}, status=422 if form.errors else 200
    )


@login_not_required
def envoyee(request):
    return render(
        request,
        "comptes/inscription/envoyee.html",
        {"adresse": request.session.get(ADRESSE, ""), "heures": settings.INSCRIPTION_LIEN_HEURES},
    )


def _lien_invalide(request, form=None, status=200):
    return render(
        request, "comptes/inscription/lien_invalide.html", {"form": form or NouveauLienForm()}, status=status
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@limiter("confirmation")
def confirmer_adresse(request, uidb64, token):
    """GET shows a button (a mail scanner that opens the link confirms nothing); POST confirms, logs the
    person in and takes them to their space."""
    compte = inscription.compte_du_lien(uidb64, token)
    if compte is None:
        return _lien_invalide(request)
    if request.method == "GET":
        return render(request, "comptes/inscription/confirmer.html", {"compte": compte})
    demande = inscription.confirmer(compte, request)
    compte.refresh_from_db()
    if not compte.is_active:  # confirmed in between by another click: the link has served
        return _lien_invalide(request)
    login(request, compte, backend=BACKEND)
    request.session.pop(ADRESSE, None)
    if compte.organisation_id:
        messages.success(
            request,
            f"Votre adresse est confirmée, bienvenue. « {compte.organisation.nom} » est inscrite et vous en "
            "êtes le référent. Vous pouvez créer votre premier dossier.",
        )
        return redirect("candidatures:mes_dossiers")
    nom = demande.organisation.nom if demande is not None else "L’organisation"
    messages.info(
        request,
        f"Votre adresse est confirmée. « {nom} » est déjà inscrite : votre demande pour la rejoindre est "
        "envoyée à ses membres. Vous recevrez un courriel dès que l’un d’eux aura répondu.",
    )
    return redirect("comptes:equipe")


@login_not_required
@require_http_methods(["GET", "POST"])
@limiter("inscription")
def nouveau_lien(request):
    form = NouveauLienForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inscription.renvoyer_lien(form.cleaned_data["email"], request)
        request.session[ADRESSE] = form.cleaned_data["email"]
        return redirect("comptes:inscription_envoyee")
    return render(
        request, "comptes/inscription/nouveau_lien.html", {"form": form}, status=422 if form.errors else 200
    )
