"""What every form of the portal accepts, whatever is posted: text that every column, export and PDF
can hold, numbers that fit their column. One place, applied by the shared form base
(``core.formulaires.FormulaireDsfr``) to every field of every form, and by ``SaisieSure`` to the few forms
built on another base (the sign-in forms, the filters of the accounts list).

- **Characters no text can carry** — NUL, the other control characters except tab and line breaks,
  lone surrogates, U+FFFE and U+FFFF, i.e. what XML 1.0 forbids (PostgreSQL refuses NUL, UTF-8 cannot
  encode a lone surrogate, openpyxl and the PDF refuse control characters) — are **removed** from every
  submitted value before any field reads it. They are invisible and come from a copy-paste: removing
  them loses nothing a reader could see, whereas refusing them would ask the person to delete a
  character they cannot see. Django's ``ProhibitNullCharactersValidator`` stays, and never has to fire.
  Line breaks become « \\n »: a browser sends a text area's as CR LF, and a text is counted (and held by
  its column) as the person sees it, one character per line break, as the counter counts it.
- **Texts**: one without a length of its own (a model ``TextField``, a plain ``CharField``) holds
  ``TEXTE_MAX`` characters; a longer one gets a French error next to the field and stays in the page (a
  draft does not store it: ``core.brouillon.BrouillonMixin``). Text areas show a live counter of
  their limit (``static/ami/compteur.js``, « 0 / 5 000 caractères » from the page's load).
- **Numbers**: an integer holds what its column holds (Django's ``integer_field_ranges``, from the model
  field's type, ``IntegerField``'s for a field of no model), a decimal its ``max_digits`` and
  ``decimal_places``; French errors. ``NaN``, infinities and ``1e400`` are refused as Django refuses them
  (« Saisissez un nombre. ») or as too large: every decimal field is a ``core.champs.DecimalFini``
  (``DecimalFrancais`` for an amount typed the French way).
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.core.validators import (
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.datastructures import MultiValueDict

from core.champs import DecimalFini

TEXTE_MAX = 5000  # characters of a long answer: about a page and a half of A4 (README, « Saisie »)
COURRIEL_MAX = 254
CHIFFRES_MAX = 15  # digits of a decimal field of no model (none today): an amount to the cent

# A line break sent as CR LF (as browsers send a text area's) or CR, or a character XML 1.0 forbids.
_INTERDITS = re.compile("\r\n?|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _remplacement(trouve) -> str:
    return "\n" if trouve.group().startswith("\r") else ""


def nettoyer_texte(valeur: str) -> str:
    """``valeur`` without the characters no text can carry, its line breaks « \\n » (see the module's
    docstring)."""
    return _INTERDITS.sub(_remplacement, valeur)


def _nettoyer(valeur):
    if isinstance(valeur, str):
        return nettoyer_texte(valeur)
    if isinstance(valeur, list | tuple):
        return type(valeur)(_nettoyer(v) for v in valeur)
    return valeur


def _a_nettoyer(valeur) -> bool:
    if isinstance(valeur, str):
        return _INTERDITS.search(valeur) is not None
    return isinstance(valeur, list | tuple) and any(_a_nettoyer(v) for v in valeur)


def nettoyer_donnees(data):
    """The submitted data (``QueryDict``, ``MultiValueDict`` or ``dict``), its strings cleaned.

    The data itself when nothing needs cleaning; a cleaned copy otherwise. The result is kept on the
    object (with its identity: a copy of it, ``request.POST.copy()``, is looked at afresh): the 80 row
    forms of a budget share one ``request.POST`` and clean it once."""
    if not isinstance(data, dict):  # None, or data no form of the portal gets
        return data
    deja = getattr(data, "_saisie_propre", None)
    if deja is not None and deja[0] == id(data):
        return deja[1]
    if not any(_a_nettoyer(v) for v in (data.lists() if isinstance(data, MultiValueDict) else data.items())):
        propre = data
    elif isinstance(data, MultiValueDict):
        propre = data.copy()
        mutable = getattr(propre, "_mutable", None)
        if mutable is not None:
            propre._mutable = True
        for cle, valeurs in data.lists():
            propre.setlist(cle, [_nettoyer(v) for v in valeurs])
        if mutable is not None:
            propre._mutable = False
    else:
        return {cle: _nettoyer(v) for cle, v in data.items()}  # a dict takes no attribute: not kept
    try:
        data._saisie_propre = (id(data), propre)
        propre._saisie_propre = (id(propre), propre)
    except AttributeError:
        pass
    return propre


def milliers(nombre) -> str:
    """« 2 147 483 647 », « 9 999 999 999,99 »: French digit grouping (narrow no-break space)."""
    texte = f"{nombre:,}" if isinstance(nombre, int) else f"{nombre:,f}"
    return texte.replace(",", "\u202f").replace(".", ",")


class LongueurMax(MaxLengthValidator):
    """Django's length check, its message in French with the figures grouped."""

    def __call__(self, value):
        longueur = len(value)
        if longueur > self.limit_value:
            raise ValidationError(
                f"{milliers(self.limit_value)} caractères au plus : ce texte en compte {milliers(longueur)}.",
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": longueur, "value": value},
            )


def _type_colonne(form, nom: str) -> str:
    modele = getattr(getattr(form, "_meta", None), "model", None)
    if modele is not None:
        try:
            return modele._meta.get_field(nom).get_internal_type()
        except FieldDoesNotExist:
            pass
    return "IntegerField"


def _borner_texte(field: forms.CharField):
    if isinstance(field, forms.EmailField):
        # What every e-mail column of the portal holds (Django's EmailField, RFC 5321), Django's form
        # field allowing 320.
        field.max_length = min(field.max_length or COURRIEL_MAX, COURRIEL_MAX)
    if field.max_length is None:
        field.max_length = TEXTE_MAX
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(LongueurMax(int(field.max_length)))
    if isinstance(field.widget, forms.Textarea):
        # No ``maxlength``: a browser would cut a pasted text without a word; the counter and the
        # server's error say what is too long, the text stays whole in the page.
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-max-caracteres"] = str(field.max_length)


def _borner_entier(field: forms.IntegerField, type_colonne: str):
    plages = BaseDatabaseOperations.integer_field_ranges
    mini, maxi = plages.get(type_colonne, plages["IntegerField"])
    message = f"Saisissez un nombre entier compris entre {milliers(mini)} et {milliers(maxi)}."
    if field.min_value is None or field.min_value < mini:
        field.min_value = mini
        field.validators.append(MinValueValidator(mini, message))
    if field.max_value is None or field.max_value > maxi:
        field.max_value = maxi
        field.validators.append(MaxValueValidator(maxi, message))
    if (field.min_value, field.max_value) == (mini, maxi):  # Django's own bound (0 for a positive integer)
        for code in ("min_value", "max_value"):
            field.error_messages.setdefault(code, message)


def _borner_decimal(form, nom: str, field: forms.DecimalField):
    if not isinstance(field, DecimalFini):
        # Django's refuses NaN and the infinities only after ``has_changed`` compared them: a 500.
        raise ImproperlyConfigured(
            f"{type(form).__name__}.{nom} : un champ décimal du portail est un core.champs.DecimalFini "
            "(ou DecimalFrancais), par Meta.field_classes pour un formulaire de modèle."
        )
    if field.max_digits is None:
        field.max_digits = CHIFFRES_MAX
        field.validators.append(DecimalValidator(field.max_digits, field.decimal_places))
    decimales = field.decimal_places or 0
    plus_grand = Decimal(10) ** (field.max_digits - decimales) - Decimal(10) ** -decimales
    limite = milliers(plus_grand.quantize(Decimal(10) ** -decimales))
    trop_grand = f"Ce nombre est hors limites : entre -{limite} et {limite}."
    for code in ("max_digits", "max_whole_digits"):
        field.error_messages.setdefault(code, trop_grand)
    if field.decimal_places is not None:
        field.error_messages.setdefault(
            "max_decimal_places",
            f"Donnez au plus {decimales} chiffre{'s' if decimales > 1 else ''} après la virgule."
            if decimales
            else "Saisissez un nombre sans décimales.",
        )


def borner(form):
    """Every field of ``form`` bounded by what its column holds (see the module's docstring). Run once
    per form, after its fields are prepared and before its bound fields are built."""
    for nom, field in form.fields.items():
        if getattr(field, "_borne", False):
            continue
        if isinstance(field, forms.DecimalField):
            _borner_decimal(form, nom, field)
        elif isinstance(field, forms.FloatField):
            pass  # Django refuses NaN and the infinities; a double holds the rest
        elif isinstance(field, forms.IntegerField):
            _borner_entier(field, _type_colonne(form, nom))
        elif isinstance(field, forms.CharField):
            _borner_texte(field)
        field._borne = True


class SaisieSure:
    """For a form not built on ``FormulaireDsfr``: its data cleaned and its fields bounded the same way.
    Put it first among the bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data = nettoyer_donnees(self.data)
        borner(self)


class LignesBornees(forms.BaseInlineFormSet):
    """An inline formset that builds no more rows than its page shows: the stored ones and ``extra``.
    ``TOTAL_FORMS`` is posted: 10^40 made Django build ``absolute_max`` (2 000) forms, a minute of
    work for one request."""

    def total_form_count(self):
        total = super().total_form_count()
        if self.is_bound:
            return min(total, len(self.get_queryset()) + self.extra)
        return total
