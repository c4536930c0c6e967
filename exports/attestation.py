"""L'attestation de dépôt as PDF: what ``candidatures.attestation`` says of the dépôt (number, date and hour,
porteur, SIRET, intitulé, chef de file, empreinte SHA-256 of the deposited content), laid out with the
dossier PDF's machinery (``exports.pdf``: Marianne, its stylesheet, nothing fetched but the static
files), then the attestation's own stylesheet."""

from django.core.cache import cache
from django.template.loader import render_to_string

from candidatures.attestation import contexte
from exports.pdf import _outils

GABARIT = "candidatures/attestation/attestation.html"
FEUILLE = "candidatures/attestation.css"  # after exports/pdf.css
DUREE_CACHE = 24 * 3600


def pdf_attestation(dossier) -> bytes:
    """The attestation of the deposited ``dossier`` (``appel``, ``organisation``, ``depose_par``
    select_related) as PDF bytes. It says only what the dépôt fixed: the same document each time, kept in
    the cache (the récépissé gives its size)."""
    valeurs = contexte(dossier)
    cle = f"attestation-depot:{dossier.pk}:{dossier.depose_le.timestamp()}:{valeurs['empreinte']}"
    octets = cache.get(cle)
    if octets is None:
        octets = _pdf(render_to_string(GABARIT, valeurs))
        cache.set(cle, octets, DUREE_CACHE)
    return octets


def _pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    fetcher, polices, feuille = _outils()
    propre = CSS(url=f"static:{FEUILLE}", url_fetcher=fetcher, font_config=polices)
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[feuille, propre], font_config=polices, pdf_tags=True)
