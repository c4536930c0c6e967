"""The administrateur's pages: the call's parameters, its sélection grid, the exclusions of R08, the
history. Each change goes through its service (``administration.services``), which saves it, records it
in the history and triggers what follows (re-evaluation of the recevabilité, weighted scores)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render

from administration import services
from administration.forms import ExclusionForms, GrilleForms, formulaire_appel
from candidatures.appels import appel_de_travail
from comptes.models import Role, User
from comptes.permissions import reservee
from core import historique
from core.menus import contexte_administration

administrateur = reservee("ami:administration")  # every page of the administration
PAR_PAGE = 50


def _reevaluation(request, modification, raison: str) -> None:
    if modification.reevaluation:
        messages.info(request, f"{raison} : la recevabilité des dossiers ouverts est réévaluée.")


def refus_si_archive(request, appel) -> bool:
    """An archived call is read only: a change of it is refused, with the reason."""
    if request.method == "POST" and appel is not None and appel.archive:
        messages.error(request, f"L’appel « {appel.nom_court} » est archivé : il n’est plus modifiable.")
        return True
    return False


@administrateur
def parametres(request):
    appel = appel_de_travail(request)
    if appel is None:
        return redirect("ami:appels")
    if refus_si_archive(request, appel):
        return redirect(request.path)
    form = formulaire_appel(appel, request.POST or None)
    if request.method == "POST" and form.is_valid():
        modification = services.modifier_appel(appel, None, request.user)  # the form set the instance
        _reevaluation(request, modification, "Les critères de recevabilité ont changé")
        messages.success(request, "Les paramètres de l'appel ont été enregistrés.")
        return redirect("ami:administration")
    actifs = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("pk")))
    par_role = [(label, actifs.get(value, 0)) for value, label in Role.choices]
    return render(
        request,
        "ami/administration.html",
        contexte_administration(request, form=form, par_role=par_role),
        status=422 if form.errors else 200,
    )


def _formset(request, classe, gabarit: str, objet: str, service, apres):
    appel = appel_de_travail(request)
    if appel is None:
        return redirect("ami:appels")
    if refus_si_archive(request, appel):
        return redirect(request.path)
    formset = classe(request.POST or None, instance=appel)
    if request.method == "POST" and formset.is_valid():
        apres(request, service(appel, formset, request.user))
        messages.success(request, f"{objet} : modifications enregistrées.")
        return redirect(request.path)
    statut = 422 if request.method == "POST" else 200
    return render(
        request, gabarit, contexte_administration(request, formset=formset, appel=appel), status=statut
    )


def _notes_recalculees(request, modification):
    if n := modification.notes_recalculees:
        messages.info(
            request, f"Les notes pondérées de {n} évaluation{'s' if n > 1 else ''} ont été recalculées."
        )


@administrateur
def grille(request):
    return _formset(
        request,
        GrilleForms,
        "ami/administration/grille.html",
        "Grille de notation",
        services.modifier_grille,
        _notes_recalculees,
    )


def _exclusions_sans_siret(request, modification):
    """Said after each save: an exclusion without SIRET excludes no porteur (R08 reads the SIRET)."""
    _reevaluation(request, modification, "Les exclusions de R08 ont changé")
    for exclusion in appel_de_travail(request).exclusions.filter(siret=""):
        messages.warning(request, f"« {exclusion.nom} » : {exclusion.portee}")


@administrateur
def exclusions(request):
    return _formset(
        request,
        ExclusionForms,
        "ami/administration/exclusions.html",
        "Exclusions (R08)",
        services.modifier_exclusions,
        _exclusions_sans_siret,
    )


@administrateur
def journal_des_modifications(request):
    page = historique.page(request.GET.get("page"), PAR_PAGE)
    return render(request, "ami/administration/journal.html", contexte_administration(request, page=page))
