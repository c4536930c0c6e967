"""The instruction actions after recevabilité: scoring, avis requested and given, proposal, décision.
Each takes the request and the dossier locked by ``instruction.views.dossier.action``."""

from django.contrib import messages
from django.shortcuts import redirect

from candidatures import complements as complements_service
from candidatures import cycle
from candidatures.models import Etat
from candidatures.notifications import prevenir_porteur
from core.format import nombre_decimal
from instruction import avis as avis_service
from instruction import notation
from instruction.forms import ComplementsForm, DecisionForm, Proposition, PropositionForm
from instruction.pages import refuser, verifier, vers_onglet, version_perimee


def noter(request, dossier):
    form = notation.EvaluationForm(request.POST, criteres=dossier.appel.criteres.all())
    if refus := cycle.refus(dossier, cycle.Action.NOTER, request.user):
        return refuser(request, dossier, refus)
    if not form.is_valid():
        return refuser(request, dossier, "", 422, evaluation_form=form)
    evaluation, refus = notation.enregistrer(dossier, request.user, form)
    if refus:
        return refuser(request, dossier, refus, 409, evaluation_form=form)
    note = nombre_decimal(evaluation.note_sur_20)
    messages.success(request, f"Votre évaluation est enregistrée : {note} / 20.")
    return vers_onglet(dossier, "evaluation")


def demander_avis(request, dossier):
    form = avis_service.DemandeAvisForm(request.POST, dossier=dossier)
    refus = cycle.refus(dossier, cycle.Action.DEMANDER_AVIS, request.user) or version_perimee(
        request, dossier
    )
    if refus or not form.is_valid():
        return refuser(request, dossier, refus, 409 if refus else 422, demande_avis_form=form)
    nouvelles = avis_service.demander(
        dossier,
        request.user,
        form.cleaned_data["services"],
        form.cleaned_data["date_limite"],
        form.cleaned_data["message"],
    )
    if nouvelles:
        noms = ", ".join(d.service.nom for d in nouvelles)
        messages.success(request, f"Avis demandé à : {noms}. Les agents sont prévenus par courriel.")
    else:
        messages.info(request, "Ces services ont déjà été consultés sur ce dossier.")
    return vers_onglet(dossier, "avis")


def donner_avis(request, dossier):
    form = avis_service.AvisForm(request.POST)
    if refus := cycle.refus(dossier, cycle.Action.DONNER_AVIS, request.user):
        return refuser(request, dossier, refus)
    if not form.is_valid():
        return refuser(request, dossier, "", 422, avis_form=form)
    actuel = dossier.avis.filter(service_id=request.user.service_territorial_id).first()
    if form.cleaned_data["version"] != (actuel.version if actuel else 0):
        par = actuel.auteur.get_full_name() if actuel else "un collègue"
        refus = f"{par} a donné l’avis de votre service depuis l’ouverture de la page : rechargez-la."
        return refuser(request, dossier, refus, 409, avis_form=form)
    avis = avis_service.donner(
        dossier, request.user, form.cleaned_data["sens"], form.cleaned_data["motivation"]
    )
    messages.success(request, f"L’avis « {avis.get_sens_display()} » de {avis.service.nom} est enregistré.")
    return vers_onglet(dossier, "avis")


def proposer(request, dossier):
    form = PropositionForm(request.POST)
    if refus := verifier(request, dossier, cycle.Action.PROPOSER, form, "proposition_form"):
        return refus
    proposition = form.cleaned_data["proposition"]
    cycle.effectuer(
        dossier, cycle.Action.PROPOSER, request.user, form.cleaned_data["motif"], {"proposition": proposition}
    )
    messages.success(request, f"Dossier proposé « {Proposition(proposition).label} » au comité de sélection.")
    return redirect("instruction:dossier", dossier.pk)


def decider(request, dossier):
    form = DecisionForm(request.POST)
    if refus := verifier(request, dossier, cycle.Action.DECIDER_LAUREAT, form, "decision_form"):
        return refus
    laureat = form.cleaned_data["decision"] == Proposition.LAUREAT
    choix = cycle.Action.DECIDER_LAUREAT if laureat else cycle.Action.DECIDER_NON_RETENU
    transition = cycle.effectuer(dossier, choix, request.user, form.cleaned_data["motif"])
    prevenir_porteur(
        dossier,
        f"Dossier {dossier.numero} : décision — {Etat(dossier.etat).label.lower()}",
        "instruction/courriels/decision.txt",
        {"transition": transition},
    )
    messages.success(
        request, f"Décision enregistrée : {Etat(dossier.etat).label.lower()}. Le porteur est prévenu."
    )
    return redirect("instruction:dossier", dossier.pk)


def complements(request, dossier):
    form = ComplementsForm(request.POST)
    if refus := verifier(request, dossier, cycle.Action.DEMANDER_COMPLEMENTS, form, "complements_form"):
        return refus
    date = form.cleaned_data["date_limite"]
    complements_service.demander(
        dossier, request.user, form.cleaned_data["sections"], date, form.cleaned_data["message"]
    )
    messages.success(
        request, f"Compléments demandés jusqu’au {date:%d/%m/%Y} : le porteur est prévenu par courriel."
    )
    return redirect("instruction:dossier", dossier.pk)
