"""« Mes dossiers »: the organisation's dossiers, grouped by call, and « Créer un dossier » for each open
call — empty, or started from a dossier of another call (``candidatures.reprise``). A candidat without
an organisation sees none and creates none."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ami.models import Appel, EtatAppel, par_defaut
from candidatures.appels import appels_de_la_requete
from candidatures.bilan import bilan
from candidatures.forms import DossierCreationForm
from candidatures.models import Dossier, Section
from candidatures.reprise import repartir
from candidatures.views import candidat


def _sans_organisation(request):
    """A candidat without an organisation (his request to join one pending or refused) has no dossier
    and creates none: « Mon équipe » tells him where his request stands."""
    if request.user.organisation_id:
        return None
    messages.info(
        request,
        "Vous n’êtes membre d’aucune organisation : vous ne voyez ni ne créez de dossier tant qu’une "
        "organisation ne vous a pas accepté.",
    )
    return redirect("comptes:equipe")


def _formulaire_de_creation(appel, dossiers, donnees=None):
    """The « Créer un dossier » form of ``appel`` (one per open call on the page: ids of its own), with
    the organisation's ``dossiers`` of the other calls to start from."""
    anciens = [d for d in dossiers if d.appel_id != appel.pk]
    return DossierCreationForm(donnees, auto_id=f"id_appel_{appel.pk}_%s", anciens=anciens)


def _mes_dossiers(request, saisi=None, status=200):
    """« Mes dossiers », grouped by call: each call the organisation has dossiers in, and each call open
    to dépôts, the most recent first, with its period and its « Créer un dossier »; ``saisi``:
    (call, bound form) of a creation refused, shown with its error."""
    dossiers = list(
        Dossier.objects.for_user(request.user).select_related("modifie_par").order_by("-modifie_le")
    )
    appels = appels_de_la_requete(request)
    par_pk = {appel.pk: appel for appel in appels}
    for dossier in dossiers:
        if dossier.appel_id in par_pk:  # read once for the page
            dossier.appel = par_pk[dossier.appel_id]
    groupes = []
    for appel in appels:
        siens = [d for d in dossiers if d.appel_id == appel.pk]
        if not siens and appel.etat != EtatAppel.PUBLIE:
            continue
        form = saisi[1] if saisi and saisi[0].pk == appel.pk else _formulaire_de_creation(appel, dossiers)
        groupes.append({"appel": appel, "periode": appel.periode_depot, "dossiers": siens, "form": form})
    contexte = {"organisation": request.user.organisation, "dossiers": dossiers, "groupes": groupes}
    return render(request, "candidatures/mes_dossiers.html", contexte, status=status)


@candidat
def mes_dossiers(request):
    return _sans_organisation(request) or _mes_dossiers(request)


def _appel_choisi(request) -> Appel | None:
    """The call named by the creation form, among the published ones (none named: the default one)."""
    pk, appels = request.POST.get("appel"), appels_de_la_requete(request)
    if not pk:
        return par_defaut(appels)
    return next((appel for appel in appels if str(appel.pk) == pk), None)


@candidat
@require_POST
def creer(request):
    if refus := _sans_organisation(request):
        return refus
    appel = _appel_choisi(request)
    if appel is None:
        messages.error(request, "Cet appel n’existe pas : choisissez un appel dans la liste.")
        return redirect("candidatures:mes_dossiers")
    if not appel.est_ouvert():
        messages.error(request, f"{appel.raison_fermeture()} : il n’est plus possible d’y créer un dossier.")
        return redirect("candidatures:mes_dossiers")
    dossiers = Dossier.objects.for_user(request.user).exclude(appel=appel).select_related("appel")
    form = _formulaire_de_creation(appel, dossiers, request.POST)
    if not form.is_valid():
        return _mes_dossiers(request, (appel, form), status=422)
    intitule, depuis = form.cleaned_data["intitule"], form.cleaned_data.get("depuis")
    if depuis:
        dossier = repartir(dossiers.get(pk=depuis), appel, intitule, request.user)
    else:
        dossier = Dossier.objects.creer(appel, request.user.organisation, intitule, request.user)
    bilan(dossier)
    repris = (
        f" à partir de « {dict(form.fields['depuis'].choices)[depuis]} » : relisez chaque section, puis "
        "ajoutez le budget et les pièces, et confirmez les engagements"
        if depuis
        else ""
    )
    messages.success(
        request,
        f"Le dossier « {dossier.intitule} » est créé{repris}. Vous pouvez l’enregistrer à tout moment.",
    )
    return redirect("candidatures:section", dossier.pk, Section.CHEF_DE_FILE)
