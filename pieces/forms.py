"""Upload of a pièce jointe: a PDF checked by its content, not its name; size and pages read from the file."""

import hashlib
import logging

from django import forms
from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ami.formulaires import FormulaireDsfr
from ami.templatetags.ami_format import taille_fichier

journal = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs are the candidat's, not ours


class PieceForm(FormulaireDsfr):
    fichier = forms.FileField(
        label="Fichier PDF",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={"required": "Choisissez un fichier PDF.", "empty": "Le fichier est vide."},
    )

    def __init__(self, *args, taille_max=None, **kwargs):
        self.taille_max = taille_max or settings.PIECE_TAILLE_MAX
        super().__init__(*args, **kwargs)

    def preparer(self):
        self.fields[
            "fichier"
        ].help_text = f"Format PDF uniquement, {taille_fichier(self.taille_max)} au maximum."

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > self.taille_max:
            raise forms.ValidationError(
                f"Le fichier pèse {taille_fichier(fichier.size)} ; "
                f"{taille_fichier(self.taille_max)} au maximum."
            )
        fichier.seek(0)
        debut = fichier.read(1024)
        if b"%PDF-" not in debut:
            raise forms.ValidationError(
                "Ce fichier n’est pas un PDF (son contenu ne commence pas comme un PDF), "
                "quel que soit son nom. "
                "Enregistrez le document au format PDF puis recommencez."
            )
        fichier.seek(0)
        try:
            lecteur = PdfReader(fichier, strict=False)
            if lecteur.is_encrypted and not lecteur.decrypt(""):
                raise forms.ValidationError(
                    "Ce PDF est protégé par un mot de passe : déposez une version non protégée."
                )
            self.pages = len(lecteur.pages)
        except forms.ValidationError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, OSError) as erreur:
            journal.info("PDF illisible : %s", erreur)
            raise forms.ValidationError(
                "Ce PDF est illisible ou endommagé : enregistrez-le à nouveau en PDF."
            ) from None
        if self.pages < 1:
            raise forms.ValidationError("Ce PDF ne contient aucune page.")
        fichier.seek(0)
        empreinte = hashlib.sha256()
        for morceau in fichier.chunks():
            empreinte.update(morceau)
        self.empreinte = empreinte.hexdigest()
        fichier.seek(0)
        return fichier
