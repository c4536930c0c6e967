"""The dossier as the State reads it — instructeurs, agents of its territory, administrateurs — and the
instruction actions. Every action runs on the dossier's locked row and checks the version the page was
loaded with (``instruction.pages.version_perimee``): two instructeurs never overwrite each other."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from candidatures import cycle
from candidatures.appels import appel_de_travail
from candidatures.bilan import bilan
from candidatures.models import Etat
from candidatures.notifications import prevenir_porteur
from comptes.permissions import reservee
from core.tableaux import liens_de_pagination, numero_de_page, requete
from instruction import constats
from instruction.classement import page_du_classement
from instruction.forms import Decision, RecevabiliteForm
from instruction.pages import (
    OUVERT,
    a_l_onglet,
    contexte_instruction,
    contexte_onglet,
    dossier_etat,
    onglets_a_la_demande,
    refuser,
    verifier,
    vers_onglet,
    version_perimee,
)
from instruction.views import actions

lecteurs_etat = reservee("instruction:dossier")


@lecteurs_etat
def fiche(request, pk: int):
    """The dossier page. A browser that runs its scripts (``onglets_a_la_demande``) gets the open tab
    only, and each other tab's content when first opened: the same URL with ``?onglet=``, asked by htmx
    for that tab's panel (``partials/panneau.html``). Without scripts, ``?onglet=`` opens the tab."""
    dossier = dossier_etat(request, pk)
    onglet = request.GET.get("onglet", "")
    if request.htmx and request.htmx.target == f"panneau-{onglet}":
        if not a_l_onglet(request, dossier, onglet):
            raise Http404("Onglet inconnu.")
        contexte = contexte_onglet(request, dossier, onglet)
        reponse = render(request, "instruction/partials/onglet_seul.html", {**contexte, "nom": onglet})
    else:
        ouverts = OUVERT if onglets_a_la_demande(request) else None
        contexte = contexte_instruction(request, dossier, onglets=ouverts)
        reponse = render(request, "instruction/dossier.html", contexte)
    # One URL, two answers (the page, a tab's content): never one cached for the other.
    patch_vary_headers(reponse, ("HX-Request", "HX-Target"))
    return reponse


def prendre(request, dossier):
    refus = version_perimee(request, dossier) or cycle.refus(dossier, cycle.Action.PRENDRE, request.user)
    if refus:
        return refuser(request, dossier, refus)
    cycle.effectuer(dossier, cycle.Action.PRENDRE, request.user)
    messages.success(request, f"Vous avez pris en instruction le dossier {dossier.numero}.")
    return vers_onglet(dossier, "recevabilite")  # its next step


def recevabilite(request, dossier):
    # Recevable and irrecevable are allowed from the same states: either is checked before the form.
    form = RecevabiliteForm(request.POST, recevabilite=bilan(dossier).recevabilite)
    if refus := verifier(request, dossier, cycle.Action.DECLARER_RECEVABLE, form, "recevabilite_form"):
        return refus
    recevable = form.cleaned_data["decision"] == Decision.RECEVABLE
    choix = cycle.Action.DECLARER_RECEVABLE if recevable else cycle.Action.DECLARER_IRRECEVABLE
    transition = constats.declarer(dossier, choix, request.user, form.cleaned_data["motif"], form.constats())
    etat = Etat(dossier.etat).label.lower()
    prevenir_porteur(
        dossier,
        f"Dossier {dossier.numero} : {etat}",
        "instruction/courriels/recevabilite.txt",
        {"transition": transition},
    )
    messages.success(request, f"Le dossier {dossier.numero} est déclaré {etat}.")
    return redirect("instruction:dossier", dossier.pk)


# URL action → (the cycle actions it may perform, its handler(request, dossier)); the handler runs on
# the locked dossier. Who may post it: the roles ``cycle.REGLES`` gives those actions, nowhere else.
A = cycle.Action
ACTIONS = {
    "prendre": ((A.PRENDRE,), prendre),
    "recevabilite": ((A.DECLARER_RECEVABLE, A.DECLARER_IRRECEVABLE), recevabilite),
    "complements": ((A.DEMANDER_COMPLEMENTS,), actions.complements),
    "noter": ((A.NOTER,), actions.noter),
    "demander_avis": ((A.DEMANDER_AVIS,), actions.demander_avis),
    "avis": ((A.DONNER_AVIS,), actions.donner_avis),
    "proposer": ((A.PROPOSER,), actions.proposer),
    "decider": ((A.DECIDER_LAUREAT, A.DECIDER_NON_RETENU), actions.decider),
}


def roles_de(action: str) -> frozenset:
    """The roles that may post the URL action ``action``: those of its cycle actions."""
    return frozenset().union(*(cycle.REGLES[a].roles for a in ACTIONS[action][0]))


@lecteurs_etat
@require_POST
def action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    if request.user.role not in roles_de(action):
        raise PermissionDenied("Cette action est réservée à un autre profil.")
    traiter = ACTIONS[action][1]
    with transaction.atomic():
        return traiter(request, dossier_etat(request, pk, verrou=True))


@reservee("instruction:classement")
def classement(request):
    """The Classement, 50 dossiers a page; ranks, running total and totals over the whole selection."""
    appel = appel_de_travail(request)
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
