"""The exports page, the CSV and XLSX downloads (streamed), the ZIP archives in the background.

Who: instructeurs and administrateurs (every deposited dossier, the scores as the blind-scoring rule
lets them see them), agents (their territory, without the national scores). What:
``Dossier.objects.for_user`` narrowed by the instruction queue's filters."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from comptes.models import Role
from comptes.permissions import role_required
from exports import archive as archives
from exports.ecriture import flux_csv, flux_xlsx
from exports.lignes import Selection, feuilles
from exports.models import Archive
from instruction import visibilite_notes
from instruction.file import FiltresForm, departements_des_filtres
from instruction.views.file import nombre_de_dossiers

EXPORTATEURS = (Role.INSTRUCTEUR, Role.AGENT, Role.ADMINISTRATEUR)
FEUILLES_CSV = {"dossiers": 0, "membres": 1, "depenses": 2, "financements": 3}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtres(request) -> tuple[FiltresForm, Selection]:
    user = request.user
    nationale = visibilite_notes.voit_des_notes(user)
    form = FiltresForm(request.GET, departements_des_filtres(user), nationale=nationale)
    return form, Selection(user, form.filtres())


def _nom(extension: str, feuille: str = "dossiers") -> str:
    return f"ami-spie-{feuille}-{timezone.localtime():%Y-%m-%d-%H%M}.{extension}"


def _telechargement(flux, content_type: str, nom: str) -> StreamingHttpResponse:
    reponse = StreamingHttpResponse(flux, content_type=content_type)
    reponse["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=nom)
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@role_required(*EXPORTATEURS)
def exports(request):
    form, selection = _filtres(request)
    requete = request.GET.urlencode()
    mes_archives = list(Archive.objects.filter(demandeur=request.user)[:10])
    contexte = {
        "form": form,
        "filtres_actifs": bool(selection.filtres),
        "nombre": nombre_de_dossiers(selection.dossiers.count()),
        "nationale": selection.nationale,
        "a_l_aveugle": visibilite_notes.acces(request.user) is visibilite_notes.Acces.APRES_SA_NOTE,
        "requete": f"?{requete}" if requete else "",
        "feuilles_csv": [
            ("dossiers", "Dossiers"),
            ("membres", "Membres du consortium"),
            ("depenses", "Dépenses"),
            ("financements", "Plan de financement"),
        ],
        "archives": mes_archives,
        "conservation_jours": settings.EXPORTS_CONSERVATION_JOURS,
        "tri": "",
        "tri_par_defaut": True,
    }
    return render(request, "exports/exports.html", contexte)


@role_required(*EXPORTATEURS)
def tableur_csv(request, feuille: str):
    if feuille not in FEUILLES_CSV:
        raise Http404("Feuille inconnue.")
    _, selection = _filtres(request)
    definition = feuilles(selection)[FEUILLES_CSV[feuille]]
    flux = flux_csv(definition.colonnes, definition.lignes)
    return _telechargement(flux, "text/csv; charset=utf-8", _nom("csv", feuille))


@role_required(*EXPORTATEURS)
def classeur_xlsx(request):
    _, selection = _filtres(request)
    return _telechargement(flux_xlsx(feuilles(selection)), XLSX, _nom("xlsx"))


@require_POST
@role_required(*EXPORTATEURS)
def archive_demander(request):
    form, selection = _filtres(request)
    if not selection.dossiers.exists():
        messages.error(request, "Aucun dossier ne correspond à ces filtres : il n’y a rien à archiver.")
    else:
        archives.demander(request.user, selection.filtres)
        messages.success(
            request,
            "L’archive est en préparation : suivez sa progression ci-dessous. "
            "Un courriel vous donnera le lien quand elle sera prête.",
        )
    requete = request.GET.urlencode()
    return redirect(reverse("exports:exports") + (f"?{requete}" if requete else "") + "#archives")


@role_required(*EXPORTATEURS)
def archive_suivi(request, pk: int):
    """The archive's row of the table: polled by htmx every second while it is being prepared."""
    archive = get_object_or_404(Archive, pk=pk, demandeur=request.user)
    return render(request, "exports/partials/archive.html", {"archive": archive})


@role_required(*EXPORTATEURS)
def archive_telecharger(request, pk: int):
    archive = get_object_or_404(Archive, pk=pk, demandeur=request.user)
    if archive.etat != "prete" or not archive.fichier:
        return render(request, "exports/archive_indisponible.html", {"archive": archive}, status=410)
    try:
        fichier = archive.fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Fichier introuvable.") from None
    nom = f"ami-spie-archive-{timezone.localtime(archive.cree_le):%Y-%m-%d-%H%M}.zip"
    reponse = FileResponse(fichier, content_type="application/zip", as_attachment=True, filename=nom)
    reponse["Cache-Control"] = "private, no-store"
    return reponse
