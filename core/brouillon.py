"""Forms saved as a draft: the sections of the dossier and their rows (members, indicators, budget
lines). A draft saves at any moment, whatever is missing.

A field is marked as the dépôt needs it (« (Optionnel) » on the others, DSFR), but an empty field never
prevents saving a draft: a draft validates with no field required, completeness being checked by the
rules at the dépôt. ``copier_saisie`` then copies onto the instance every valid value and, for text
fields, what was typed even when it is not valid yet (the error is shown next to the field, the text
is kept). Numbers that do not parse are not saved, but stay in the page with their error; so does a
text longer than its field holds (``core.saisie``: the cleaning and the bounds every form shares).

An error outlives the page: the dossier keeps each value saved with an error as typed, and its section
validates it again on every load until it is corrected (``candidatures.erreurs_saisie.noter_erreurs`` and
``saisie_enregistree``; WCAG 1.3.1, 3.3.1). The field snippet ties it to its field: aria-invalid,
aria-describedby naming the error container, the DSFR error style (``templates/dsfr/form_field_snippets``).
"""

from django import forms
from django.core.exceptions import ValidationError

from core.validators import normaliser_telephone, valider_courriel


class BrouillonMixin:
    """For a ``ModelForm`` on ``FormulaireDsfr``: put it first among the bases."""

    telephones: tuple[str, ...] = ()
    courriels: tuple[str, ...] = ()
    facultatifs: tuple[str, ...] = ()
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom, field in self.fields.items():
            field.required = nom not in self.facultatifs  # what the dépôt needs: the page marks the others

    def full_clean(self):
        """Django's validation of a draft: the same fields, none of them required. ``required`` says what
        the dépôt needs (the page reads it), not what a draft must hold; it is put back at once."""
        requis = {nom: field.required for nom, field in self.fields.items()}
        for field in self.fields.values():
            field.required = False
        try:
            super().full_clean()
        finally:
            for nom, field in self.fields.items():
                field.required = requis.get(nom, field.required)

    def clean(self):
        donnees = super().clean()
        for nom in self.telephones:
            if donnees.get(nom):
                try:
                    donnees[nom] = normaliser_telephone(donnees[nom])
                except ValidationError as erreur:
                    self.add_error(nom, erreur)
        for nom in self.courriels:
            if donnees.get(nom):
                try:
                    valider_courriel(donnees[nom].strip())
                except ValidationError as erreur:
                    self.add_error(nom, erreur)
        return donnees

    def copier_saisie(self, instance) -> list[str]:
        """Copy the draft onto ``instance`` (valid values, and texts as typed); returns the names of the
        model fields set. Saving them is the caller's (``candidatures.fusion.enregistrer``)."""
        modifies = []
        colonnes = {f.name for f in self._meta.model._meta.concrete_fields}
        for nom, field in self.fields.items():
            if nom not in colonnes:
                continue
            if nom in self.cleaned_data:
                valeur = self.cleaned_data[nom]
            elif isinstance(field, forms.CharField):
                valeur = (self.data.get(self.add_prefix(nom)) or "").strip()  # typed, not valid yet: kept
                if field.max_length is not None and len(valeur) > field.max_length:
                    continue  # too long for its column (core.saisie): stays in the page with its error
            else:
                continue
            if valeur is None and isinstance(field, forms.CharField):
                valeur = ""
            setattr(instance, nom, valeur)
            modifies.append(nom)
        return modifies

    def enregistrer_liens(self):
        """Save what ``copier_saisie`` cannot set on the instance (many-to-many links), once the instance
        is saved; nothing by default."""

    @property
    def messages_erreur(self) -> list[tuple[str, str]]:
        """(label, message) for the save status: « Numéro de téléphone : Saisissez … »."""
        return [
            (self.fields[nom].label if nom in self.fields else "", " ".join(e))
            for nom, e in self.errors.items()
        ]
