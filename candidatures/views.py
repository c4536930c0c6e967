"""The candidat's pages of a dossier — each section of annexe 7, the summary, the dépôt, the récépissé —
and what the porteur does besides filling it: withdraw or reopen a deposited dossier, rename or delete a
draft (``candidatures.depot``; who may and when: ``cycle.refus``, ``Politique.peut_gerer_brouillon``).
« Mes dossiers » and the creation of a dossier: ``views_mes_dossiers``.

Every view finds the dossier through ``Dossier.objects.for_user``: another porteur's dossier is a 404.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from candidatures import affiche, complements, cycle
from candidatures import depot as depot_service
from candidatures.differences import encoder_bases
from candidatures.erreurs_saisie import a_corriger, saisie_enregistree
from candidatures.forms_porteur import RenommerForm, ReouvertureForm, RetraitForm, SuppressionForm
from candidatures.fusion import base_de_la_page, empreintes_saisie, enregistrer, page_a_jour
from candidatures.models import Dossier, Etat
from candidatures.pages import contexte_dossier, dossier_pour
from candidatures.politique import politique
from candidatures.resume import decision_visible, resume
from candidatures.sections import DEFINITIONS, DEPENSES, completer, lignes_envoyees, saisie
from comptes.permissions import reservee

candidat = reservee("candidatures:mes_dossiers")  # every page of the porteur


CHAMPS_SANS_CONTENEUR = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def _champs_erreurs(courante):
    """The bound fields whose error container autosave refreshes (text, numbers, selects), in the forms
    that changed: an unchanged row keeps the container the previous save filled."""
    return [
        form[nom]
        for form in courante.modifies()
        for nom, field in form.fields.items()
        if not isinstance(field.widget, CHAMPS_SANS_CONTENEUR)
    ]


def _montants_calcules(courante, champ_actif):
    """The amounts the server computed (nombre × coût unitaire), except in the field being typed in."""
    champs = []
    for ligne, form in courante.lignes.get(DEPENSES.cle, []):
        if not ligne.montant_calcule or not form.has_changed():
            continue
        montant = DEPENSES.formulaire_pour(ligne)["montant"]
        if montant.html_name != champ_actif:
            champs.append(montant)
    return champs


def _recapitulatif(contexte):
    """The whole dossier, for the summary before dépôt: label/value pairs and the budget's lines."""
    dossier = contexte["dossier"]
    blocs, corriger = resume(contexte["donnees"]), a_corriger(dossier)
    for bloc in blocs:  # what a draft kept with an error, flagged in its part (partials/resume.html)
        bloc["a_corriger"] = corriger.get(bloc["section"], [])
    contexte.update(
        resume=blocs,
        lignes_depenses=list(dossier.depenses.all()),
        lignes_financements=list(dossier.financements.all()),
    )
    return contexte


@candidat
def section(request, pk: int, section: str):
    definition = DEFINITIONS.get(section)
    if definition is None:
        raise Http404("Section inconnue.")
    if request.method == "POST":
        return _enregistrer_section(request, pk, definition)
    dossier = dossier_pour(request, pk)
    courante = saisie_enregistree(definition, dossier)  # the errors kept until corrected, validated again
    contexte = contexte_dossier(
        request,
        dossier,
        section,
        saisie=courante,
        erreurs=courante.erreurs(),
        base_saisie=encoder_bases(empreintes_saisie(courante)),  # per field, what this page loaded
        **_contexte_section(definition, courante),
    )
    return render(request, definition.gabarit, contexte)


def _contexte_section(definition, courante):
    """The rows grouped as the section's template lists them (``GroupeLignes.regroupement``)."""
    return {
        groupe.regroupement: groupe.regroupees(courante.lignes[groupe.cle])
        for groupe in definition.groupes
        if groupe.regroupement
    }


def _enregistrer_section(request, pk, definition):
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    autosave = request.POST.get("_autosave") == "1"
    forcer = request.POST.get("_forcer") == "1"
    with transaction.atomic():
        dossier = dossier_pour(request, pk, modification=True, verrou=True, section=definition.section)
        dossier, courante, conflit = enregistrer(
            definition, dossier, request.user, request.POST, version, forcer
        )
    contexte = contexte_dossier(
        request,
        dossier,
        definition.section,
        saisie=courante,
        conflit=conflit,
        **_contexte_section(definition, courante),
    )
    contexte["erreurs"] = courante.erreurs() if conflit is None else []
    # After a conflict the page keeps its version and its base: the next save meets the same conflict.
    contexte["base_saisie"] = base_de_la_page(courante, autosave and request.htmx)
    if conflit is not None:
        contexte["version_section"] = version
    # « Enregistrer » with htmx, saved, no row moved: answered as an autosave, only what changed (issue 18:
    # the whole section written again cost 50 page renders at 80 lines); the form stays as typed.
    seulement_les_changements = (
        request.htmx
        and conflit is None
        and not contexte["erreurs"]
        and not courante.lignes_deplacees()
        and page_a_jour(courante, request.POST)
    )
    if (autosave and request.htmx) or seulement_les_changements:
        contexte["enregistre"] = conflit is None
        contexte["champs_erreurs"] = _champs_erreurs(courante) if conflit is None else []
        contexte["montants_calcules"] = _montants_calcules(courante, request.POST.get("_champ", ""))
        # Only what changed around the form since the page's last answer (candidatures.affiche).
        contexte["rafraichir"] = affiche.a_rafraichir(contexte, request.POST.get(affiche.CHAMP))
        reponse = render(request, "candidatures/partials/enregistrement.html", contexte)
        if not autosave:  # the form's own swap (the whole section) is not made: out-of-band only
            reponse["HX-Reswap"] = "none"
        return reponse
    if conflit is None and not contexte["erreurs"] and not request.htmx:
        messages.success(request, "Section enregistrée.")
        return redirect("candidatures:section", dossier.pk, definition.section)
    contexte["enregistre"] = conflit is None
    if conflit is None and not contexte["erreurs"]:
        # Saved as typed: show what is stored now (amounts computed by the server, normalised numbers).
        courante = saisie(definition, dossier)
        contexte.update(saisie=courante, **_contexte_section(definition, courante))
        if contexte["base_saisie"] is not None:
            contexte["base_saisie"] = encoder_bases(empreintes_saisie(courante))
    elif lignes_envoyees(request.POST) is not None:
        # « Enregistrer » sent the rows typed in only: the others shown as stored, with the stored base.
        stockee = saisie(definition, dossier)
        if courante.bases is not None:
            contexte["base_saisie"] = encoder_bases({**empreintes_saisie(stockee), **courante.bases})
        courante = completer(courante, stockee)
        contexte.update(saisie=courante, **_contexte_section(definition, courante))
    # htmx swaps only 2xx answers: the conflict is shown in the page (200); without htmx it is a 409.
    statut = 200 if conflit is None or request.htmx else 409
    return render(request, definition.gabarit, contexte, status=statut)


@candidat
def apercu(request, pk: int):
    """The whole dossier on one page, with the checklist: what will be deposited."""
    dossier = dossier_pour(request, pk)
    contexte = _recapitulatif(contexte_dossier(request, dossier, "apercu"))
    contexte.update(_porteur(request, dossier))
    return render(request, "candidatures/apercu.html", contexte)


def _porteur(request, dossier) -> dict:
    """What the overview and the récépissé show of the dossier's fate, as the porteur reads it: the last
    decision with its motivation (``resume.decision_visible``), and what he may do now (withdraw,
    reopen; rename or delete a draft)."""
    p = politique(request.user)
    return {
        "decision": decision_visible(dossier, p.evenements_visibles),
        "peut_retirer": not cycle.refus(dossier, cycle.Action.RETIRER, request.user),
        "peut_rouvrir": not cycle.refus(dossier, cycle.Action.ROUVRIR, request.user),
        "peut_gerer_brouillon": p.peut_gerer_brouillon(dossier),
        "reouverture_form": ReouvertureForm(),
    }


@candidat
def depot(request, pk: int):
    dossier = dossier_pour(request, pk)
    if dossier.etat != Etat.BROUILLON:
        return redirect("candidatures:recepisse", dossier.pk)
    erreur, points = "", []
    if request.method == "POST":
        if request.POST.get("confirmation") != "oui":
            erreur = "Cochez la case de confirmation pour déposer le dossier."
        else:
            resultat = depot_service.deposer(dossier.pk, request.user)
            if resultat.depose:
                messages.success(
                    request, f"Votre dossier est déposé sous le numéro {resultat.dossier.numero}."
                )
                return redirect("candidatures:recepisse", dossier.pk)
            erreur, points = resultat.motif, resultat.bloquantes
    contexte = _recapitulatif(
        contexte_dossier(
            request,
            dossier,
            "depot",
            erreur=erreur,
            points_bloquants=points,
            periode=dossier.appel.periode(),
        )
    )
    return render(request, "candidatures/depot.html", contexte, status=422 if erreur else 200)


@candidat
def recepisse(request, pk: int):
    dossier = dossier_pour(request, pk)
    if dossier.etat == Etat.BROUILLON:
        return redirect("candidatures:depot", dossier.pk)
    visibles = politique(request.user).evenements_visibles
    suivi = dossier.transitions.filter(action__in=visibles).select_related("par")
    contexte = {
        "dossier": dossier,
        "depose_par": dossier.depose_par,
        "suivi": list(suivi),
        **_porteur(request, dossier),
    }
    return render(request, "candidatures/recepisse.html", contexte)


@candidat
def retirer(request, pk: int):
    """« Retirer ma candidature »: the confirmation page (its motif), then the withdrawal."""
    dossier = dossier_pour(request, pk)
    if refus := cycle.refus(dossier, cycle.Action.RETIRER, request.user):
        messages.error(request, refus)
        return redirect("candidatures:recepisse", dossier.pk)
    form = RetraitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resultat = depot_service.retirer(dossier.pk, request.user, form.cleaned_data["motif"])
        if resultat.fait:
            messages.success(
                request,
                f"La candidature {dossier.numero} est retirée : chaque membre de votre organisation en est "
                "informé par courriel.",
            )
        else:
            messages.error(request, resultat.motif)
        return redirect("candidatures:recepisse", dossier.pk)
    statut = 422 if request.method == "POST" else 200
    return render(request, "candidatures/retirer.html", {"dossier": dossier, "form": form}, status=statut)


@candidat
@require_POST
def rouvrir(request, pk: int):
    """Reopen a deposited dossier for correction: a draft again, to deposit again under its number."""
    dossier = dossier_pour(request, pk)
    form = ReouvertureForm(request.POST)
    motif = form.cleaned_data["motif"] if form.is_valid() else ""
    resultat = depot_service.rouvrir(dossier.pk, request.user, motif)
    if not resultat.fait:
        messages.error(request, resultat.motif)
        return redirect("candidatures:recepisse", dossier.pk)
    limite = dossier.appel.date_limite
    messages.success(
        request,
        f"Le dossier {dossier.numero} est rouvert : il n’est plus déposé. Corrigez-le, puis déposez-le à "
        f"nouveau avant le {limite:%d/%m/%Y à %H:%M:%S} (heure de Paris) ; il gardera son numéro.",
    )
    return redirect("candidatures:apercu", dossier.pk)


def _brouillon(request, pk: int):
    """The draft the user may rename or delete, or the redirection that says why not."""
    dossier = dossier_pour(request, pk)
    if politique(request.user).peut_gerer_brouillon(dossier):
        return dossier, None
    messages.error(request, "Seul un brouillon peut être renommé ou supprimé.")
    return dossier, redirect("candidatures:mes_dossiers")


@candidat
def renommer(request, pk: int):
    dossier, refus = _brouillon(request, pk)
    if refus:
        return refus
    form = RenommerForm(request.POST or None, instance=Dossier(intitule=dossier.intitule))
    if request.method == "POST" and form.is_valid():
        resultat = depot_service.renommer(dossier.pk, request.user, form.cleaned_data["intitule"])
        if resultat.fait:
            messages.success(request, f"Le dossier s’intitule désormais « {resultat.dossier.intitule} ».")
            return redirect("candidatures:apercu", dossier.pk)
        form.add_error("intitule", resultat.motif)
    statut = 422 if request.method == "POST" else 200
    return render(request, "candidatures/renommer.html", {"dossier": dossier, "form": form}, status=statut)


@candidat
def supprimer(request, pk: int):
    dossier, refus = _brouillon(request, pk)
    if refus:
        return refus
    form = SuppressionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resultat = depot_service.supprimer(dossier.pk, request.user)
        if resultat.fait:
            messages.success(request, f"Le brouillon « {dossier.intitule} » est supprimé.")
            return redirect("candidatures:mes_dossiers")
        messages.error(request, resultat.motif)
        return redirect("candidatures:apercu", dossier.pk)
    statut = 422 if request.method == "POST" else 200
    return render(request, "candidatures/supprimer.html", {"dossier": dossier, "form": form}, status=statut)


@candidat
@require_POST
def transmettre_complements(request, pk: int):
    dossier = dossier_pour(request, pk)
    resultat = complements.transmettre(dossier.pk, request.user)
    if resultat.transmis:
        messages.success(
            request, "Vos compléments sont transmis : le dossier revient à l’équipe d’instruction."
        )
        return redirect("candidatures:recepisse", dossier.pk)
    messages.error(request, " ".join([resultat.motif, *resultat.points]))
    return redirect("candidatures:apercu", dossier.pk)
