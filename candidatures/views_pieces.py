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

from ami import libelles as L
from candidatures.fusion import marquer_modifie
from candidatures.models import Dossier, Section
from candidatures.pages import contexte_dossier, dossier_pour
from comptes import securite
from comptes.models import Role
from comptes.permissions import role_required
from comptes.securite import TypeEvenement
from pieces import analyse
from pieces.forms import PieceForm
from pieces.models import PAR_DEPARTEMENT, EtatAnalyse, NaturePiece, Piece, cle, pages_max
from pieces.rules import departements_lettre_cd
from pieces.stockage import INDISPONIBLE, INDISPONIBLE_TELEVERSEMENT, servir, stockage

candidat = role_required(Role.CANDIDAT)


def emplacements(dossier, formulaires=None) -> list[dict]:
    """The places of the pièces page, in the order of ``NaturePiece``: one per nature, and for the CD
    letter one per département of the territory whose CD is not the porteur
    (``pieces.rules.departements_lettre_cd``, which R01 and R07 read), plus one for each letter of a
    département no longer in the territory (shown to be removed). Each place: its pièce in place, the
    replacement sent (``Piece.remplace``, analysed or refused) and its form."""
    organisation = dossier.organisation
    codes = dict(dossier.departements.order_by("code").values_list("code", "nom"))
    est_cd = organisation.est_conseil_departemental
    attendus = departements_lettre_cd(codes, est_cd, organisation.departement_id)
    en_place, remplacantes = {}, {}
    for piece in dossier.pieces.all():
        if piece.remplace_id:
            remplacantes[piece.remplace_id] = piece
        else:
            en_place[piece.cle] = piece
    appel = dossier.appel
    places = []
    for valeur, libelle in NaturePiece.choices:
        if valeur in PAR_DEPARTEMENT:
            # A letter joined for a département no longer in the territory, or without one (joined
            # before issue 16 and not attributed by the migration): shown, to be removed.
            jointes = {p.departement_id or "" for p in en_place.values() if p.nature == valeur}
            attente = not attendus and not est_cd
            hors = sorted(jointes - set(attendus) - ({""} if attente else set()))
            if attente:
                places.append(_place(valeur, libelle, "", appel, attente_territoire=True))
            for code in [*attendus, *hors]:
                nom = f"{codes.get(code) or code} ({code})" if code else "département non indiqué"
                titre = f"{libelle} — {nom}"
                places.append(_place(valeur, titre, code, appel, hors_territoire=code in hors))
        elif valeur == NaturePiece.ANNEXE:
            places.append(_place(valeur, f"{libelle} ({appel.annexe_pages_max} pages au maximum)", "", appel))
        else:
            places.append(_place(valeur, libelle, "", appel))
    for place in places:
        piece = en_place.get(place["cle"])
        place["piece"] = piece
        place["remplacante"] = remplacantes.get(piece.pk) if piece else None
        place["form"] = (formulaires or {}).get(place["cle"]) or PieceForm(
            prefix=place["cle"],
            pages_max=place["pages_max"],
            annexe=place["valeur"] == NaturePiece.ANNEXE,
        )
    return places


def _place(valeur, libelle, departement, appel, attente_territoire=False, hors_territoire=False) -> dict:
    return {
        "valeur": valeur,
        "cle": cle(valeur, departement),
        "departement": departement,
        "libelle": libelle,
        "pages_max": pages_max(valeur, appel),
        "attente_territoire": attente_territoire,
        "hors_territoire": hors_territoire,
    }


def _contexte(request, dossier, formulaires=None):
    return contexte_dossier(
        request,
        dossier,
        Section.PIECES,
        natures=emplacements(dossier, formulaires),
        conseils_annexe=L.CONSEILS_ANNEXE,
    )


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
    places = {place["cle"]: place for place in emplacements(dossier)}
    departement = request.POST.get("departement", "") if nature in PAR_DEPARTEMENT else ""
    place = places.get(cle(nature, departement))
    if place is None or place["attente_territoire"] or place["hors_territoire"]:
        # A CD letter for a département that is not (or no longer) in the territory: nothing to join.
        messages.error(
            request,
            "Cette lettre ne correspond à aucun département du territoire : indiquez d’abord le territoire "
            "(section 3), puis joignez la lettre du conseil départemental de chacun de ses départements.",
        )
        return redirect("candidatures:section", dossier.pk, Section.PIECES)
    en_place = Piece.objects.filter(
        dossier=dossier, nature=nature, departement=departement or None, remplace__isnull=True
    ).first()
    # The file already joined stays joined whatever this upload gives (refused now or by its analysis).
    garde = en_place if en_place is not None and en_place.retenue and en_place.fichier else None
    form = PieceForm(
        request.POST,
        request.FILES,
        prefix=place["cle"],
        request=request,
        pages_max=place["pages_max"],
        annexe=nature == NaturePiece.ANNEXE,
        conserve=garde.nom if garde else "",
    )
    if not form.is_valid():
        statut = 413 if form.interrompu is not None else 422
        return render(
            request,
            "candidatures/sections/pieces.html",
            _contexte(request, dossier, {place["cle"]: form}),
            status=statut,
        )
    fichier = form.cleaned_data["fichier"]
    try:
        with transaction.atomic():
            verrouille = Dossier.objects.verrouiller(dossier.pk)
            anciennes = (
                Piece.objects.filter(remplace=garde)
                if garde
                else Piece.objects.filter(pk=en_place.pk if en_place else 0)
            )
            for ancienne in anciennes:
                # A former attempt, or a refused pièce: its file deleted once the new one is committed (a
                # storage that fails meanwhile leaves everything as it was).
                ancien = ancienne.fichier.name
                ancienne.delete()
                if ancien:
                    transaction.on_commit(lambda ancien=ancien: stockage.delete(ancien), robust=True)
            piece = Piece.objects.create(
                dossier=dossier,
                nature=nature,
                departement_id=departement or None,
                remplace=garde,
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
        contexte = _contexte(request, dossier, {place["cle"]: form})
        return render(request, "candidatures/sections/pieces.html", contexte, status=INDISPONIBLE)
    piece.refresh_from_db()  # inline (no REDIS_URL), the analysis has run at the commit
    niveau, texte = message_d_envoi(piece, garde)
    messages.add_message(request, niveau, texte)
    return redirect("candidatures:section", dossier.pk, Section.PIECES)


def message_d_envoi(piece: Piece, garde: Piece | None = None) -> tuple[int, str]:
    """What the candidat reads after an upload; ``garde``: the pièce already joined, kept until ``piece``
    is accepted (and for good when it is refused)."""
    nom, etat = f"« {piece.nom} »", piece.analyse
    pages = f" ({piece.pages} page{'s' if piece.pages > 1 else ''})" if piece.pages else ""
    conserve = f" « {garde.nom} » reste joint au dossier." if garde else ""
    if etat in (EtatAnalyse.SAINE, EtatAnalyse.NON_ANALYSEE):
        remplace = f" à la place de « {garde.nom} »" if garde else ""
        return messages.SUCCESS, f"{nom} est joint au dossier{remplace}{pages}."
    if etat == EtatAnalyse.INFECTEE:
        return messages.ERROR, (
            f"{nom} est refusé : l’antivirus y a trouvé un virus ({piece.analyse_detail}). "
            f"Le fichier a été supprimé ; déposez une version saine du document.{conserve}"
        )
    if etat == EtatAnalyse.REFUSEE:
        return messages.ERROR, f"{nom} est refusé et supprimé : {piece.analyse_detail}{conserve}"
    attente = f" « {garde.nom} » reste joint au dossier jusqu’à ce que {nom} soit accepté." if garde else ""
    if etat == EtatAnalyse.ERREUR:
        return messages.WARNING, (
            f"{nom} est reçu, mais l’antivirus n’a pas pu l’analyser pour l’instant : l’analyse sera "
            f"relancée automatiquement. Le fichier ne peut pas être téléchargé d’ici là.{attente}"
        )
    return messages.INFO, (
        f"{nom} est reçu{pages} ; son analyse antivirus est en cours. Il pourra être téléchargé dès "
        f"qu’elle sera terminée.{attente}"
    )


@candidat
def etat_piece(request, pk, piece_pk):
    """The pièce's block while it is analysed (the page polls it, htmx)."""
    dossier = dossier_pour(request, pk)
    piece = get_object_or_404(Piece, pk=piece_pk, dossier=dossier)
    contexte = {
        "dossier": dossier,
        "piece": piece,
        "remplacement": piece.remplace_id is not None,
        "section_ouverte": dossier.section_modifiable(Section.PIECES),
    }
    return render(request, "candidatures/partials/piece.html", contexte)


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
