"""What every instruction page and action shares: the dossier the user may read (locked for an action),
the version check, the page's context (``contexte_instruction``: dossier, checklist, history,
evaluations, avis, the forms the user may fill now, ``FORMULAIRES``), the refusal page."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from budget.totaux import totaux
from candidatures import cycle
from candidatures.complements import derniere_transmission
from candidatures.models import Dossier, Etat
from candidatures.pages import complements_contexte
from candidatures.politique import politique
from candidatures.recevabilite import charger, evaluer
from candidatures.resume import resume
from instruction import avis as avis_service
from instruction import notation, notes_privees, presence, suivi
from instruction.constats import avec_constats_motives
from instruction.forms import ComplementsForm, DecisionForm, PropositionForm, RecevabiliteForm
from instruction.pages_equipe import contexte_equipe


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


# The tab of the dossier page that holds each form; the others (proposition, décision) are in the
# « Instruction » block above the tabs.
ONGLET_DES_FORMULAIRES = {
    "recevabilite_form": "recevabilite",
    "complements_form": "recevabilite",
    "evaluation_form": "evaluation",
    "demande_avis_form": "avis",
    "avis_form": "avis",
    "note_form": "notes",  # the private notes (instruction.notes_privees)
}
ONGLETS = ("dossier", "recevabilite", "evaluation", "avis", "historique", "notes")
# Every tab of the page, « Échanges » (the messagerie's: ``?onglet=echanges`` opens it, ``views.fiche``).
TOUS_LES_ONGLETS = (*ONGLETS, "echanges")
OUVERT = "ouvert"  # ``contexte_instruction(onglets=OUVERT)``: the open tab's content only


def _ancre(champ) -> str:
    """The id a link of the error summary goes to: the first option of a group of radios or checkboxes
    (the group has no id of its own), else the field's."""
    if isinstance(champ.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return f"{champ.auto_id}_0"
    return champ.id_for_label or champ.auto_id


def _dans_l_ordre_de_la_page(form):
    """The bound fields of ``form`` in the order the page shows them: the recevabilité's constats (one
    per rule, in the checklist's table) come before its decision and motivation."""
    if isinstance(form, RecevabiliteForm):
        return [champ for ligne in form.lignes() for champ in ligne[1:]] + [
            form[nom] for nom in ("decision", "motif", "version_instruction")
        ]
    return list(form)


def resume_erreurs(*formulaires) -> list[dict]:
    """Every error of the bound ``formulaires``, in the order of their fields, for the summary at the top
    of the page (``templates/partials/resume_erreurs.html``): ``ancre`` (the field's id, empty for an
    error of the whole form or of a hidden field), ``libelle`` (the field's label), ``message``."""
    erreurs = []
    for form in formulaires:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            erreurs.append({"ancre": "", "libelle": "", "message": message})
        for champ in _dans_l_ordre_de_la_page(form):
            for message in champ.errors:
                if champ.is_hidden:
                    erreurs.append({"ancre": "", "libelle": "", "message": message})
                else:
                    erreurs.append({"ancre": _ancre(champ), "libelle": champ.label, "message": message})
    return erreurs


def onglet_choisi(request, formulaires: dict) -> str:
    """The tab shown when the page opens: the one of the form sent back (with its errors or its refusal),
    else the one ``?onglet=`` names, else the dossier."""
    for nom in formulaires:
        if nom in ONGLET_DES_FORMULAIRES:
            return ONGLET_DES_FORMULAIRES[nom]
    demande = request.GET.get("onglet", "")
    return demande if demande in ONGLETS else "dossier"


def vers_onglet(dossier, onglet: str):
    """After an action, the dossier page open on the tab where it was done (its result in sight)."""
    return redirect(f"{reverse('instruction:dossier', args=[dossier.pk])}?onglet={onglet}")


def _formulaires(request, dossier, etat, formulaires: dict, onglets, bloc: bool = True) -> dict:
    """The forms ``request.user`` may fill on this dossier now (``None`` for the others), the bound ones
    (with errors) given; a form of a tab not in the page (``onglets``), or of the « Instruction » block
    when it is not (``bloc``), is not built, only named in ``permis`` (the forms he may fill: what the
    block says he may do)."""
    user, resultat, permis = request.user, {}, set()
    for formulaire in FORMULAIRES:
        if cycle.refus(dossier, formulaire.action, user):
            resultat[formulaire.nom] = None
            continue
        permis.add(formulaire.nom)
        onglet = ONGLET_DES_FORMULAIRES.get(formulaire.nom)
        montre = onglet in onglets if onglet else bloc
        resultat[formulaire.nom] = (
            (formulaires.get(formulaire.nom) or formulaire.fabrique(dossier, user, etat)) if montre else None
        )
    resultat["permis"] = permis
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
    ouverts = OUVERT if onglets_a_la_demande(request) else None
    page = contexte_instruction(request, dossier, erreur_action=raison, onglets=ouverts, **formulaires)
    return render(request, "instruction/dossier.html", page, status=statut)


# The cookie a browser that runs the page's scripts sends (set by ``instruction/onglets.js``): its
# dossier page holds the open tab only, the others are loaded on their first opening. Without it (no
# JavaScript, or the first page), every tab is in the page, as a reader without scripts needs it.
COOKIE_ONGLETS = "ami_onglets"


def onglets_a_la_demande(request) -> bool:
    """Whether the page may leave the closed tabs empty, to be loaded when opened (htmx)."""
    return request.COOKIES.get(COOKIE_ONGLETS) == "htmx"


class _Etat:
    """The dossier's data (``charger``: a fixed number of queries) and its recevabilité (``evaluer``),
    each read once and only when a part of the page shows it: the rules run for the recevabilité's tab
    and R02's banner, not for the dossier's tab alone. The dossier is deposited (``for_user`` shows
    no draft to the State): ``bilan``'s summary of a draft has nothing to refresh here."""

    def __init__(self, dossier):
        self.dossier = dossier

    @cached_property
    def donnees(self):
        return charger(self.dossier)

    @cached_property
    def recevabilite(self):
        return evaluer(donnees=self.donnees)


def _onglet_dossier(request, dossier, etat) -> dict:
    return {
        "donnees": etat.donnees,
        "totaux": totaux(etat.donnees.budget, etat.donnees.appel),
        "resume": resume(etat.donnees),
        "lignes_depenses": list(dossier.depenses.all()),
        "lignes_financements": list(dossier.financements.all()),
        "complements_transmis": _complements_transmis(dossier),
    }


def _onglet_recevabilite(request, dossier, etat) -> dict:
    return {"recevabilite": etat.recevabilite}


def _onglet_evaluation(request, dossier, etat) -> dict:
    return {"synthese": notation.synthese(dossier, request.user)}


def _onglet_avis(request, dossier, etat) -> dict:
    demandes = list(dossier.demandes_avis.select_related("service", "avis", "demandee_par"))
    return {
        "demandes_avis": demandes,
        "avis_demandes": {d.avis_id for d in demandes if d.avis_id},
        "avis_donnes": list(dossier.avis.select_related("service", "auteur")),
        "aujourd_hui": timezone.localdate(),
    }


def _onglet_historique(request, dossier, etat) -> dict:
    transitions = avec_constats_motives(
        # « Suivi par »'s changes too, for the national team (``instruction.suivi``).
        dossier.transitions.filter(action__in=suivi.actions_visibles(request.user))
    ).select_related("par")
    return {"transitions": list(transitions)}


# What each tab shows, read only when the tab is in the page; « échanges » is the messagerie's
# (``messagerie.templatetags``), « notes » ``contexte_equipe``'s.
CONTENUS = {
    "dossier": _onglet_dossier,
    "recevabilite": _onglet_recevabilite,
    "evaluation": _onglet_evaluation,
    "avis": _onglet_avis,
    "historique": _onglet_historique,
}


def a_l_onglet(request, dossier, nom: str) -> bool:
    """Whether ``request.user`` has the tab ``nom`` on this dossier (the page shows it to him)."""
    from messagerie.acces import lit_le_fil

    if nom == "evaluation":
        return politique(request.user).voit_notes_nationales  # no scores for an agent
    if nom == "notes":
        return notes_privees.lit_les_notes(request.user)
    if nom == "echanges":
        return lit_le_fil(request.user, dossier)
    return nom in TOUS_LES_ONGLETS


def contexte_instruction(request, dossier, erreur_action: str = "", onglets=None, **formulaires) -> dict:
    """The template context of ``instruction/dossier.html`` for ``request.user``: the dossier, its
    checklist, its history as his policy lets him see it, the evaluations, the avis, the buttons and
    the forms he may use now (bound ones given, with their errors). ``onglets``: the tabs whose content
    is read and shown (every tab by default; the open one only when ``onglets_a_la_demande``: pass
    ``OUVERT``; a tab's content alone: ``[nom]``): the others are loaded when opened (htmx)."""
    user = request.user
    etat = _Etat(dossier)
    regles = politique(user)
    resultat = {
        "dossier": dossier,
        # R02 declared: the banner of the page, with the justification and R02's judgement.
        "resultat_r02": etat.recevabilite.resultat("R02") if dossier.cas_exceptionnel else None,
        "departements": list(dossier.departements.select_related("region")),
        "actions": cycle.actions_possibles(dossier, user),
        "autres_lecteurs": presence.signaler(dossier.pk, user),
        "est_instructeur": regles.instruit,
        # No « Évaluation » tab for whom never sees any score (an agent).
        "onglet_evaluation": regles.voit_notes_nationales,
        "erreur_action": erreur_action,
        "erreurs": resume_erreurs(*formulaires.values()),
        "panneau_ouvert": onglet_choisi(request, formulaires),
        "url_fiche": reverse("instruction:dossier", args=[dossier.pk]),  # where a closed tab is loaded
        "oob": False,
    }
    if (
        not formulaires
        and request.GET.get("onglet") == "echanges"
        and a_l_onglet(request, dossier, "echanges")
    ):
        resultat["panneau_ouvert"] = "echanges"  # the messagerie's tab, asked for by its link
    # No « Évaluation » tab for an agent: the dossier instead.
    if resultat["panneau_ouvert"] == "evaluation" and not resultat["onglet_evaluation"]:
        resultat["panneau_ouvert"] = "dossier"
    resultat.update(complements_contexte(dossier))
    resultat.update(contexte_equipe(user, dossier, formulaires))  # « Suivi par », the private notes
    if resultat["panneau_ouvert"] == "notes" and not resultat["lit_les_notes"]:
        resultat["panneau_ouvert"] = "dossier"
    if onglets is None:
        rendus = set(TOUS_LES_ONGLETS)
    else:
        rendus = {resultat["panneau_ouvert"]} if onglets == OUVERT else set(onglets)
    if not resultat["onglet_evaluation"]:
        rendus.discard("evaluation")
    resultat["onglets_rendus"] = rendus
    for nom, contenu in CONTENUS.items():
        if nom in rendus:
            resultat.update(contenu(request, dossier, etat))
    resultat.update(_formulaires(request, dossier, etat, formulaires, rendus))
    return resultat


def contexte_onglet(request, dossier, nom: str) -> dict:
    """The context of the tab ``nom``'s content alone (``partials/contenu_onglet.html``), as htmx loads
    it on the tab's first opening: what ``contexte_instruction`` reads for that tab, nothing else."""
    etat = _Etat(dossier)
    resultat = {"dossier": dossier, "panneau_ouvert": nom, "onglets_rendus": {nom}, "oob": False}
    if nom in CONTENUS:
        resultat.update(CONTENUS[nom](request, dossier, etat))
    if nom == "notes":
        resultat.update(contexte_equipe(request.user, dossier, {}))
    resultat.update(_formulaires(request, dossier, etat, {}, {nom}, bloc=False))
    return resultat
