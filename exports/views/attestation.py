"""« Télécharger l’attestation de dépôt (PDF) »: a deposited dossier's attestation
(``exports.attestation``), for whoever may read the dossier."""

from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from candidatures.attestation import nom_fichier
from candidatures.models import Dossier, Etat
from exports.attestation import pdf_attestation
from exports.views.pdf import telechargement_pdf


def deposes(user):
    """The dossiers of ``user`` (``Dossier.objects.for_user``: his porteur's, or the State's) that were
    deposited and are not a draft again: an attestation exists for them only."""
    return (
        Dossier.objects.for_user(user)
        .exclude(etat=Etat.BROUILLON)
        .filter(depose_le__isnull=False, numero__gt="")
        .select_related("appel", "organisation", "depose_par")
    )


@require_safe
@never_cache
def attestation_pdf(request, pk: int):
    """Another porteur's dossier, a draft (never deposited, or reopened), a dossier the State may not
    see: a 404, as a dossier that does not exist."""
    dossier = get_object_or_404(deposes(request.user), pk=pk)
    objet = f"Attestation de dépôt du dossier {dossier.numero}"
    return telechargement_pdf(request, dossier, pdf_attestation(dossier), nom_fichier(dossier), objet)
