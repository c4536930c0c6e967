"""Private notes on a dossier (issue 17, point 14): the instructeurs nationaux write them for one another.
The one place that says who reads them (an active instructeur national: never the porteur, an agent, an
administrateur), who changes or deletes one (its author), and what is left out everywhere else: no PDF
(the instruction's version is also the administrateurs'), no export, no API, no history.

The views answer 403 to a user who may not read them, 404 for a dossier he may not read (as every
page of the dossier) or a note of another dossier, 403 for a colleague's note he tries to change."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from comptes.models import Role
from core.formulaires import FormulaireDsfr
from instruction.models import NotePrivee

TAILLE_MAX = 5000


def lit_les_notes(user) -> bool:
    """An active instructeur national: the only reader (and writer) of the private notes."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.INSTRUCTEUR)


def verifier_lecteur(user) -> None:
    if not lit_les_notes(user):
        raise PermissionDenied("Les notes privées sont réservées aux instructeurs nationaux.")


def notes_du_dossier(dossier, user) -> list[NotePrivee]:
    """The notes of ``dossier``, newest first, with their author; none for whom may not read them."""
    if not lit_les_notes(user):
        return []
    return list(NotePrivee.objects.filter(dossier=dossier).select_related("auteur"))


def note_de(dossier, user, pk: int, a_modifier: bool = True) -> NotePrivee:
    """The note ``pk`` of ``dossier`` (404 otherwise); ``a_modifier``: its author only (403)."""
    verifier_lecteur(user)
    note = get_object_or_404(NotePrivee.objects.select_related("auteur"), pk=pk, dossier=dossier)
    if a_modifier and note.auteur_id != user.pk:
        raise PermissionDenied("Seul l’auteur d’une note peut la modifier ou la supprimer.")
    return note


def ajouter(dossier, user, texte: str) -> NotePrivee:
    verifier_lecteur(user)
    return NotePrivee.objects.create(dossier=dossier, auteur=user, texte=texte)


def modifier(note: NotePrivee, user, texte: str) -> NotePrivee:
    if note.auteur_id != user.pk:
        raise PermissionDenied("Seul l’auteur d’une note peut la modifier.")
    note.texte, note.modifiee_le = texte, timezone.now()
    note.save(update_fields=["texte", "modifiee_le"])
    return note


def supprimer(note: NotePrivee, user) -> None:
    if note.auteur_id != user.pk:
        raise PermissionDenied("Seul l’auteur d’une note peut la supprimer.")
    note.delete()


class NoteForm(FormulaireDsfr):
    identifiants = "note_%s"

    texte = forms.CharField(
        label="Note privée",
        help_text="Visible des seuls instructeurs nationaux : ni le porteur, ni les services déconcentrés, "
        "ni les administrateurs ne la lisent ; elle ne figure ni dans le PDF, ni dans les exports.",
        max_length=TAILLE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Écrivez le texte de la note.",
            "max_length": "Une note fait au plus %(limit_value)d caractères.",
        },
    )

    def clean_texte(self):
        texte = self.cleaned_data["texte"].strip()
        if not texte:
            raise forms.ValidationError("Écrivez le texte de la note.")
        return texte
