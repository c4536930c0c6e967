"""The form renderer: django-dsfr's, with the project's templates first (our field snippet keeps an
error container that autosave fills), in an engine of its own as django-dsfr intends."""

import datetime
from functools import cached_property
from pathlib import Path

import dsfr
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import conditional_escape
from dsfr.forms import DsfrBaseForm, DsfrBoundField, DsfrDjangoTemplates

from core.saisie import borner, nettoyer_donnees


class Rendu(DsfrDjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates",
                    Path(dsfr.__file__).resolve().parent / self.backend.app_dirname,
                    Path(forms.__path__[0]).resolve() / "templates",
                ],
                "NAME": "formulaires",
                "OPTIONS": {},
            }
        )


class ChampDsfr(DsfrBoundField):
    """django-dsfr's bound field, its help text escaped: the field snippets of django-dsfr (and Django's)
    print the help text unescaped (the ``safe`` filter), and some help texts carry what an administrateur
    typed (a criterion's source). Intended markup is a ``format_html`` constant, kept as it is."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.help_text = conditional_escape(self.help_text)


class _Preparation(forms.BaseForm):
    """What every form of the portal does once Django has copied its fields and before django-dsfr
    builds its bound fields: its own ids, its data cleaned, its fields prepared then bounded.

    Plain cooperative inheritance: ``FormulaireDsfr(DsfrBaseForm, _Preparation)`` orders its bases
    ``DsfrBaseForm, Form, _Preparation, BaseForm``, so ``DsfrBaseForm.__init__`` runs whole — its
    ``super().__init__()`` reaches this, then its loop adds its CSS classes to the prepared fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # Django's: ``self.fields``, ``self.data``
        if self.auto_id == "id_%s":  # Django's default (a ModelForm passes it positionally)
            self.auto_id = self.identifiants
        self.data = nettoyer_donnees(self.data)  # no NUL nor lone surrogate reaches a field (core.saisie)
        self.preparer()
        borner(self)  # every text and number bounded by what its column holds (core.saisie)


class FormulaireDsfr(DsfrBaseForm, _Preparation):
    """django-dsfr's base form, whose subclasses may change labels, help texts, widgets and choices;
    used as django-dsfr intends, ``forms.ModelForm, FormulaireDsfr`` or ``FormulaireDsfr`` alone.

    django-dsfr builds the bound fields in its ``__init__`` (to add its CSS classes), and a bound
    field keeps the label and help text it was built with: a change made after ``__init__`` would
    never show. Subclasses make their changes in ``preparer``, which runs between Django's
    ``__init__`` and django-dsfr's loop: the bound fields are built once, from the prepared fields.
    """

    bound_field_class = ChampDsfr
    # The ids of its fields (Django's ``auto_id``): forms that share a page (the instruction dossier's
    # recevabilité, compléments, demande d'avis…) each set their own, so no two fields share an id.
    identifiants = "id_%s"

    def preparer(self):
        """Change the fields here (labels, help texts, widgets, choices), not after ``__init__``."""


def avec_invite(field, invite: str):
    """The field's choices without Django's empty one, after « invite » (« — Choisir — »)."""
    field.choices = [("", invite)] + [choix for choix in field.choices if choix[0]]


class DateFuture(forms.DateField):
    """A date after today (a deadline given to someone else), typed in the browser's date picker."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": "Saisissez une date, par exemple 15/11/2021."}

    def __init__(self, *args, jours_max: int | None = None, **kwargs):
        self.jours_max = jours_max
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        aujourd_hui = timezone.localdate()
        if value and value <= aujourd_hui:
            raise forms.ValidationError("La date doit être postérieure à aujourd’hui.")
        if value and self.jours_max and value > aujourd_hui + datetime.timedelta(days=self.jours_max):
            raise forms.ValidationError(f"Laissez {self.jours_max} jours au plus.")
