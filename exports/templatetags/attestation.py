"""The récépissé's download link of the attestation de dépôt: its format and size, as the DSFR's download
link gives them (« PDF – 31 ko »)."""

import logging

from django import template

from core.format import taille_fichier
from exports.attestation import pdf_attestation

register = template.Library()
journal = logging.getLogger(__name__)


@register.simple_tag
def detail_attestation(dossier) -> str:
    """``{% detail_attestation dossier %}``: « PDF – 31 ko » (the PDF is built once, then cached). Should
    the PDF fail, the récépissé still shows, the link says « PDF » and the error is logged."""
    try:
        return f"PDF – {taille_fichier(len(pdf_attestation(dossier)))}"
    except Exception:  # noqa: BLE001 — the récépissé must show; the download itself will say what fails
        journal.exception("Attestation de dépôt du dossier %s : le PDF n'a pas pu être produit.", dossier.pk)
        return "PDF"
