"""The administrateur's pages: the call's parameters, its sélection grid, the exclusions of R08, the
log. Every change is written to the log (``ami.journal``); a change of what the rules read re-evaluates
the open dossiers' recevabilité (``ami.reevaluation``, in the background)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render

from ami import journal
from ami.forms import AppelForm, ExclusionForms, GrilleForms
from ami.models import Appel, Journal
from ami.reevaluation import PARAMETRES_DES_REGLES
from ami.tasks import reevaluer_recevabilite
from comptes.models import Role, User
from comptes.permissions import role_required
from core.administration import contexte_administration
from core.arriere_plan import lancer_apres_validation
from instruction.notation import recalculer_notes

administrateur = role_required(Role.ADMINISTRATEUR)


def _reevaluer(request, appel, raison: str) -> None:
    lancer_apres_validation(reevaluer_recevabilite, appel.pk, request.user.pk)
    messages.info(request, f"{raison} : la recevabilité des dossiers ouverts est réévaluée.")


@administrateur
def parametres(request):
    appel = Appel.objects.courant()
    form = AppelForm(request.POST or None, instance=appel)
    if request.method == "POST" and form.is_valid():
        changements = journal.changements(form)
        with transaction.atomic():
            form.save()
            if changements:
                journal.consigner(request.user, "Paramètres de l’appel", "Modification", changements)
                if set(form.changed_data) & set(PARAMETRES_DES_REGLES):
                    _reevaluer(request, appel, "Les critères de recevabilité ont changé")
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


def _formset(request, classe, gabarit: str, objet: str, apres=None):
    appel = Appel.objects.courant()
    formset = classe(request.POST or None, instance=appel)
    if request.method == "POST" and formset.is_valid():
        changements = []
        for form in formset.forms:
            if form in formset.deleted_forms and form.instance.pk:
                changements.append([str(form.instance), "présent", "supprimé"])
            elif form.has_changed() and form not in formset.deleted_forms:
                nom = str(form.instance) if form.instance.pk else "nouveau"
                changements += [[f"{nom} — {c[0]}", c[1], c[2]] for c in journal.changements(form)]
        with transaction.atomic():
            formset.save()
            if changements:
                journal.consigner(request.user, objet, "Modification", changements)
                if apres:
                    apres(request, appel)
        messages.success(request, f"{objet} : modifications enregistrées.")
        return redirect(request.path)
    statut = 422 if request.method == "POST" else 200
    return render(
        request, gabarit, contexte_administration(request, formset=formset, appel=appel), status=statut
    )


def _grille_modifiee(request, appel):
    n = recalculer_notes(appel)
    if n:
        messages.info(
            request, f"Les notes pondérées de {n} évaluation{'s' if n > 1 else ''} ont été recalculées."
        )


@administrateur
def grille(request):
    return _formset(
        request, GrilleForms, "ami/administration/grille.html", "Grille de notation", _grille_modifiee
    )


@administrateur
def exclusions(request):
    return _formset(
        request,
        ExclusionForms,
        "ami/administration/exclusions.html",
        "Exclusions (R08)",
        lambda request, appel: _reevaluer(request, appel, "Les exclusions de R08 ont changé"),
    )


@administrateur
def journal_des_modifications(request):
    entrees = Journal.objects.select_related("par")
    page = Paginator(entrees, 50).get_page(request.GET.get("page"))
    return render(request, "ami/administration/journal.html", contexte_administration(request, page=page))
