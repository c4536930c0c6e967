"""Pièces jointes: the section page, upload, download (only through the dossier's rights), removal."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from candidatures.models import Dossier, Section
from candidatures.pages import contexte_dossier, dossier_pour
from candidatures.sections import marquer_modifie
from comptes.models import Role
from comptes.permissions import role_required
from pieces.forms import PieceForm
from pieces.models import NaturePiece, Piece

candidat = role_required(Role.CANDIDAT)


def _contexte(request, dossier, formulaires=None):
    pieces = {piece.nature: piece for piece in dossier.pieces.all()}
    requise_cd = not dossier.organisation.est_conseil_departemental
    natures = []
    for valeur, libelle in NaturePiece.choices:
        if valeur == NaturePiece.LETTRE_CD and not requise_cd:
            continue
        form = (formulaires or {}).get(valeur) or PieceForm(prefix=valeur)
        natures.append({"valeur": valeur, "libelle": libelle, "piece": pieces.get(valeur), "form": form})
    return contexte_dossier(request, dossier, Section.PIECES, natures=natures)


@candidat
def section_pieces(request, pk):
    dossier = dossier_pour(request, pk)
    return render(request, "pieces/section.html", _contexte(request, dossier))


@candidat
@require_POST
def ajouter(request, pk, nature):
    if nature not in NaturePiece.values:
        raise Http404("Nature de pièce inconnue.")
    dossier = dossier_pour(request, pk, modification=True, section=Section.PIECES)
    form = PieceForm(request.POST, request.FILES, prefix=nature)
    if not form.is_valid():
        return render(request, "pieces/section.html", _contexte(request, dossier, {nature: form}), status=422)
    fichier = form.cleaned_data["fichier"]
    with transaction.atomic():
        verrouille = Dossier.objects.verrouiller(dossier.pk)
        ancienne = Piece.objects.filter(dossier=dossier, nature=nature).first()
        if ancienne:
            ancienne.fichier.delete(save=False)
            ancienne.delete()
        Piece.objects.create(
            dossier=dossier,
            nature=nature,
            fichier=fichier,
            nom=fichier.name[-200:],
            taille=fichier.size,
            pages=form.pages,
            empreinte=form.empreinte,
            depose_par=request.user,
        )
        marquer_modifie(verrouille, request.user, Section.PIECES)
    messages.success(request, f"« {fichier.name} » est joint au dossier ({form.pages} page(s)).")
    return redirect("candidatures:section", dossier.pk, Section.PIECES)


@require_POST
@candidat
def supprimer(request, pk, piece_pk):
    dossier = dossier_pour(request, pk, modification=True, section=Section.PIECES)
    piece = get_object_or_404(Piece, pk=piece_pk, dossier=dossier)
    with transaction.atomic():
        verrouille = Dossier.objects.verrouiller(dossier.pk)
        piece.fichier.delete(save=False)
        piece.delete()
        marquer_modifie(verrouille, request.user, Section.PIECES)
    messages.success(request, f"« {piece.nom} » est retiré du dossier.")
    return redirect("candidatures:section", dossier.pk, Section.PIECES)


def telecharger(request, pk, piece_pk):
    """Every download goes through the dossier's rights: ``Dossier.objects.for_user``, then the piece."""
    dossier = get_object_or_404(Dossier.objects.for_user(request.user), pk=pk)
    piece = get_object_or_404(Piece, pk=piece_pk, dossier=dossier)
    try:
        fichier = piece.fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Fichier introuvable.") from None
    reponse = FileResponse(fichier, content_type="application/pdf", as_attachment=True, filename=piece.nom)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    reponse["Content-Security-Policy"] = "default-src 'none'"
    return reponse
