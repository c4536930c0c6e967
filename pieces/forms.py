"""Upload of a pièce jointe: a PDF checked by its content, not its name (``pieces.inspection``).

In the request: the size (the body stops streaming past it, ``pieces.televersement``), and the raw reading
(signature at offset 0, names of active content, declared pages, objects); for a file up to
``PIECE_ANALYSE_IMMEDIATE_MAX`` and ``OBJETS_IMMEDIATS`` objects, pypdf's reading within
``PIECE_ANALYSE_DELAI`` seconds. A bigger file, or one that takes longer, is read by the
background task with the antivirus scan (``pieces.analyse``): ``pages`` stays ``None`` until then.
"""

import hashlib

from django import forms
from django.conf import settings

from core.format import taille_fichier
from core.formulaires import FormulaireDsfr
from pieces.inspection import (
    OBJETS_IMMEDIATS,
    DelaiDepasse,
    PdfRefuse,
    inspecter,
    lecture_brute,
    message_trop_de_pages,
)
from pieces.televersement import interruption


class PieceForm(FormulaireDsfr):
    fichier = forms.FileField(
        label="Fichier PDF",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={"required": "Choisissez un fichier PDF.", "empty": "Le fichier est vide."},
    )

    def __init__(
        self, *args, taille_max=None, request=None, pages_max=None, annexe=False, conserve="", **kwargs
    ):
        """``pages_max``: the most pages of this pièce (``pieces.models.pages_max``: the call's maximum
        for the optional annex, ``annexe=True``); a longer PDF is refused here, with its count."""
        self.taille_max = taille_max or settings.PIECE_TAILLE_MAX
        self.pages_max = min(pages_max or settings.PIECE_PAGES_MAX, settings.PIECE_PAGES_MAX)
        self.annexe = annexe
        self.conserve = conserve  # the name of the file already joined, kept whatever this upload gives
        # The upload handler stopped reading the body: the file is not in request.FILES.
        self.interrompu = interruption(request) if request is not None else None
        self.pages = None
        super().__init__(*args, **kwargs)

    def preparer(self):
        self.fields["fichier"].help_text = (
            f"Format PDF uniquement, {taille_fichier(self.taille_max)} et "
            f"{self.pages_max} pages au maximum, sans JavaScript ni fichier joint."
        )

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.interrompu is not None:
            self.errors.pop("fichier", None)  # « Choisissez un fichier » would be wrong: it was too big
            self.add_error("fichier", self.message_trop_gros(self.interrompu))

    def message_trop_gros(self, taille_annoncee: int) -> str:
        return (
            f"Le fichier pèse environ {taille_fichier(taille_annoncee)} ; "
            f"{taille_fichier(self.taille_max)} au maximum : l’envoi a été arrêté. "
            "Réduisez le fichier (par exemple en l’enregistrant en PDF « taille minimale ») puis recommencez."
        )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > self.taille_max:
            raise forms.ValidationError(
                f"Le fichier pèse {taille_fichier(fichier.size)} ; "
                f"{taille_fichier(self.taille_max)} au maximum."
            )
        fichier.seek(0)
        octets = fichier.read()
        fichier.seek(0)
        try:
            brute = lecture_brute(octets, settings.PIECE_PAGES_MAX)
            if len(octets) <= settings.PIECE_ANALYSE_IMMEDIATE_MAX and brute.objets <= OBJETS_IMMEDIATS:
                self.pages = inspecter(octets, settings.PIECE_ANALYSE_DELAI, settings.PIECE_PAGES_MAX).pages
        except PdfRefuse as refus:
            raise forms.ValidationError(refus.message) from None
        except DelaiDepasse:
            self.pages = None  # read in the background (pieces.analyse), the piece « en cours d'analyse »
        # The pages read by pypdf, else those the file declares (a lie is caught by the background count).
        compte = self.pages if self.pages is not None else brute.pages
        if compte > self.pages_max:
            message = message_trop_de_pages(compte, self.pages_max, self.annexe)
            if self.conserve:
                message += f" « {self.conserve} » reste joint au dossier."
            raise forms.ValidationError(message)
        self.empreinte = hashlib.sha256(octets).hexdigest()
        return fichier
