"""French formats of the portal: « 1 234 567,89 € », « 18,5 % »."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.numberformat import format as number_format

register = template.Library()

NBSP = "\u00a0"


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def euros(value, decimales=2):
    """« 1 234 567,89 € » (``|euros:0`` for whole euros)."""
    texte = nombre_decimal(value, decimales)
    return f"{texte}{NBSP}€" if texte else ""


@register.filter
def pourcentage(value):
    """« 80 % », « 18,5 % »: no useless zero after the comma."""
    taux = _decimal(value)
    if taux is None:
        return ""
    texte = format(taux.normalize(), "f").replace(".", ",")
    return f"{texte}{NBSP}%"


@register.filter
def taille_fichier(octets):
    """« 10 Mo », « 245 ko », « 1,5 Mo » (French units, powers of 1 024)."""
    octets = int(octets or 0)
    if octets < 1024:
        return f"{octets} octets"
    if octets < 1024 * 1024:
        return f"{round(octets / 1024)} ko"
    mega = octets / (1024 * 1024)
    texte = f"{mega:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{texte} Mo"


@register.filter
def nombre_decimal(value, decimales=2):
    """« 14,50 », « 1 234 567,89 »: a French comma, thousands grouped."""
    nombre = _decimal(value)
    if nombre is None:
        return ""
    decimales = int(decimales)
    nombre = nombre.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    return number_format(nombre, ",", decimales, 3, NBSP, force_grouping=True)


@register.filter
def pluriel_fr(nombre, suffixe="s"):
    """« s » from 2 on: in French, 0 and 1 take the singular (« 0 dossier retenu »)."""
    try:
        return suffixe if abs(float(nombre)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
