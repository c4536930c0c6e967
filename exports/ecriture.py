"""Writers of the exports, run by the worker (``exports.archive``) into a temporary file: CSV as Excel
in French reads it (UTF-8 with BOM, « ; », decimal comma), by packets of rows; XLSX through
``exports.xlsx``, which streams each sheet into the ZIP as its rows come (the ZIP's directory comes
last, so no byte of it could be sent before the last row is written). Memory stays that of one slice of
rows.

No text of a user runs in a spreadsheet: every text cell of both formats goes through
``texte_de_cellule`` (OWASP « CSV injection »: a text that a spreadsheet would read as a formula is
prefixed with « ' »), and the XLSX writes it as a string (an inline string: never a formula, never an
error value such as « #N/A »), cut with a mark beyond Excel's limit of 32 767 characters a cell. Numbers
(amounts, rates, scores) stay numbers."""

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from exports import xlsx
from exports.colonnes import MONTANT, NOMBRE, TAUX, TEXTE

BOM = "\ufeff"
# The control characters that XML 1.0 cannot carry (openpyxl's ILLEGAL_CHARACTERS_RE).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
UNITES_CSV = {MONTANT: " (€)", TAUX: " (%)"}
# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP): after a tab or a
# carriage return, the next character counts as the first one.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
LIMITE_XLSX = 32_767  # characters of a cell, as Excel counts them (UTF-16 code units)
TRONQUE = " … [texte tronqué, voir le PDF]"


def texte_de_cellule(texte: str) -> str:
    """A text as a cell of either format holds it: without the control characters that an XLSX (XML
    1.0) cannot carry (a vertical tab pasted from a word processor), prefixed with « ' » when a
    spreadsheet would read it as a formula."""
    texte = ILLEGAL_CHARACTERS_RE.sub("", texte)
    return f"'{texte}" if texte.startswith(DEBUTS_DE_FORMULE) else texte


def tronquer(texte: str) -> str:
    """``texte`` within the XLSX limit, marked « [texte tronqué, voir le PDF] » when it was cut (the
    mark inside the limit; a character beyond the basic plane counts for two, as in Excel)."""
    if len(texte) <= LIMITE_XLSX // 2:
        return texte  # at most two code units a character: within the limit
    unites = texte.encode("utf-16-le")
    if len(unites) <= 2 * LIMITE_XLSX:
        return texte
    garde = unites[: 2 * (LIMITE_XLSX - len(TRONQUE))].decode("utf-16-le", errors="ignore")
    return garde + TRONQUE


class _Tampon:
    """csv.writer writes into it; the generator takes what was written."""

    def __init__(self):
        self.morceaux = []

    def write(self, texte):
        self.morceaux.append(texte)

    def vider(self) -> str:
        texte = "".join(self.morceaux)
        self.morceaux.clear()
        return texte


def _csv(valeur, genre) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.datetime):
        return valeur.strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, Decimal | float | int) and not isinstance(valeur, bool):
        return (
            format(valeur, "f").replace(".", ",")
            if genre != NOMBRE or valeur != int(valeur)
            else str(int(valeur))
        )
    if isinstance(valeur, str):
        return texte_de_cellule(valeur)
    return str(valeur)


def flux_csv(colonnes, lignes: Iterable[list], par_paquet: int = 200) -> Iterator[bytes]:
    """One CSV sheet, by packets of rows: the first bytes leave before the last row is read."""
    tampon = _Tampon()
    ecrivain = csv.writer(tampon, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    ecrivain.writerow(
        [_csv(colonne.titre + UNITES_CSV.get(colonne.genre, ""), TEXTE) for colonne in colonnes]
    )
    yield (BOM + tampon.vider()).encode("utf-8")
    genres = [colonne.genre for colonne in colonnes]
    for n, ligne in enumerate(lignes, 1):
        ecrivain.writerow([_csv(v, g) for v, g in zip(ligne, genres, strict=True)])
        if n % par_paquet == 0:
            yield tampon.vider().encode("utf-8")
    yield tampon.vider().encode("utf-8")


def _texte_xlsx(texte: str) -> str:
    return tronquer(texte_de_cellule(texte))


def ecrire_xlsx(feuilles, fichier) -> None:
    """The workbook into ``fichier`` (a path or a binary file): one sheet per ``Feuille``, bold frozen
    headers, amounts as numbers in euros, rates as percentages, an autofilter (``exports.xlsx``)."""
    xlsx.ecrire(feuilles, fichier, _texte_xlsx)
