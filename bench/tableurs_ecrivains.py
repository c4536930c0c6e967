"""The XLSX writers compared by ``bench/tableurs.py --comparer`` on the real rows of the export (issue 18):
the rows alone (what every writer pays before its first cell), the openpyxl writer the portal used
before issue 18 (write-only mode, one ``WriteOnlyCell`` and its style for each formatted or text cell),
the same openpyxl lightened (plain values, one style array a number format, reused), xlsxwriter in
``constant_memory`` mode through its typed calls (``write_string``/``write_number``, formats created
once; only if installed), and the portal's writer (``exports.xlsx``). Each takes ``(feuilles, fichier)``
as ``exports.ecriture.ecrire_xlsx`` does, with the same texts (formulas neutralised, cut at Excel's
limit), number formats, header, frozen panes, widths and autofilter."""

import datetime

from exports.colonnes import DATE, MONTANT, NOMBRE, NOTE, TAUX, TEXTE
from exports.ecriture import texte_de_cellule, tronquer

FORMATS = {
    MONTANT: '#,##0.00 "€"',
    TAUX: "0.00 %",
    DATE: "dd/mm/yyyy hh:mm",
    NOTE: "0.00",
    NOMBRE: "#,##0.##",
}


def _texte(valeur: str) -> str:
    return tronquer(texte_de_cellule(valeur))


def lignes_seules(feuilles, fichier) -> None:
    """The rows read and thrown away: the cost of ``exports.lignes``, not of a writer."""
    for definition in feuilles:
        for _ in definition.lignes:
            pass


def openpyxl_avant(feuilles, fichier) -> None:
    """``exports.ecriture.ecrire_xlsx`` before issue 18, word for word."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    def cellule(feuille, valeur, genre):
        if isinstance(valeur, str):
            c = WriteOnlyCell(feuille, value=_texte(valeur))
            c.data_type = "s"
            return c
        if genre in FORMATS and valeur is not None:
            c = WriteOnlyCell(feuille, value=valeur / 100 if genre == TAUX else valeur)
            c.number_format = FORMATS[genre]
            return c
        return valeur

    classeur = Workbook(write_only=True)
    for definition in feuilles:
        feuille = classeur.create_sheet(definition.nom[:31])
        for i, colonne in enumerate(definition.colonnes, 1):
            feuille.column_dimensions[get_column_letter(i)].width = colonne.largeur
        feuille.freeze_panes = "B2"
        en_tete = []
        for colonne in definition.colonnes:
            c = cellule(feuille, colonne.titre, TEXTE)
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            en_tete.append(c)
        feuille.append(en_tete)
        genres = [colonne.genre for colonne in definition.colonnes]
        n = 0
        for n, ligne in enumerate(definition.lignes, 1):  # noqa: B007
            feuille.append([cellule(feuille, v, g) for v, g in zip(ligne, genres, strict=True)])
        feuille.auto_filter.ref = f"A1:{get_column_letter(len(genres))}{n + 1}"
    classeur.save(fichier)


def openpyxl_allege(feuilles, fichier) -> None:
    """openpyxl made as cheap as it goes: a text as a plain value (a cell of its own only for the few
    texts openpyxl would take for an error value), a formatted number sharing its column's style array
    (computed once), no style object created per cell."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    classeur = Workbook(write_only=True)
    for definition in feuilles:
        feuille = classeur.create_sheet(definition.nom[:31])
        for i, colonne in enumerate(definition.colonnes, 1):
            feuille.column_dimensions[get_column_letter(i)].width = colonne.largeur
        feuille.freeze_panes = "B2"
        gabarits = {}
        for genre, code in FORMATS.items():
            gabarit = WriteOnlyCell(feuille, value=0)
            gabarit.number_format = code
            gabarits[genre] = gabarit._style
        en_tete = []
        for colonne in definition.colonnes:
            c = WriteOnlyCell(feuille, value=_texte(colonne.titre))
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            en_tete.append(c)
        feuille.append(en_tete)
        styles = [gabarits.get(colonne.genre) for colonne in definition.colonnes]
        taux = [colonne.genre == TAUX for colonne in definition.colonnes]
        n = 0
        for n, ligne in enumerate(definition.lignes, 1):  # noqa: B007
            cellules = []
            for v, style, pourcent in zip(ligne, styles, taux, strict=True):
                if isinstance(v, str):
                    v = _texte(v)
                    if v in ERROR_CODES:
                        v = Cell(feuille, row=1, column=1, value=v)
                        v.data_type = "s"
                elif style is not None and v is not None:
                    v = Cell(feuille, 1, 1, value=v / 100 if pourcent else v, style_array=style)
                cellules.append(v)
            feuille.append(cellules)
        feuille.auto_filter.ref = f"A1:{get_column_letter(len(styles))}{n + 1}"
    classeur.save(fichier)


def xlsxwriter_constant(feuilles, fichier) -> None:
    """xlsxwriter, ``constant_memory`` (each row written when the next begins), typed calls only."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    classeur = xlsxwriter.Workbook(fichier, options)
    gras = classeur.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {genre: classeur.add_format({"num_format": code}) for genre, code in FORMATS.items()}
    for definition in feuilles:
        feuille = classeur.add_worksheet(definition.nom[:31])
        colonnes = definition.colonnes
        for i, colonne in enumerate(colonnes):
            feuille.set_column(i, i, colonne.largeur)
        feuille.freeze_panes(1, 1)
        for i, colonne in enumerate(colonnes):
            feuille.write_string(0, i, _texte(colonne.titre), gras)
        styles = [formats.get(colonne.genre) for colonne in colonnes]
        taux = [colonne.genre == TAUX for colonne in colonnes]
        texte, nombre, date = feuille.write_string, feuille.write_number, feuille.write_datetime
        n = 0
        for n, ligne in enumerate(definition.lignes, 1):
            for j, v in enumerate(ligne):
                if v is None:
                    continue
                genre = type(v)
                if genre is str:
                    texte(n, j, _texte(v))
                elif genre is datetime.datetime:
                    date(n, j, v, formats[DATE])
                else:
                    nombre(n, j, v / 100 if taux[j] else v, styles[j])
        feuille.autofilter(0, 0, n, len(colonnes) - 1)
    classeur.close()


def portail(feuilles, fichier) -> None:
    from exports.ecriture import ecrire_xlsx

    ecrire_xlsx(feuilles, fichier)


ECRIVAINS = {
    "lignes": lignes_seules,
    "openpyxl-avant": openpyxl_avant,
    "openpyxl-allege": openpyxl_allege,
    "xlsxwriter": xlsxwriter_constant,
    "portail": portail,
}
