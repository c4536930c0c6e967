"""« Jetons d'API »: the administrateurs issue and revoke the personal tokens of the read API.

The token in clear is shown once, in the answer to the form that issued it (never stored, never sent
again: ``Cache-Control: no-store``); the lists show its préfixe only."""

import logging

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from api.forms import JetonForm
from api.models import JetonApi
from comptes.models import Role
from comptes.permissions import role_required
from core.historique import evenement

journal = logging.getLogger(__name__)


def _titulaire(user) -> str:
    return f"{user.email} ({user.role})"


@role_required(Role.ADMINISTRATEUR)
@never_cache
@require_http_methods(["GET", "POST"])
def jetons(request):
    form = JetonForm(request.POST or None)
    nouveau = secret = None
    statut = 200
    if request.method == "POST":
        if form.is_valid():
            nouveau, secret = JetonApi.objects.emettre(
                form.cleaned_data["user"],
                form.cleaned_data["libelle"],
                cree_par=request.user,
                expire_le=form.cleaned_data["expire_le"],
            )
            journal.warning(
                "Jeton d'API émis : id=%s préfixe=%s titulaire=%s libellé=%r expire_le=%s par=%s",
                nouveau.pk,
                nouveau.prefixe,
                _titulaire(nouveau.user),
                nouveau.libelle,
                nouveau.expire_le,
                request.user.email,
            )
            evenement(
                nouveau,
                request.user,
                f"Jeton d’API de {_titulaire(nouveau.user)}",
                "Émission",
                [["Libellé", "—", nouveau.libelle], ["Expire le", "—", str(nouveau.expire_le or "jamais")]],
            )
            form = JetonForm()
            statut = 200
        else:
            statut = 422
    liste = JetonApi.objects.select_related("user", "cree_par", "revoque_par")
    contexte = {"form": form, "jetons": liste, "nouveau": nouveau, "secret": secret}
    return render(request, "api/jetons.html", contexte, status=statut)


@role_required(Role.ADMINISTRATEUR)
@require_http_methods(["GET", "POST"])
def revoquer(request, pk: int):
    jeton = get_object_or_404(JetonApi.objects.select_related("user", "revoque_par"), pk=pk)
    if request.method == "GET":
        return render(request, "api/revoquer.html", {"jeton": jeton})
    if jeton.revoquer(request.user):
        journal.warning(
            "Jeton d'API révoqué : id=%s préfixe=%s titulaire=%s libellé=%r par=%s le=%s",
            jeton.pk,
            jeton.prefixe,
            _titulaire(jeton.user),
            jeton.libelle,
            request.user.email,
            jeton.revoque_le.isoformat(),
        )
        evenement(
            jeton,
            request.user,
            f"Jeton d’API de {_titulaire(jeton.user)}",
            f"Révocation de « {jeton.libelle} »",
        )
        messages.success(request, f"Le jeton « {jeton.libelle} » ({jeton.affichage}) est révoqué.")
    else:
        messages.info(request, f"Le jeton « {jeton.libelle} » était déjà révoqué.")
    return redirect("api:jetons")
