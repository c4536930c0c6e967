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
    montant = _decimal(value)
    if montant is None:
        return ""
    decimales = int(decimales)
    montant = montant.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    texte = number_format(montant, ",", decimales, 3, NBSP, force_grouping=True)
    return f"{texte}{NBSP}€"


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
