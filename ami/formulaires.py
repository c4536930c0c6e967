"""The form renderer: django-dsfr's, with the project's templates first (our field snippet keeps an
error container that autosave fills), in an engine of its own as django-dsfr intends."""

from functools import cached_property
from pathlib import Path

import dsfr
from django import forms
from django.conf import settings
from dsfr.forms import DsfrDjangoTemplates


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
