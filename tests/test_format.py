"""``core.format.nombre_decimal`` writes amounts with Python's own grouping (issue 18: hundreds of amounts
per budget page): exactly what Django's ``number_format`` wrote before, for any amount, any precision."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.numberformat import format as number_format
from hypothesis import given
from hypothesis import strategies as st

from core.format import NBSP, euros, nombre_decimal

MONTANTS = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=6)


def _django(valeur, decimales):
    quantum = Decimal(1).scaleb(-decimales)
    return number_format(
        valeur.quantize(quantum, rounding=ROUND_HALF_UP), ",", decimales, 3, NBSP, force_grouping=True
    )


@given(MONTANTS, st.integers(min_value=0, max_value=3))
def test_comme_number_format_de_django(valeur, decimales):
    assert nombre_decimal(valeur, decimales) == _django(valeur, decimales)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False) | st.integers(-(10**12), 10**12))
def test_flottants_entiers_et_textes(valeur):
    attendu = _django(Decimal(str(valeur)), 2)
    assert nombre_decimal(valeur) == attendu
    assert nombre_decimal(str(valeur)) == attendu


def test_exemples():
    assert nombre_decimal(Decimal("1234567.885")) == f"1{NBSP}234{NBSP}567,89"
    assert nombre_decimal("14.5") == "14,50"
    assert nombre_decimal(Decimal("-0.004")) == "0,00" and nombre_decimal(Decimal("-2.5")) == "-2,50"
    assert nombre_decimal(999, 0) == "999"
    assert euros(Decimal("500000")) == f"500{NBSP}000,00{NBSP}€"
    assert nombre_decimal(None) == "" and nombre_decimal("") == "" and nombre_decimal("abc") == ""
