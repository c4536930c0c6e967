"""The dossier's pages for its pièces jointes: the section page, upload (analysed after the commit,
``pieces.analyse``), download (only through the dossier's rights, and only once the antivirus declared the
file clean; streamed from the private storage, ``pieces.stockage.servir``), removal. They live in the
dossier: the ``pieces`` app (models, form, analysis, storage, rules) never imports ``candidatures``."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidatures.models import Dossier, Section
from candidatures.pages import contexte_dossier, dossier_pour
from candidatures.sections import marquer_modifie
from comptes import securite
from comptes.models import Role
from comptes.permissions import role_required
from comptes.securite import TypeEvenement
from pieces import analyse
from pieces.forms import PieceForm
from pieces.models import EtatAnalyse, NaturePiece, Piece
from pieces.stockage import INDISPONIBLE, INDISPONIBLE_TELEVERSEMENT, servir, stockage

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
    return render(request, "candidatures/sections/pieces.html", _contexte(request, dossier))


@candidat
@require_POST
def ajouter(request, pk, nature):
    if nature not in NaturePiece.values:
        raise Http404("Nature de pièce inconnue.")
    dossier = dossier_pour(request, pk, modification=True, section=Section.PIECES)
    form = PieceForm(request.POST, request.FILES, prefix=nature, request=request)
    if not form.is_valid():
        statut = 413 if form.interrompu is not None else 422
        return render(
            request,
            "candidatures/sections/pieces.html",
            _contexte(request, dossier, {nature: form}),
            status=statut,
        )
    fichier = form.cleaned_data["fichier"]
    try:
        with transaction.atomic():
            verrouille = Dossier.objects.verrouiller(dossier.pk)
            ancienne = Piece.objects.filter(dossier=dossier, nature=nature).first()
            if ancienne:
                # The replaced file is deleted once the new one is saved and committed: a storage that
                # fails meanwhile leaves the former pièce whole.
                ancien = ancienne.fichier.name
                ancienne.delete()
                if ancien:
                    transaction.on_commit(lambda: stockage.delete(ancien), robust=True)
            piece = Piece.objects.create(
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
            analyse.lancer(piece)
    except OSError:  # the storage does not answer (pieces.stockage.StockageIndisponible, a full disk)
        form.add_error("fichier", INDISPONIBLE_TELEVERSEMENT)
        contexte = _contexte(request, dossier, {nature: form})
        return render(request, "candidatures/sections/pieces.html", contexte, status=INDISPONIBLE)
    piece.refresh_from_db()  # inline (no REDIS_URL), the analysis has run at the commit
    niveau, texte = message_d_envoi(piece)
    messages.add_message(request, niveau, texte)
    return redirect("candidatures:section", dossier.pk, Section.PIECES)


def message_d_envoi(piece: Piece) -> tuple[int, str]:
    nom, etat = f"« {piece.nom} »", piece.analyse
    pages = f" ({piece.pages} page(s))" if piece.pages else ""
    if etat in (EtatAnalyse.SAINE, EtatAnalyse.NON_ANALYSEE):
        return messages.SUCCESS, f"{nom} est joint au dossier{pages}."
    if etat == EtatAnalyse.INFECTEE:
        return messages.ERROR, (
            f"{nom} est refusé : l’antivirus y a trouvé un virus ({piece.analyse_detail}). "
            "Le fichier a été supprimé ; déposez une version saine du document."
        )
    if etat == EtatAnalyse.REFUSEE:
        return messages.ERROR, f"{nom} est refusé et supprimé : {piece.analyse_detail}"
    if etat == EtatAnalyse.ERREUR:
        return messages.WARNING, (
            f"{nom} est reçu, mais l’antivirus n’a pas pu l’analyser pour l’instant : l’analyse sera "
            "relancée automatiquement. Le fichier ne peut pas être téléchargé d’ici là."
        )
    return messages.INFO, (
        f"{nom} est reçu{pages} ; son analyse antivirus est en cours. Il pourra être téléchargé dès "
        "qu’elle sera terminée."
    )


@candidat
def etat_piece(request, pk, piece_pk):
    """The pièce's block while it is analysed (the page polls it, htmx)."""
    dossier = dossier_pour(request, pk)
    piece = get_object_or_404(Piece, pk=piece_pk, dossier=dossier)
    return render(
        request,
        "candidatures/partials/piece.html",
        {"dossier": dossier, "piece": piece, "section_ouverte": dossier.section_modifiable(Section.PIECES)},
    )


@require_POST
@candidat
def supprimer(request, pk, piece_pk):
    dossier = dossier_pour(request, pk, modification=True, section=Section.PIECES)
    piece = get_object_or_404(Piece, pk=piece_pk, dossier=dossier)
    try:
        with transaction.atomic():
            verrouille = Dossier.objects.verrouiller(dossier.pk)
            piece.fichier.delete(save=False)  # first: a storage that fails leaves the pièce as it was
            piece.delete()
            marquer_modifie(verrouille, request.user, Section.PIECES)
    except OSError:
        messages.error(
            request,
            f"« {piece.nom} » n’a pas pu être retiré : le stockage des fichiers ne répond pas pour le "
            "moment. Réessayez dans quelques instants.",
        )
        return redirect("candidatures:section", dossier.pk, Section.PIECES)
    messages.success(request, f"« {piece.nom} » est retiré du dossier.")
    return redirect("candidatures:section", dossier.pk, Section.PIECES)


def telecharger(request, pk, piece_pk):
    """Every download goes through the dossier's rights: ``Dossier.objects.for_user``, then the piece;
    and only a pièce the antivirus declared clean (``Piece.telechargeable``): 409 while it is analysed,
    410 once refused (its file deleted)."""
    dossier = get_object_or_404(Dossier.objects.for_user(request.user), pk=pk)
    piece = get_object_or_404(Piece, pk=piece_pk, dossier=dossier)
    if not piece.telechargeable:
        statut = 410 if not piece.retenue else 409
        retour = (
            reverse("candidatures:section_pieces", args=[dossier.pk])
            if request.user.role == Role.CANDIDAT
            else reverse("instruction:dossier", args=[dossier.pk])
        )
        contexte = {"piece": piece, "dossier": dossier, "retour": retour}
        return render(request, "pieces/indisponible.html", contexte, status=statut)
    reponse = servir(piece.fichier, piece.nom, "application/pdf")
    if reponse.status_code == 200:
        securite.consigner(
            TypeEvenement.TELECHARGEMENT,
            request=request,
            objet=f"Pièce « {piece.nom} » du {securite.nom_du_dossier(dossier)}",
            dossier=dossier.pk,
            piece=piece.pk,
            format="pdf",
        )
    return reponse
