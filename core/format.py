"""French formats of the portal: « 1 234 567,89 € », « 18,5 % », « 10 Mo », « axe 1, axe 2 et axe 3 ».
Plain functions, read by the rules' messages, the exports and the pages; the templates reach them as the
``ami_format`` filters."""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
_FRANCAIS = str.maketrans({",": NBSP, ".": ","})
_QUANTUMS = {n: Decimal(1).scaleb(-n) for n in range(4)}


def _decimal(value):
    if isinstance(value, Decimal):
        return value
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def euros(value, decimales=2):
    """« 1 234 567,89 € » (``|euros:0`` for whole euros)."""
    texte = nombre_decimal(value, decimales)
    return f"{texte}{NBSP}€" if texte else ""


def pourcentage(value):
    """« 80 % », « 18,5 % »: no useless zero after the comma."""
    taux = _decimal(value)
    if taux is None:
        return ""
    texte = format(taux.normalize(), "f").replace(".", ",")
    return f"{texte}{NBSP}%"


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


def nombre_decimal(value, decimales=2):
    """« 14,50 », « 1 234 567,89 »: a French comma, thousands grouped."""
    nombre = _decimal(value)
    if nombre is None:
        return ""
    decimales = int(decimales)
    nombre = nombre.quantize(
        _QUANTUMS.get(decimales) or Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP
    )
    # Python's grouping (in C), then the French separators: what Django's ``number_format`` writes
    # (tests/test_format.py compares them), ten times faster — a budget page writes hundreds of amounts.
    # (« 0,00 », never « -0,00 », as Django writes a negative zero.)
    return format(nombre if nombre else nombre.copy_abs(), ",f").translate(_FRANCAIS)


def pluriel_fr(nombre, suffixe="s"):
    """« s » from 2 on: in French, 0 and 1 take the singular (« 0 dossier retenu »)."""
    try:
        return suffixe if abs(float(nombre)) >= 2 else ""
    except (TypeError, ValueError):
        return ""


def quantite(nombre, singulier: str, pluriel: str = "") -> str:
    """« 0 personne », « 1 personne », « 1 500 personnes », « 2 questions sans réponse »: the number as
    ``nombre_fr`` writes it, the noun agreed as ``pluriel_fr`` says (``pluriel``: when not « s » added)."""
    mot = (pluriel or f"{singulier}s") if pluriel_fr(nombre) else singulier
    return f"{nombre_fr(nombre)} {mot}"


def taux(partie: Decimal, total: Decimal) -> Decimal:
    """partie / total in %, for messages only (decisions compare exact products, never rounded rates)."""
    return (partie * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


MINIMUM, MAXIMUM = "minimum", "maximum"  # the kind of a limit: a rate must reach it, or not exceed it


def taux_limite(partie: Decimal, total: Decimal, limite: Decimal, sens: str) -> Decimal:
    """partie / total in %, to the cent, as shown next to a ``limite`` of the call (a ``MINIMUM`` or a
    ``MAXIMUM`` in %, two decimals at most): rounded half up, except that a rate failing its limit is
    never shown on it or on its right side — rounded away from it (down under a minimum, up over a
    maximum). 19 999,99 € sur 100 000 € : « 19,99 % » under a minimum of 20 %; 15 000,01 € : « 15,01 % »
    over a maximum of 15 %; 19,999 % : « 19,99 % »."""
    exact = partie * 100 / total
    affiche = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if sens == MINIMUM and exact < limite <= affiche:
        return exact.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    if sens == MAXIMUM and exact > limite >= affiche:
        return exact.quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return affiche


def en_euros(montant: Decimal) -> str:
    """« 92 500 € », cents only when there are some."""
    return euros(montant, 0 if montant == montant.to_integral_value() else 2)


def nombre_fr(n: int) -> str:
    """« 1 500 » (narrow no-break space between thousands)."""
    return f"{n:,}".replace(",", "\u202f")


def liste_fr(elements: list[str]) -> str:
    """« axe 1, axe 2 et axe 3 »."""
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


def minuscule_initiale(texte: str) -> str:
    """« Lauréat du premier AMI » → « lauréat du premier AMI »: acronyms kept."""
    return texte[:1].lower() + texte[1:]
