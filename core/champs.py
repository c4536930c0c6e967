"""The portal's decimal fields: a number that is one (never NaN nor an infinity), and the French amount
the candidat types (« 1 234,56 »). Every decimal field of a form of the portal is one of them
(``core.saisie.borner`` checks it): a model form gets them through ``Meta.field_classes``."""

from django import forms
from django.core.exceptions import ValidationError

ESPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space (between thousands)


class DecimalFini(forms.DecimalField):
    """Django's decimal field, refusing NaN and the infinities as it refuses text (« Saisissez un
    nombre. »). Django's ``to_python`` returns them (``validate`` refuses them later), and
    ``has_changed`` then compares Decimal('sNaN') with the initial value: InvalidOperation, a 500."""

    def to_python(self, value):
        nombre = super().to_python(value)
        if nombre is not None and not nombre.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return nombre


class DecimalFrancais(DecimalFini):
    """French input: « 160 000 », « 1 234,50 », any space between thousands (space, no-break space,
    narrow no-break space), a comma before the decimals; shown back as typed, in a text input."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(c for c in value if c not in ESPACES)
        return super().to_python(value)
