"""The exports page; the export files (ZIP archive, XLSX workbook, a sheet as CSV), asked for here,
written by the worker (``exports.archive``), followed by the page's progress bar, downloaded by their
demandeur only. No request writes a whole export: at 10 000 dossiers that held a server worker for
close to a minute.

Who: instructeurs and administrateurs (every deposited dossier, the scores as the blind-scoring rule
lets them see them), agents (their territory, without the national scores). What:
``Dossier.objects.for_user`` narrowed by the instruction queue's filters."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidatures.appels import appel_de_travail
from candidatures.politique import politique
from comptes import securite
from comptes.permissions import reservee
from comptes.securite import TypeEvenement
from exports import archive as exports_en_fond
from exports.lignes import Selection
from exports.models import EtatExport, Feuille, FichierExport, Format
from instruction import visibilite_notes
from instruction.filtres import FiltresDossiers, filtres_de
from instruction.views.file import nombre_de_dossiers
from pieces.stockage import servir

MES_EXPORTS = 10  # the latest ones, on the page


def _filtres(request) -> tuple[FiltresDossiers, Selection]:
    user = request.user
    jeu = filtres_de(
        user, request.GET, politique(user).voit_notes_nationales, appel=appel_de_travail(request)
    )
    return jeu, Selection(user, jeu.filtres())


def _requete(request) -> str:
    requete = request.GET.urlencode()
    return f"?{requete}" if requete else ""


def _objet(export: FichierExport, nombre: int) -> str:
    """What the journal de sécurité says of an export: « Export XLSX — 34 dossiers », « Export CSV
    « Dépenses » — 2 dossiers »."""
    quoi = export.format.upper()
    if export.format == Format.CSV:
        quoi += f" « {Feuille(export.feuille).label} »"
    return f"Export {quoi} — {nombre_de_dossiers(nombre)}"


@reservee("exports:exports")
def exports(request):
    jeu, selection = _filtres(request)
    contexte = {
        "form": jeu.form,
        "filtres_actifs": jeu.actifs(),
        "nombre": nombre_de_dossiers(selection.dossiers.count()),
        "nationale": selection.nationale,
        "a_l_aveugle": visibilite_notes.acces(request.user) is visibilite_notes.Acces.APRES_SA_NOTE,
        "requete": _requete(request),
        "feuilles_csv": Feuille.choices,
        "exports": list(FichierExport.objects.filter(demandeur=request.user)[:MES_EXPORTS]),
        "conservation_jours": settings.EXPORTS_CONSERVATION_JOURS,
        "tri": "",
        "tri_par_defaut": True,
    }
    return render(request, "exports/exports.html", contexte)


@require_POST
@reservee("exports:exports")
def demander(request):
    """POST ``format`` (zip, xlsx, csv) and, for a CSV, ``feuille``; the queue's filters in the URL."""
    format_, feuille = request.POST.get("format", ""), request.POST.get("feuille", "")
    if format_ not in Format.values or (feuille not in Feuille.values if format_ == Format.CSV else feuille):
        return HttpResponseBadRequest("Format d’export inconnu.")
    _, selection = _filtres(request)
    nombre = selection.dossiers.count()  # was exists(): the count goes into the journal de sécurité
    if not nombre:
        messages.error(request, "Aucun dossier ne correspond à ces filtres : il n’y a rien à exporter.")
    elif deja := exports_en_fond.en_preparation(request.user, selection.filtres, format_, feuille):
        messages.info(
            request, f"{deja.avec_article} est déjà en préparation : suivez sa progression ci-dessous."
        )
    else:
        export = exports_en_fond.demander(request.user, selection.filtres, format_, feuille)
        securite.consigner(
            TypeEvenement.EXPORT,
            request=request,
            objet=_objet(export, nombre),
            export=export.pk,
            format=format_,
            feuille=feuille,
            filtres=selection.filtres,
            dossiers=nombre,
        )
        pret = "prêt" if export.masculin else "prête"
        messages.success(
            request,
            f"{export.avec_article} est en préparation : suivez sa progression ci-dessous. "
            f"Un courriel vous donnera le lien quand {'il' if export.masculin else 'elle'} sera {pret}.",
        )
    return redirect(reverse("exports:exports") + _requete(request) + "#mes-exports")


@reservee("exports:exports")
def suivi(request, pk: int):
    """The export's row of the table: polled by htmx every second while it is being prepared."""
    export = get_object_or_404(FichierExport, pk=pk, demandeur=request.user)
    return render(request, "exports/partials/export.html", {"export": export})


@reservee("exports:exports")
def telecharger(request, pk: int):
    """The file, streamed from the storage (never read whole in memory): 404 for anyone but its
    demandeur, 410 when it is not ready or no longer kept."""
    export = get_object_or_404(FichierExport, pk=pk, demandeur=request.user)
    if export.etat != EtatExport.PRETE or not export.fichier:
        return render(request, "exports/indisponible.html", {"export": export}, status=410)
    reponse = servir(export.fichier, export.nom_de_fichier, export.content_type)
    if reponse.status_code == 200:
        securite.consigner(
            TypeEvenement.TELECHARGEMENT,
            request=request,
            objet=_objet(export, export.total),
            export=export.pk,
            format=export.format,
            feuille=export.feuille,
            dossiers=export.total,
        )
    return reponse
