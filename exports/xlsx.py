"""The XLSX workbook of the exports, written as it streams: each sheet's XML goes into the ZIP row by
row (by packets of ``PAQUET`` rows), so memory stays that of one packet whatever the number of rows.

Why not a library's writer: on the real export of 10 000 dossiers (2.8 M cells, ``bench/tableurs.py``)
openpyxl's write-only mode and xlsxwriter's ``constant_memory`` mode both cost 4 to 9 µs a cell in
their per-cell machinery (a cell object, its style, an XML element), 20 to 25 s of CPU in all. What
this writer needs of SpreadsheetML (ECMA-376, stable since 2006) is small: inline strings, numbers with
five number formats, dates as serial numbers, a bold header, frozen panes, column widths and an
autofilter — the parts openpyxl itself writes, read back by openpyxl in the tests (tests/exports).

The cells: a text always as an inline string (never a formula, never an error value such as « #N/A »;
``ecriture.texte_de_cellule`` neutralises formulas and ``tronquer`` cuts beyond Excel's limit); a
number (amount, rate, score) as a number with its column's format; a date as Excel's serial number
(days since 1899-12-30) formatted as a date; ``None`` as no cell."""

import datetime
import re
import zipfile
from decimal import Decimal

from exports.colonnes import DATE, MONTANT, NOMBRE, NOTE, TAUX

PAQUET = 200  # rows compressed at once
NIVEAU_ZIP = 1  # zlib's fastest level: the XML of cells compresses well even so
FORMATS = {
    MONTANT: '#,##0.00 "€"',
    TAUX: "0.00 %",
    DATE: "dd/mm/yyyy hh:mm",
    NOTE: "0.00",
    NOMBRE: "#,##0.##",
}
# cellXfs of styles.xml: 0 the default, 1 the header, then one per number format, in FORMATS' order.
EN_TETE = 1
STYLES = {genre: 2 + i for i, genre in enumerate(FORMATS)}
EPOQUE = datetime.datetime(1899, 12, 30)  # Excel's day 0 (Windows, dates after 1900-03-01)
UN_JOUR = datetime.timedelta(days=1)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_ENTETE_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TEXTE = ' t="inlineStr"><is><t xml:space="preserve">'  # after « <c r="B2" »
_A_ECHAPPER = re.compile(r"[&<>\r]")
_ECHAPPEMENTS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _xml(texte: str) -> str:
    """``texte`` as XML character data (a carriage return kept as such)."""
    if _A_ECHAPPER.search(texte) is None:
        return texte
    return _A_ECHAPPER.sub(lambda m: _ECHAPPEMENTS[m.group()], texte)


def _attribut(texte: str) -> str:
    return _xml(texte).replace('"', "&quot;")


def lettre(colonne: int) -> str:
    """« A » for column 1, « Z », « AA »…"""
    lettres = ""
    while colonne:
        colonne, reste = divmod(colonne - 1, 26)
        lettres = chr(65 + reste) + lettres
    return lettres


def _styles() -> str:
    formats = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{_attribut(code)}"/>'
        for i, code in enumerate(FORMATS.values())
    )
    xfs = "".join(
        f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for i in range(len(FORMATS))
    )
    police = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f"{_ENTETE_XML}<styleSheet {_NS}>"
        f'<numFmts count="{len(FORMATS)}">{formats}</numFmts>'
        f'<fonts count="2"><font>{police}</font><font><b/>{police}</font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{2 + len(FORMATS)}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
        f'<alignment vertical="top" wrapText="1"/></xf>{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _types_de_contenu(n: int) -> str:
    feuilles = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    return (
        f'{_ENTETE_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{feuilles}</Types>'
    )


def _relations(cibles: list[tuple[str, str]]) -> str:
    liens = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{type_}" Target="{cible}"/>'
        for i, (type_, cible) in enumerate(cibles, 1)
    )
    return (
        f'{_ENTETE_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{liens}</Relationships>"
    )


def _classeur(noms: list[str], filtres: list[str]) -> str:
    feuilles = "".join(
        f'<sheet name="{_attribut(nom)}" sheetId="{i}" r:id="rId{i}"/>' for i, nom in enumerate(noms, 1)
    )
    noms_definis = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{_xml(_plage(nom, plage))}</definedName>"
        for i, (nom, plage) in enumerate(zip(noms, filtres, strict=True))
    )
    return (
        f"{_ENTETE_XML}<workbook {_NS} {_NS_R}><workbookPr/>"
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{feuilles}</sheets><definedNames>{noms_definis}</definedNames>"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _plage(nom: str, plage: str) -> str:
    """« 'Plan de financement'!$A$1:$G$12 »."""
    debut, fin = plage.split(":")
    absolue = [re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", cellule) for cellule in (debut, fin)]
    return "'" + nom.replace("'", "''") + "'!" + ":".join(absolue)


def _haut_de_feuille(colonnes, premiere: bool) -> str:
    largeurs = "".join(
        f'<col min="{i}" max="{i}" width="{colonne.largeur}" customWidth="1"/>'
        for i, colonne in enumerate(colonnes, 1)
    )
    selection = ' tabSelected="1"' if premiere else ""
    return (
        f"{_ENTETE_XML}<worksheet {_NS} {_NS_R}>"
        f'<sheetViews><sheetView{selection} workbookViewId="0">'
        '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
        '<selection pane="topRight"/><selection pane="bottomLeft"/>'
        '<selection pane="bottomRight" activeCell="B2" sqref="B2"/></sheetView></sheetViews>'
        f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{largeurs}</cols><sheetData>'
    )


def _ligne(n: int, valeurs, cellules, texte) -> str:
    """Row ``n``: ``cellules`` holds each column's « <c r="A » and its number style attribute;
    ``texte``, what a text becomes (``texte_de_cellule`` then ``tronquer``)."""
    morceaux = [f'<row r="{n}">']
    ajouter = morceaux.append
    for (debut, style), v in zip(cellules, valeurs, strict=True):
        if v is None:
            continue
        genre = type(v)
        if genre is str:
            if v := texte(v):  # an empty text: no cell, as openpyxl did
                ajouter(f'{debut}{n}"{_TEXTE}{_xml(v)}</t></is></c>')
        elif genre is Decimal or genre is int:
            ajouter(f'{debut}{n}"{style}><v>{v}</v></c>')
        elif genre is float:
            ajouter(f'{debut}{n}"{style}><v>{v!r}</v></c>')
        elif genre is bool:
            ajouter(f'{debut}{n}" t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, datetime.date):
            if not isinstance(v, datetime.datetime):
                v = datetime.datetime.combine(v, datetime.time())
            ajouter(f'{debut}{n}" s="{STYLES[DATE]}"><v>{(v - EPOQUE) / UN_JOUR!r}</v></c>')
        elif isinstance(v, Decimal | int | float):
            ajouter(f'{debut}{n}"{style}><v>{v}</v></c>')
        else:
            ajouter(f'{debut}{n}"{_TEXTE}{_xml(texte(str(v)))}</t></is></c>')
    ajouter("</row>")
    return "".join(morceaux)


def _feuille(zip_, numero: int, definition, texte) -> str:
    """Sheet ``numero`` into the ZIP; returns its autofilter's range (« A1:BX10001 »)."""
    colonnes = definition.colonnes
    taux = [i for i, colonne in enumerate(colonnes) if colonne.genre == TAUX]
    cellules = [
        (f'<c r="{lettre(i)}', f' s="{STYLES[c.genre]}"' if c.genre in STYLES else "")
        for i, c in enumerate(colonnes, 1)
    ]
    en_tete = "".join(
        f'<c r="{lettre(i)}1" s="{EN_TETE}" t="inlineStr"><is><t xml:space="preserve">'
        f"{_xml(texte(c.titre))}</t></is></c>"
        for i, c in enumerate(colonnes, 1)
    )
    n = 1
    with zip_.open(f"xl/worksheets/sheet{numero}.xml", "w") as flux:
        paquet = [_haut_de_feuille(colonnes, numero == 1), f'<row r="1">{en_tete}</row>']
        for n, valeurs in enumerate(definition.lignes, 2):  # noqa: B007 (n: the last row written)
            if taux:  # a rate of 12.5 (%) is the number 0.125 formatted as a percentage
                valeurs = list(valeurs)
                for i in taux:
                    if valeurs[i] is not None and not isinstance(valeurs[i], str):
                        valeurs[i] = valeurs[i] / 100
            paquet.append(_ligne(n, valeurs, cellules, texte))
            if len(paquet) >= PAQUET:
                flux.write("".join(paquet).encode("utf-8", "replace"))
                paquet.clear()
        paquet.append(f'</sheetData><autoFilter ref="A1:{lettre(len(colonnes))}{n}"/></worksheet>')
        flux.write("".join(paquet).encode("utf-8", "replace"))
    return f"A1:{lettre(len(colonnes))}{n}"


def ecrire(feuilles, fichier, texte) -> None:
    """The workbook of ``feuilles`` (``exports.lignes.Feuille``) into ``fichier`` (a path or a
    binary file)."""
    noms = [definition.nom[:31] for definition in feuilles]
    with zipfile.ZipFile(fichier, "w", zipfile.ZIP_DEFLATED, compresslevel=NIVEAU_ZIP) as zip_:
        zip_.writestr("[Content_Types].xml", _types_de_contenu(len(noms)))
        zip_.writestr("_rels/.rels", _relations([("officeDocument", "xl/workbook.xml")]))
        zip_.writestr("xl/styles.xml", _styles())
        filtres = [_feuille(zip_, i, definition, texte) for i, definition in enumerate(feuilles, 1)]
        zip_.writestr("xl/workbook.xml", _classeur(noms, filtres))
        cibles = [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(noms) + 1)]
        zip_.writestr("xl/_rels/workbook.xml.rels", _relations([*cibles, ("styles", "styles.xml")]))
