"""What every instruction page and action shares: the dossier the user may read (locked for an action),
the version check, the page's context (dossier, checklist, history, evaluations, avis, the forms the
user may fill now), the mail to the porteur."""

import datetime

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from budget.totaux import totaux
from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.models import Dossier, Etat
from candidatures.pages import complements_contexte
from candidatures.resume import resume
from comptes.models import Role
from instruction import avis as avis_service
from instruction import notation, presence, visibilite_notes
from instruction.forms import ComplementsForm, DecisionForm, PropositionForm, RecevabiliteForm


def dossier_etat(request, pk: int, verrou: bool = False) -> Dossier:
    """The dossier through ``Dossier.objects.for_user``: a draft, or a dossier of another territory for
    an agent, is a 404 — the same answer as a dossier that does not exist."""
    dossiers = Dossier.objects.for_user(request.user).select_related(
        "appel", "organisation", "depose_par", "modifie_par"
    )
    if verrou:
        dossiers = dossiers.select_for_update(of=("self",))
    return get_object_or_404(dossiers, pk=pk)


def version_perimee(request, dossier) -> str:
    """Refusal when the dossier's state changed since the page was loaded (another instructeur acted)."""
    try:
        version = int(request.POST.get("version_instruction", ""))
    except ValueError:
        version = -1
    if version == dossier.version_instruction:
        return ""
    derniere = (
        dossier.transitions.exclude(depuis=F("vers")).select_related("par").order_by("-le", "-id").first()
    )
    if derniere is None:
        return "Ce dossier a changé depuis l’ouverture de la page : rechargez-la."
    par = derniere.par.get_full_name() if derniere.par else "quelqu’un"
    return (
        f"Ce dossier a changé depuis l’ouverture de la page : {par} — « {derniere.libelle} » le "
        f"{timezone.localtime(derniere.le):%d/%m/%Y à %H:%M}. Rien n’a été enregistré ; "
        "rechargez la page pour voir son état actuel."
    )


def _formulaires(request, dossier, etat, formulaires: dict) -> dict:
    """The forms ``request.user`` may fill on this dossier now, bound ones (with errors) given."""
    user, version = request.user, {"version_instruction": dossier.version_instruction}
    est_instructeur = user.role == Role.INSTRUCTEUR
    vides = {}
    if est_instructeur and dossier.etat == Etat.EN_INSTRUCTION:
        vides["recevabilite_form"] = lambda: RecevabiliteForm(initial=version, recevabilite=etat.recevabilite)
        vides["complements_form"] = lambda: ComplementsForm(
            initial={**version, "date_limite": timezone.localdate() + datetime.timedelta(days=15)}
        )
    if notation.peut_noter(dossier, user):
        la_mienne = dossier.evaluations.filter(instructeur=user).prefetch_related("notes").first()
        vides["evaluation_form"] = lambda: notation.EvaluationForm(
            initial=notation.initial(la_mienne), criteres=dossier.appel.criteres.all()
        )
    if est_instructeur and dossier.etat in avis_service.ETATS_AVIS:
        vides["demande_avis_form"] = lambda: avis_service.DemandeAvisForm(dossier=dossier)
    if user.role == Role.AGENT and dossier.etat in avis_service.ETATS_AVIS:
        le_mien = dossier.avis.filter(service_id=user.service_territorial_id).first()
        initial = {"sens": le_mien.sens, "motivation": le_mien.motivation} if le_mien else {}
        vides["avis_form"] = lambda: avis_service.AvisForm(
            initial={**initial, "version": le_mien.version if le_mien else 0}
        )
    if est_instructeur and dossier.etat == Etat.RECEVABLE:
        vides["proposition_form"] = lambda: PropositionForm(initial=version)
    if est_instructeur and dossier.etat == Etat.PROPOSE:
        derniere = dossier.transitions.filter(action=cycle.Action.PROPOSER).order_by("-le", "-id").first()
        proposition = derniere.donnees.get("proposition", "") if derniere else ""
        vides["decision_form"] = lambda: DecisionForm(initial={**version, "decision": proposition})
    noms = ("recevabilite_form", "evaluation_form", "demande_avis_form", "avis_form", "proposition_form")
    resultat = dict.fromkeys((*noms, "decision_form"))
    for nom, fabrique in vides.items():
        resultat[nom] = formulaires.get(nom) or fabrique()
    return resultat


def _complements_transmis(dossier):
    """The last transmission of compléments, with what the porteur changed, while in instruction."""
    if dossier.etat != Etat.EN_INSTRUCTION:
        return None
    return (
        dossier.transitions.filter(action=cycle.Action.TRANSMETTRE_COMPLEMENTS)
        .select_related("par")
        .order_by("-le", "-id")
        .first()
    )


def verifier(request, dossier, action: str, form, nom: str):
    """The refusal page when ``action`` is not allowed now (state, role, a page loaded before another
    instructeur acted: 409) or ``form`` is invalid (422), the form shown as ``nom`` with what was typed;
    ``None`` when the action may go on."""
    refus = version_perimee(request, dossier) or cycle.refus(dossier, action, request.user)
    if refus or not form.is_valid():
        return refuser(request, dossier, refus, 409 if refus else 422, **{nom: form})
    return None


def refuser(request, dossier, raison: str, statut: int = 409, **formulaires):
    """The page again, with the reason of the refusal and what was typed."""
    page = contexte(request, dossier, erreur_action=raison, **formulaires)
    return render(request, "instruction/dossier.html", page, status=statut)


def contexte(request, dossier, erreur_action: str = "", **formulaires) -> dict:
    user = request.user
    etat = bilan(dossier)
    visibles = cycle.VISIBLES_AGENT if user.role == Role.AGENT else set(cycle.Action)
    demandes = list(dossier.demandes_avis.select_related("service", "avis", "demandee_par"))
    resultat = {
        "dossier": dossier,
        "recevabilite": etat.recevabilite,
        "donnees": etat.donnees,
        "totaux": totaux(etat.donnees.budget),
        "resume": resume(etat.donnees),
        "lignes_depenses": list(dossier.depenses.all()),
        "lignes_financements": list(dossier.financements.all()),
        "transitions": list(dossier.transitions.filter(action__in=visibles).select_related("par")),
        "departements": list(dossier.departements.select_related("region")),
        "actions": cycle.actions_possibles(dossier, user),
        "autres_lecteurs": presence.signaler(dossier.pk, user),
        "est_instructeur": user.role == Role.INSTRUCTEUR,
        "est_agent": user.role == Role.AGENT,
        # No scores section for whom never sees any (an agent: ``visibilite_notes``).
        "synthese": notation.synthese(dossier, user) if visibilite_notes.voit_des_notes(user) else None,
        "demandes_avis": demandes,
        "avis_demandes": {d.avis_id for d in demandes if d.avis_id},
        "avis_donnes": list(dossier.avis.select_related("service", "auteur")),
        "aujourd_hui": timezone.localdate(),
        "complements_transmis": _complements_transmis(dossier),
        "erreur_action": erreur_action,
        "oob": False,
    }
    resultat.update(complements_contexte(dossier))
    resultat.update(_formulaires(request, dossier, etat, formulaires))
    return resultat
