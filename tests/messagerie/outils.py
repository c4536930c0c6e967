"""PDFs for the attachments: the pièces' own test files (tests/pieces)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.pieces.test_antivirus import pdf_eicar, pdf_sain


def fichier(nom="note.pdf", contenu=None):
    return SimpleUploadedFile(nom, pdf_sain() if contenu is None else contenu, content_type="application/pdf")


def fichier_infecte(nom="virus.pdf"):
    return fichier(nom, pdf_eicar())
