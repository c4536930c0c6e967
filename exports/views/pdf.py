"""« Télécharger le dossier (PDF) »: the dossier as the user may read it (``exports.pdf``)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from candidatures.models import Dossier
from comptes import securite
from comptes.securite import TypeEvenement
from exports.pdf import nom_fichier, pdf_dossier


@require_safe
@never_cache
def dossier_pdf(request, pk: int):
    """Every role, through ``Dossier.objects.for_user``: another porteur's dossier, a draft for the
    State, a dossier of another territory for an agent — a 404, as a dossier that does not exist."""
    dossiers = Dossier.objects.for_user(request.user).select_related("appel", "organisation", "depose_par")
    dossier = get_object_or_404(dossiers, pk=pk)
    objet = f"{capfirst(securite.nom_du_dossier(dossier))} — PDF"
    contenu = pdf_dossier(dossier, request.user)
    return telechargement_pdf(request, dossier, contenu, nom_fichier(dossier), objet)


def telechargement_pdf(request, dossier, contenu: bytes, nom: str, objet: str) -> HttpResponse:
    """A PDF of ``dossier`` downloaded as ``nom``, and the download in the security journal (``objet``):
    the dossier's PDF, its attestation de dépôt."""
    reponse = HttpResponse(
        contenu,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, nom)},
    )
    evenement = TypeEvenement.TELECHARGEMENT
    securite.consigner(evenement, request=request, objet=objet, dossier=dossier.pk, format="pdf")
    return reponse
