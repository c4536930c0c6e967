"""« Appels »: the calls of the portal, for the administrateurs — the list with each call's état and its
changes (publier, clore, rouvrir, archiver: ``ami.models.TRANSITIONS_APPEL``, each journaled by
``administration.services.changer_etat``), « Nouvel appel », empty or duplicated from an existing one
(its parameters, grid and exclusions: ``services.creer_appel``). The other pages of the administration
work on the call chosen here or in their picker (``candidatures.appels.appel_de_travail``)."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from administration import services
from administration.forms import NouvelAppelForm
from administration.views import refus_si_archive
from ami.models import RECENTS, TRANSITIONS_APPEL, Appel
from candidatures.appels import CLE_SESSION, identifiant
from comptes.permissions import reservee
from core.menus import contexte_administration

administrateur = reservee("ami:administration")


@administrateur
def liste(request):
    appels = Appel.objects.annotate(nombre_dossiers=Count("dossiers")).order_by(*RECENTS)
    return render(request, "ami/administration/appels.html", contexte_administration(request, liste=appels))


def _depuis(request) -> Appel | None:
    """The call « Dupliquer » copies (``?depuis=``), a 404 when it names none."""
    valeur = request.GET.get("depuis") or request.POST.get("depuis")
    if not valeur:
        return None
    if (pk := identifiant(valeur)) is None:
        raise Http404("Appel inconnu.")
    return get_object_or_404(Appel, pk=pk)


@administrateur
def nouveau(request):
    depuis = _depuis(request)
    if depuis is not None:
        initial = {**services.valeurs_a_copier(depuis), "nom_court": "", "prefixe_numero": ""}
    else:
        initial = {"nom_court": "", "prefixe_numero": ""}
    form = NouvelAppelForm(request.POST or None, initial=initial, instance=Appel(**initial))
    if request.method == "POST" and form.is_valid():
        appel = services.creer_appel(form.instance, depuis, request.user)
        request.session[CLE_SESSION] = appel.pk  # the next pages (grid, exclusions) work on it
        messages.success(
            request,
            f"L’appel « {appel.nom_court} » est créé à l’état de brouillon : vérifiez sa grille et ses "
            "exclusions, puis publiez-le depuis la liste des appels.",
        )
        return redirect(f"{reverse('ami:administration')}?appel={appel.pk}")
    contexte = contexte_administration(request, form=form, depuis=depuis)
    return render(
        request, "ami/administration/appel_nouveau.html", contexte, status=422 if form.errors else 200
    )


@administrateur
@require_POST
def changer_etat(request, pk: int, action: str):
    if action not in TRANSITIONS_APPEL:
        raise Http404("Action inconnue.")
    appel = get_object_or_404(Appel, pk=pk)
    if refus := services.changer_etat(appel, action, request.user):
        messages.error(request, f"« {appel.nom_court} » : {refus}")
    else:
        messages.success(request, f"« {appel.nom_court} » : {appel.get_etat_display().lower()}.")
    return redirect("ami:appels")


@administrateur
def reprendre_laureats(request, pk: int):
    """« Reprendre les lauréats des appels précédents »: the list first, then, confirmed, the exclusions
    added to the call's R08 in one action (``services.reprendre_laureats``)."""
    appel = get_object_or_404(Appel, pk=pk)
    if refus_si_archive(request, appel):
        return redirect("ami:appels")
    if request.method == "POST":
        modification, n = services.reprendre_laureats(appel, request.user)
        if n:
            messages.success(
                request,
                f"{n} exclusion{'s' if n > 1 else ''} ajoutée{'s' if n > 1 else ''} à « {appel.nom_court} ».",
            )
            if modification.reevaluation:
                messages.info(
                    request,
                    "Les exclusions de R08 ont changé : la recevabilité des dossiers ouverts est réévaluée.",
                )
        else:
            messages.info(request, f"Rien à ajouter : « {appel.nom_court} » exclut déjà tous ces lauréats.")
        request.session[CLE_SESSION] = appel.pk
        return redirect("ami:exclusions")
    reprises = services.exclusions_a_reprendre(appel)
    contexte = contexte_administration(
        request, cible=appel, reprises=reprises, a_ajouter=sum(not r.deja for r in reprises)
    )
    return render(request, "ami/administration/reprendre_laureats.html", contexte)
