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
    reponse = HttpResponse(
        pdf_dossier(dossier, request.user),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, nom_fichier(dossier))},
    )
    securite.consigner(
        TypeEvenement.TELECHARGEMENT,
        request=request,
        objet=f"{capfirst(securite.nom_du_dossier(dossier))} — PDF",
        dossier=dossier.pk,
        format="pdf",
    )
    return reponse
