"""The national team's own work on a dossier: « Suivi par » (``instruction.suivi``) and the private notes
(``instruction.notes_privees``). The dossier through ``Dossier.objects.for_user`` (a 404 otherwise), the
notes for the instructeurs nationaux only (a 403 for anyone else), a note changed by its author only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from comptes.permissions import reservee
from instruction import notes_privees, suivi
from instruction.pages import dossier_etat, refuser, resume_erreurs

lecteurs_etat = reservee("instruction:dossier")


def _vers_les_notes(dossier, note=None):
    ancre = f"#note-{note.pk}" if note else "#notes"
    return redirect(f"{reverse('instruction:dossier', args=[dossier.pk])}?onglet=notes{ancre}")


def _entier(valeur: str):
    return int(valeur) if valeur.isdigit() else None


@lecteurs_etat
@require_POST
def suivi_par(request, pk: int):
    """POST ``instructeur`` (an id; empty: nobody) or ``moi``, and ``actuel``: the id the page showed."""
    if not suivi.peut_attribuer(request.user):
        raise PermissionDenied("« Suivi par » est réservé aux instructeurs nationaux.")
    with transaction.atomic():
        dossier = dossier_etat(request, pk, verrou=True)
        instructeur = None
        if request.POST.get("moi"):
            instructeur = request.user
        elif choisi := request.POST.get("instructeur", "").strip():
            instructeur = suivi.instructeurs_choisissables().filter(pk=_entier(choisi) or 0).first()
            if instructeur is None:
                return refuser(
                    request, dossier, "Choisissez un instructeur national dont le compte est actif.", 422
                )
        try:
            suivi.attribuer(dossier, request.user, instructeur, _entier(request.POST.get("actuel", "")))
        except suivi.SuiviRefuse as refus:
            return refuser(request, dossier, str(refus), 409)
    if instructeur is None:
        messages.success(request, f"Plus personne ne suit le dossier {dossier.numero}.")
    elif instructeur.pk == request.user.pk:
        messages.success(request, f"Vous suivez le dossier {dossier.numero}.")
    else:
        messages.success(
            request,
            f"Le suivi du dossier {dossier.numero} est confié à {suivi.nom(instructeur)} : "
            "il en est prévenu.",
        )
    return redirect("instruction:dossier", dossier.pk)


@lecteurs_etat
@require_POST
def ajouter_note(request, pk: int):
    notes_privees.verifier_lecteur(request.user)
    dossier = dossier_etat(request, pk)
    form = notes_privees.NoteForm(request.POST)
    if not form.is_valid():
        return refuser(request, dossier, "", 422, note_form=form)
    note = notes_privees.ajouter(dossier, request.user, form.cleaned_data["texte"])
    messages.success(request, "Votre note privée est ajoutée.")
    return _vers_les_notes(dossier, note)


@lecteurs_etat
@require_http_methods(["GET", "POST"])
def modifier_note(request, pk: int, note: int):
    notes_privees.verifier_lecteur(request.user)
    dossier = dossier_etat(request, pk)
    la_note = notes_privees.note_de(dossier, request.user, note)
    form = notes_privees.NoteForm(request.POST or None, initial={"texte": la_note.texte})
    if request.method == "POST" and form.is_valid():
        notes_privees.modifier(la_note, request.user, form.cleaned_data["texte"])
        messages.success(request, "Votre note privée est modifiée.")
        return _vers_les_notes(dossier, la_note)
    statut = 422 if form.is_bound else 200
    contexte = {"dossier": dossier, "note": la_note, "form": form, "erreurs": resume_erreurs(form)}
    return render(request, "instruction/note_modifier.html", contexte, status=statut)


@lecteurs_etat
@require_http_methods(["GET", "POST"])
def supprimer_note(request, pk: int, note: int):
    notes_privees.verifier_lecteur(request.user)
    dossier = dossier_etat(request, pk)
    la_note = notes_privees.note_de(dossier, request.user, note)
    if request.method == "POST":
        notes_privees.supprimer(la_note, request.user)
        messages.success(request, "Votre note privée est supprimée.")
        return _vers_les_notes(dossier)
    return render(request, "instruction/note_supprimer.html", {"dossier": dossier, "note": la_note})
