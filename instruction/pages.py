"""What every instruction page and action shares: the dossier the user may read (locked for an action),
the version check, the page's context (``contexte_instruction``: dossier, checklist, history,
evaluations, avis, the forms the user may fill now, ``FORMULAIRES``), the refusal page."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from budget.totaux import totaux
from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.complements import derniere_transmission
from candidatures.models import Dossier, Etat
from candidatures.pages import complements_contexte
from candidatures.politique import politique
from candidatures.resume import resume
from instruction import avis as avis_service
from instruction import notation, presence
from instruction.constats import avec_constats_motives
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


def _version(dossier) -> dict:
    return {"version_instruction": dossier.version_instruction}


def _recevabilite(dossier, user, etat):
    return RecevabiliteForm(initial=_version(dossier), recevabilite=etat.recevabilite)


def _complements(dossier, user, etat):
    date_limite = timezone.localdate() + datetime.timedelta(days=15)
    return ComplementsForm(initial={**_version(dossier), "date_limite": date_limite})


def _evaluation(dossier, user, etat):
    la_mienne = dossier.evaluations.filter(instructeur=user).prefetch_related("notes").first()
    return notation.EvaluationForm(initial=notation.initial(la_mienne), criteres=dossier.appel.criteres.all())


def _demande_avis(dossier, user, etat):
    return avis_service.DemandeAvisForm(dossier=dossier)


def _avis(dossier, user, etat):
    le_mien = dossier.avis.filter(service_id=user.service_territorial_id).first()
    initial = {"sens": le_mien.sens, "motivation": le_mien.motivation} if le_mien else {}
    return avis_service.AvisForm(initial={**initial, "version": le_mien.version if le_mien else 0})


def _proposition(dossier, user, etat):
    return PropositionForm(initial=_version(dossier))


def _decision(dossier, user, etat):
    derniere = dossier.transitions.filter(action=cycle.Action.PROPOSER).order_by("-le", "-id").first()
    proposition = derniere.donnees.get("proposition", "") if derniere else ""
    return DecisionForm(initial={**_version(dossier), "decision": proposition})


@dataclass(frozen=True)
class Formulaire:
    """A form of the dossier page: the context key ``nom``, the cycle action it serves, how to build it
    empty (``fabrique(dossier, user, bilan)``). Shown when ``cycle.refus`` is empty for ``action``."""

    nom: str
    action: cycle.Action
    fabrique: Callable


FORMULAIRES = (
    # Recevable and irrecevable are allowed from the same states: one form for both.
    Formulaire("recevabilite_form", cycle.Action.DECLARER_RECEVABLE, _recevabilite),
    Formulaire("complements_form", cycle.Action.DEMANDER_COMPLEMENTS, _complements),
    Formulaire("evaluation_form", cycle.Action.NOTER, _evaluation),
    Formulaire("demande_avis_form", cycle.Action.DEMANDER_AVIS, _demande_avis),
    Formulaire("avis_form", cycle.Action.DONNER_AVIS, _avis),
    Formulaire("proposition_form", cycle.Action.PROPOSER, _proposition),
    # Lauréat and non retenu likewise.
    Formulaire("decision_form", cycle.Action.DECIDER_LAUREAT, _decision),
)


def _formulaires(request, dossier, etat, formulaires: dict) -> dict:
    """The forms ``request.user`` may fill on this dossier now (``None`` for the others), the bound ones
    (with errors) given."""
    user, resultat = request.user, {}
    for formulaire in FORMULAIRES:
        permis = not cycle.refus(dossier, formulaire.action, user)
        resultat[formulaire.nom] = (
            (formulaires.get(formulaire.nom) or formulaire.fabrique(dossier, user, etat)) if permis else None
        )
    return resultat


def _complements_transmis(dossier):
    """The last transmission of compléments, with what the porteur changed, while in instruction."""
    if dossier.etat != Etat.EN_INSTRUCTION:
        return None
    return derniere_transmission(dossier)


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
    page = contexte_instruction(request, dossier, erreur_action=raison, **formulaires)
    return render(request, "instruction/dossier.html", page, status=statut)


def contexte_instruction(request, dossier, erreur_action: str = "", **formulaires) -> dict:
    """The template context of ``instruction/dossier.html`` for ``request.user``: the dossier, its
    checklist, its history as his policy lets him see it, the evaluations, the avis, the buttons and
    the forms he may use now (bound ones given, with their errors)."""
    user = request.user
    etat = bilan(dossier)
    regles = politique(user)
    demandes = list(dossier.demandes_avis.select_related("service", "avis", "demandee_par"))
    resultat = {
        "dossier": dossier,
        "recevabilite": etat.recevabilite,
        # R02 declared: the banner of the page, with the justification and R02's judgement.
        "resultat_r02": etat.recevabilite.resultat("R02") if dossier.cas_exceptionnel else None,
        "donnees": etat.donnees,
        "totaux": totaux(etat.donnees.budget, etat.donnees.appel),
        "resume": resume(etat.donnees),
        "lignes_depenses": list(dossier.depenses.all()),
        "lignes_financements": list(dossier.financements.all()),
        "transitions": list(
            avec_constats_motives(
                dossier.transitions.filter(action__in=regles.evenements_visibles)
            ).select_related("par")
        ),
        "departements": list(dossier.departements.select_related("region")),
        "actions": cycle.actions_possibles(dossier, user),
        "autres_lecteurs": presence.signaler(dossier.pk, user),
        "est_instructeur": regles.instruit,
        # No scores section for whom never sees any (an agent).
        "synthese": notation.synthese(dossier, user) if regles.voit_notes_nationales else None,
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
