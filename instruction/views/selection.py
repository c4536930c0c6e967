"""The queue's batch actions (``instruction.actions_groupees``): the form around the table of « Dossiers à
instruire » posts the ticked dossiers here. « Exporter la sélection » opens the exports page on them (the
``ids`` filter of ``instruction.filtres``: the file is written by the exports' own machinery);
« Demander un avis pour la sélection » asks for the date and the services, then requests the avis of
each dossier. Only the dossiers the user may read are acted on; the others are reported as ignored."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comptes.permissions import reservee
from instruction import actions_groupees
from instruction import avis as avis_service
from instruction.pages import resume_erreurs

file_nationale = reservee("instruction:a_instruire")


def _retour(request) -> str:
    """The queue as it was (its filters, sort and page): a query string on a fixed path."""
    requete = QueryDict(request.POST.get("requete", "")).urlencode()
    return reverse("instruction:a_instruire") + (f"?{requete}" if requete else "")


def _verifier_avis(user) -> None:
    if not actions_groupees.droits(user)["avis_groupe_possible"]:
        raise PermissionDenied("« Demander un avis » est réservé aux instructeurs nationaux.")


def _page_avis(request, choisis, form, statut=200):
    contexte = {
        "choisis": choisis.dossiers,
        "form": form,
        "erreurs": resume_erreurs(form),
        "requete": request.POST.get("requete", ""),
    }
    return render(request, "instruction/selection_avis.html", contexte, status=statut)


@file_nationale
@require_POST
def selection(request):
    """POST ``dossiers`` (ids), ``toute_la_page`` and ``page`` (the page's ids), ``action``: avis, export."""
    action = request.POST.get("action", "")
    if action not in ("avis", "export"):
        return HttpResponseBadRequest("Action inconnue.")
    if action == "avis":
        _verifier_avis(request.user)
    identifiants = actions_groupees.identifiants_demandes(request.POST)
    if not identifiants:
        messages.warning(request, "Aucun dossier sélectionné : cochez au moins un dossier du tableau.")
        return redirect(_retour(request))
    choisis = actions_groupees.selection(request.user, identifiants)
    if choisis.ignores:
        messages.warning(request, actions_groupees.ignores(choisis.ignores))
    if not choisis.dossiers:
        return redirect(_retour(request))
    if action == "export":
        ids = ",".join(str(pk) for pk in choisis.identifiants)
        return redirect(f"{reverse('exports:exports')}?{urlencode({'ids': ids})}")
    initial = {
        "types": [valeur for valeur, _ in actions_groupees.TYPES],
        "date_limite": avis_service.date_limite_proposee(choisis.dossiers[0].appel),
    }
    return _page_avis(request, choisis, actions_groupees.DemandeAvisGroupeeForm(initial=initial))


@file_nationale
@require_POST
def avis_selection(request):
    """POST the form of ``selection_avis.html``: ``dossiers`` (ids), ``types``, ``date_limite``,
    ``message``."""
    _verifier_avis(request.user)
    identifiants = actions_groupees.lire_identifiants(request.POST.getlist("dossiers"))
    form = actions_groupees.DemandeAvisGroupeeForm(request.POST)
    if not form.is_valid():
        return _page_avis(request, actions_groupees.selection(request.user, identifiants), form, 422)
    bilan = actions_groupees.demander_avis(
        request.user,
        identifiants,
        form.cleaned_data["types"],
        form.cleaned_data["date_limite"],
        form.cleaned_data["message"],
    )
    for niveau, texte in actions_groupees.compte_rendu(bilan):
        getattr(messages, niveau)(request, texte)
    return redirect(_retour(request))
