"""Arbitrary input for the property tests of issue 12 item 7, and what a page must show back.

The fields are discovered from the forms themselves (the forms a page renders, their fields, their
prefixes): a field added tomorrow is posted to as well. Values are posted url-encoded as bytes, so that
a lone surrogate reaches the server as the invalid UTF-8 a misbehaving client would send (Django's test
client cannot encode one); ``recu`` is what the server decodes, ``attendu`` what a form then holds —
written here from the rule (README, « Saisie »), not from the portal's code.
"""

import os
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

import lxml.html
from django import forms
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

TEXTE_MAX = 5000  # README, « Saisie » : a long answer holds 5 000 characters

# Examples per form: modest, the whole property test stays within ~2 minutes on the CI machine. Raise it
# for a longer local run: AMI_SAISIE_EXEMPLES=200 ./bin/test tests/saisie
EXEMPLES = int(os.environ.get("AMI_SAISIE_EXEMPLES", "10"))

REGLAGES = settings(
    max_examples=EXEMPLES,
    deadline=None,
    derandomize=True,  # the same examples at every run: CI is reproducible
    database=None,
    # No shrinking by default: a failing example is reported as drawn (each draw named after its field),
    # within the time budget; AMI_SAISIE_REDUIRE=1 shrinks it.
    phases=[Phase.explicit, Phase.generate]
    + ([Phase.shrink] if os.environ.get("AMI_SAISIE_REDUIRE") else []),
    # Each example runs in a savepoint of the test's transaction (``exemple_isole``): the function-scoped
    # fixtures (users, dossiers) are the same for every example, and what an example changed is undone.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

SPECIAUX = [
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\ud800",
    "x\udfffy",
    "\ud83d\ude00",  # a pair written as two surrogates: still invalid UTF-8 on the wire
    "10^40",
    "1" + "0" * 40,
    "-1" + "0" * 40,
    "1e400",
    "-1e400",
    "1e-400",
    "1e9999999999999999999",
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-Infinity",
    "2147483647",
    "2147483648",
    "-2147483649",
    str(2**63),
    str(-(2**63) - 1),
    "9" * 5000,
    "-1",
    "0",
    "",
    " ",
    "\t\n\r",
    "\r\n\r\n",
    "1 234,56",
    "1\u202f234,5",
    "1.5",
    "0,001",
    "١٢٣",
    "１２３",
    "1_000",
    "0x10",
    "<script>alert(1)</script>",
    "\u202egnp.exe",
    "\ufeff",
    "\ufffe\uffff",
    "\x0b\x0c\x1b\x7f\x85",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "2021-02-30",
    "99999-12-31",
    "25:61:00",
]

_LONGS = [
    ("a", TEXTE_MAX - 1),
    ("a", TEXTE_MAX),
    ("a", TEXTE_MAX + 1),
    ("é", TEXTE_MAX + 1),
    ("😀", TEXTE_MAX),
    ("a\r\n", 2000),
    ("\x00a", 3000),
    (" ", 6000),
    ("x", 201),
    ("x", 255),
    ("x", 301),
    ("a", 60_000),
]

caracteres = st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.integers(0xD800, 0xDFFF).map(chr),  # lone surrogates
    st.integers(0, 0x1F).map(chr),  # control characters, NUL among them
)
texte_hostile = st.text(caracteres, max_size=40)
texte_long = st.sampled_from(_LONGS).map(lambda couple: couple[0] * couple[1])
nombre = st.one_of(
    st.integers(-(10**41), 10**41).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.text("0123456789 ,.-+eE\u202f\u00a0", max_size=25),
)
hostile = st.one_of(st.sampled_from(SPECIAUX), texte_hostile, texte_long, nombre)


def valides(field) -> st.SearchStrategy:
    """Values the field may accept: the examples reach what happens after a valid save too."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        return st.sampled_from([str(v) for v, _ in field.choices if v] or [""])
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from([str(v) for v, _ in field.choices if v != ""] or [""])
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.DateField):
        return st.dates().map(lambda d: d.isoformat())
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return st.integers(0, 10**6).map(str)
    return st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


def valeur(field) -> st.SearchStrategy:
    return st.one_of(hostile, valides(field))


def valeur_postee(field) -> st.SearchStrategy:
    """A multiple choice is posted as a list of values, any other field as one value."""
    if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.SelectMultiple):
        return st.lists(valeur(field), max_size=3)
    return valeur(field)


def corps(paires) -> str:
    """The url-encoded body, lone surrogates sent as the (invalid) UTF-8 bytes they would be."""
    return urlencode(paires, doseq=True, encoding="utf-8", errors="surrogatepass")


def recu(texte: str) -> str:
    """What the server decodes from ``corps``: invalid UTF-8 becomes U+FFFD."""
    return texte.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _permis(c: str) -> bool:
    code = ord(c)
    return c in "\t\n" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def attendu(texte: str) -> str:
    """What a form holds of ``texte``: line breaks as LF, no character XML 1.0 forbids (README)."""
    texte = recu(texte).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in texte if _permis(c))


# --- Reading a page -----------------------------------------------------------------------------------

ANGLAIS = re.compile(
    r"\b(Ensure|Enter a|This field|Null characters|Select a valid|is not one of|characters|digits|"
    r"Bad Request|Forbidden|Server Error)\b"
)


def page(contenu: bytes):
    return lxml.html.fromstring(contenu.decode())


CACHE = object()  # a field the page sends as a hidden input only: it does not show it to the person


def valeur_affichee(doc, nom: str):
    """The text an <input> or <textarea> named ``nom`` shows; ``None`` when the page has none, ``CACHE``
    when it has only a hidden one."""
    elements = doc.xpath(".//input[@name=$n and not(@type='hidden')] | .//textarea[@name=$n]", n=nom)
    if not elements:
        return CACHE if doc.xpath(".//input[@name=$n]", n=nom) else None
    element = elements[0]
    if element.tag == "textarea":
        texte = element.text or ""
        return texte[1:] if texte.startswith("\n") else texte  # the newline after <textarea> (HTML)
    return element.get("value") or ""


def erreurs_du_champ(doc, auto_id: str) -> str:
    conteneur = doc.xpath(".//*[@id=$i]", i=f"{auto_id}-desc-error")
    return _replier(conteneur[0].text_content()) if conteneur else ""


def _replier(texte: str) -> str:
    """Runs of blanks as one space; the no-break spaces of French figures (« 2 147 483 647 ») kept."""
    return re.sub(r"[ \t\n\r]+", " ", texte).strip()


def erreurs_de_la_page(doc) -> list[str]:
    return [
        _replier(e.text_content())
        for e in doc.xpath(
            "//*[contains(concat(' ', @class, ' '), ' fr-message--error ') or "
            "contains(concat(' ', @class, ' '), ' fr-error-text ') or "
            "contains(concat(' ', @class, ' '), ' fr-alert--error ')]"
        )
    ]


def verifier_francais(doc):
    for erreur in erreurs_de_la_page(doc):
        assert erreur, "un message d’erreur vide"
        assert not ANGLAIS.search(erreur), f"message en anglais : {erreur!r}"


def texte_visible(doc) -> str:
    """The page's text, each <br> a line break (``linebreaksbr``), blanks collapsed."""
    for saut in doc.iter("br"):
        saut.tail = "\n" + (saut.tail or "")
    return " ".join(doc.text_content().split())


def meme_texte(a: str, b: str) -> bool:
    """Equal once whitespace is collapsed and compared in NFC (as a reader sees them)."""
    return " ".join(unicodedata.normalize("NFC", a).split()) == " ".join(
        unicodedata.normalize("NFC", b).split()
    )


def lire_nombre(texte: str):
    """The number a French reader sees in ``texte`` (« 1 234,5 »), ``None`` if none."""
    try:
        nombre = Decimal("".join(c for c in texte if c not in " \u00a0\u202f").replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return nombre if nombre.is_finite() else None


def est_texte(field) -> bool:
    """A field the person types text in (not a choice, a box or a hidden field)."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.HiddenInput | forms.PasswordInput
    )


def est_nombre(field) -> bool:
    return isinstance(field, forms.IntegerField | forms.DecimalField) and not isinstance(
        field.widget, forms.HiddenInput
    )
