"""The dossier as the State reads it — instructeurs, agents of its territory, administrateurs — and the
instruction actions. Every action runs on the dossier's locked row and checks the version the page was
loaded with (``instruction.pages.version_perimee``): two instructeurs never overwrite each other."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ami.models import Appel
from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.models import Etat
from candidatures.notifications import prevenir_porteur
from comptes.models import Role
from comptes.permissions import role_required
from instruction.classement import page_du_classement
from instruction.forms import Decision, RecevabiliteForm
from instruction.pages import contexte, dossier_etat, refuser, verifier, version_perimee
from instruction.views import actions
from instruction.views.file import liens_de_pagination, numero_de_page, requete

lecteurs_etat = role_required(Role.INSTRUCTEUR, Role.AGENT, Role.ADMINISTRATEUR)


@lecteurs_etat
def fiche(request, pk: int):
    dossier = dossier_etat(request, pk)
    return render(request, "instruction/dossier.html", contexte(request, dossier))


def prendre(request, dossier):
    refus = version_perimee(request, dossier) or cycle.refus(dossier, cycle.Action.PRENDRE, request.user)
    if refus:
        return refuser(request, dossier, refus)
    cycle.appliquer(dossier, cycle.Action.PRENDRE, request.user)
    messages.success(request, f"Vous avez pris en instruction le dossier {dossier.numero}.")
    return redirect("instruction:dossier", dossier.pk)


def recevabilite(request, dossier):
    # Recevable and irrecevable are allowed from the same states: either is checked before the form.
    form = RecevabiliteForm(request.POST, recevabilite=bilan(dossier).recevabilite)
    if refus := verifier(request, dossier, cycle.Action.DECLARER_RECEVABLE, form, "recevabilite_form"):
        return refus
    recevable = form.cleaned_data["decision"] == Decision.RECEVABLE
    choix = cycle.Action.DECLARER_RECEVABLE if recevable else cycle.Action.DECLARER_IRRECEVABLE
    transition = cycle.appliquer(
        dossier, choix, request.user, form.cleaned_data["motif"], {"regles": form.constats()}
    )
    etat = Etat(dossier.etat).label.lower()
    prevenir_porteur(
        dossier,
        f"Dossier {dossier.numero} : {etat}",
        "instruction/courriels/recevabilite.txt",
        {"transition": transition},
    )
    messages.success(request, f"Le dossier {dossier.numero} est déclaré {etat}.")
    return redirect("instruction:dossier", dossier.pk)


# action → (roles allowed, handler(request, dossier)); the handler runs on the locked dossier.
ACTIONS = {
    "prendre": ({Role.INSTRUCTEUR}, prendre),
    "recevabilite": ({Role.INSTRUCTEUR}, recevabilite),
    "complements": ({Role.INSTRUCTEUR}, actions.complements),
    "noter": ({Role.INSTRUCTEUR}, actions.noter),
    "demander_avis": ({Role.INSTRUCTEUR}, actions.demander_avis),
    "avis": ({Role.AGENT}, actions.donner_avis),
    "proposer": ({Role.INSTRUCTEUR}, actions.proposer),
    "decider": ({Role.INSTRUCTEUR}, actions.decider),
}


@lecteurs_etat
@require_POST
def action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    roles, traiter = ACTIONS[action]
    if request.user.role not in roles:
        raise PermissionDenied("Cette action est réservée à un autre profil.")
    with transaction.atomic():
        return traiter(request, dossier_etat(request, pk, verrou=True))


@role_required(Role.INSTRUCTEUR, Role.ADMINISTRATEUR)
def classement(request):
    """The Classement, 50 dossiers a page; ranks, running total and totals over the whole selection."""
    appel = Appel.objects.courant()
    params = request.GET
    page, chiffres = page_du_classement(request.user, appel, numero_de_page(params.get("page")))
    rangs = page.object_list
    # Where the group « À noter par vous » starts, for the pages before it.
    debut_a_noter = chiffres.classes // page.paginator.per_page + 1
    contexte_page = {
        "appel": appel,
        "page": page,
        "rangs": [r for r in rangs if not r.masque],
        "a_noter": [r for r in rangs if r.masque],  # blind scoring: unranked for this instructeur
        "synthese": chiffres,
        "total": chiffres.total,
        "nombre": chiffres.nombre,
        "enveloppe": chiffres.enveloppe,
        "depasse": chiffres.total > chiffres.enveloppe or chiffres.nombre > appel.nombre_laureats,
        "page_a_noter": requete(params, page=debut_a_noter) if debut_a_noter > page.number else "",
        "page_a_noter_numero": debut_a_noter,
        **liens_de_pagination(params, page),
    }
    return render(request, "instruction/classement.html", contexte_page)
