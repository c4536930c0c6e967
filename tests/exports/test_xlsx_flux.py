"""Issue 18 — the streaming XLSX writer (``exports.xlsx``) keeps what openpyxl's writer gave: a bold,
wrapped, frozen header, the columns' widths, an autofilter over the rows, amounts in euros, rates as
percentages, dates as dates, texts always as texts (formulas neutralised, « #N/A » a text, spaces,
carriage returns and XML's special characters kept), booleans as booleans, no cell for ``None`` or
an empty text."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from exports.colonnes import DATE, MONTANT, NOMBRE, NOTE, TAUX, Colonne
from exports.ecriture import ecrire_xlsx
from exports.lignes import Feuille
from exports.xlsx import lettre

pytestmark = pytest.mark.django_db  # the suite's autouse fixtures touch the database

COLONNES = [
    Colonne("texte", "Texte", largeur=22),
    Colonne("montant", "Montant", MONTANT, 14),
    Colonne("taux", "Taux", TAUX, 12),
    Colonne("date", "Déposé le", DATE),
    Colonne("note", "Note", NOTE, 10),
    Colonne("nombre", "Nombre", NOMBRE, 10),
]
DEPOT = datetime.datetime(2026, 12, 3, 10, 45, 30)
LIGNES = [
    ["=1+1", Decimal("1234.56"), Decimal("12.5"), DEPOT, Decimal("15.25"), 4],
    ["#N/A", Decimal("-1500"), 70.0, datetime.date(2026, 1, 31), "masquée", Decimal("2.5")],
    ["  a\r\nb <i>&amp; « c »  ", None, None, None, True, ""],
]


def _classeur(lignes=LIGNES):
    fichier = io.BytesIO()
    feuilles = [Feuille("Dossiers", COLONNES, iter(lignes)), Feuille("Vide", COLONNES[:2], iter([]))]
    ecrire_xlsx(feuilles, fichier)
    assert zipfile.ZipFile(fichier).testzip() is None
    return openpyxl.load_workbook(io.BytesIO(fichier.getvalue()))


def test_en_tete_largeurs_volets_et_filtre():
    classeur = _classeur()
    assert classeur.sheetnames == ["Dossiers", "Vide"]
    feuille = classeur["Dossiers"]
    assert [c.value for c in feuille[1]] == [c.titre for c in COLONNES]
    assert all(c.font.b and c.alignment.wrap_text and c.alignment.vertical == "top" for c in feuille[1])
    assert feuille.freeze_panes == "B2"
    assert [feuille.column_dimensions[lettre(i)].width for i in range(1, 7)] == [22, 14, 12, 18, 10, 10]
    assert feuille.auto_filter.ref == "A1:F4"
    assert classeur["Vide"].auto_filter.ref == "A1:B1" and classeur["Vide"].max_row == 1


def test_nombres_dates_et_textes():
    feuille = _classeur()["Dossiers"]
    texte, montant, taux, date, note, nombre = feuille[2]
    assert texte.value == "'=1+1" and texte.data_type == "s"
    assert montant.value == 1234.56 and montant.number_format == '#,##0.00 "€"'
    assert taux.value == 0.125 and taux.number_format == "0.00 %"
    assert date.value == DEPOT and date.number_format == "dd/mm/yyyy hh:mm"
    assert note.value == 15.25 and note.number_format == "0.00"
    assert nombre.value == 4 and nombre.number_format == "#,##0.##"
    texte, montant, taux, date, note, nombre = feuille[3]
    assert texte.value == "#N/A" and texte.data_type == "s"
    assert montant.value == -1500 and taux.value == 0.7
    assert date.value == datetime.datetime(2026, 1, 31) and date.is_date
    assert note.value == "masquée" and nombre.value == 2.5
    texte, montant, taux, date, note, nombre = feuille[4]
    assert texte.value == "  a\r\nb <i>&amp; « c »  "
    assert [montant.value, taux.value, date.value, nombre.value] == [None] * 4
    assert note.value is True


def test_lettres_des_colonnes():
    assert [lettre(n) for n in (1, 26, 27, 52, 702, 703)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]
