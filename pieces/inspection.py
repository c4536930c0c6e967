"""What a PDF holds, read from its bytes: the signature at offset 0, no active content (JavaScript, launch
actions, embedded files, rich media, form submission…), its pages counted. Every step is bounded: in
pages (``PIECE_PAGES_MAX``) and in time (a ``Delai`` checked between two objects), so that a hostile file
costs at most the delay given, in the request (``pieces.forms``) or in the background (``pieces.analyse``).

Two readings, because a name may hide: a cheap one of the raw bytes outside the streams (names written
with ``#xx`` escapes decoded), and pypdf's, which walks every indirect object — in object streams too,
decompressed and decrypted — and the names of every object stream, even one the cross-reference omits.
"""

import io
import logging
import re
import time
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from core.format import liste_fr, nombre_fr

journal = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs are the candidat's, not ours

SIGNATURE = b"%PDF-"

JAVASCRIPT = "du JavaScript"
FICHIERS = "des fichiers joints"
# The PDF names that make a file act — run a script, launch a program, carry or open another file, play
# media, send or import data — and how the candidat is told what the file holds.
ACTIFS = {
    "JS": JAVASCRIPT,
    "JavaScript": JAVASCRIPT,
    "Launch": "une commande de lancement de programme",
    "EmbeddedFile": FICHIERS,
    "EmbeddedFiles": FICHIERS,
    "FileAttachment": FICHIERS,
    "GoToE": FICHIERS,
    "GoToR": "un lien qui ouvre un autre fichier",
    "RichMedia": "du contenu multimédia actif",
    "Rendition": "du contenu multimédia actif",
    "Movie": "du contenu multimédia actif",
    "Sound": "du contenu multimédia actif",
    "SubmitForm": "un envoi de formulaire",
    "ImportData": "une importation de données",
    "XFA": "un formulaire dynamique (XFA)",
}
_ACTIFS_OCTETS = {nom.encode() for nom in ACTIFS}

# A PDF name in raw bytes: « / » then regular characters or #xx escapes (ISO 32000-1, 7.3.5).
_NOM = re.compile(rb"/((?:[^\x00\t\n\x0c\r ()<>\[\]{}/%#]|#[0-9A-Fa-f]{2})+)")
_ECHAPPEMENT = re.compile(rb"#([0-9A-Fa-f]{2})")
# Stream bodies are data (images, fonts, compressed objects): their bytes are not names (``_hors_flux``).
_OBJET = re.compile(rb"(?<![0-9])[0-9]+\s+[0-9]+\s+obj\b")
_TYPE_PAGES = re.compile(rb"/Type\s*/Pages(?![A-Za-z0-9#])")
_TYPE_OBJSTM = re.compile(rb"/Type\s*/ObjStm(?![A-Za-z0-9#])")
_COUNT = re.compile(rb"/Count\s+([0-9]+)")
_N = re.compile(rb"/N\s+([0-9]+)")
# pypdf reads the cross-reference of every object at once: above OBJETS_IMMEDIATS objects it is left to
# the background task; above OBJETS_MAX (tens of seconds of reading), the file is refused.
OBJETS_IMMEDIATS = 5_000
OBJETS_MAX = 200_000


class PdfRefuse(Exception):
    """The file is refused; ``message`` says why, in French, for the field's error."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DelaiDepasse(Exception):
    """The reading took longer than its delay: it goes on in the background, or the file is refused."""


class Delai:
    def __init__(self, secondes: float):
        self.fin = time.monotonic() + secondes

    def verifier(self) -> None:
        if time.monotonic() > self.fin:
            raise DelaiDepasse


@dataclass(frozen=True)
class Inspection:
    pages: int


def verifier_signature(debut: bytes) -> None:
    if not debut.startswith(SIGNATURE):
        raise PdfRefuse(
            "Ce fichier n’est pas un PDF (son contenu ne commence pas comme un PDF), quel que soit son nom. "
            "Enregistrez le document au format PDF puis recommencez."
        )


def message_trop_de_pages(pages: int, maximum: int, annexe: bool) -> str:
    """The refusal of a PDF over its maximum, at upload (``PieceForm``) or after the background count
    (``pieces.analyse``): the count, the maximum, the source for the optional annex."""
    if annexe:
        return (
            f"Ce PDF compte {nombre_fr(pages)} pages ; la pièce jointe facultative en compte {maximum} au "
            "maximum (FAQ, conseils de remplissage) : il n’est pas joint au dossier. Réduisez-le puis "
            "recommencez."
        )
    return f"Ce PDF compte {nombre_fr(pages)} pages ; {maximum} au maximum : il n’est pas joint au dossier."


def message_actif(trouves) -> str:
    contenus = liste_fr(sorted({ACTIFS[nom] for nom in trouves}, key=list(ACTIFS.values()).index))
    return (
        f"Ce PDF contient {contenus}, que le portail refuse : enregistrez-le sans (menu Imprimer, "
        "imprimante « Enregistrer au format PDF » ou « Microsoft Print to PDF ») puis recommencez."
    )


def noms_actifs_bruts(octets: bytes) -> set[str]:
    """The active names written in ``octets`` outside stream bodies, ``#xx`` escapes decoded."""
    return _noms_actifs_hors_flux(_hors_flux(octets))


def _hors_flux(octets: bytes) -> bytes:
    """``octets`` without the bodies of streams (``stream`` end of line … ``endstream``); a stream left
    open keeps its bytes (read as names: the cautious side)."""
    morceaux, position = [], 0
    while (debut := octets.find(b"stream", position)) >= 0:
        apres = debut + 6
        if octets[debut - 3 : debut] == b"end" or octets[apres : apres + 1] not in (b"\n", b"\r"):
            morceaux.append(octets[position:apres])
            position = apres
            continue
        fin = octets.find(b"endstream", apres)
        if fin < 0:
            break
        morceaux += [octets[position:debut], b" "]
        position = fin + 9
    morceaux.append(octets[position:])
    return b"".join(morceaux)


def _dictionnaire_autour(sans_flux: bytes, position: int) -> bytes:
    """The object around ``position`` (from its « obj » to its « endobj »)."""
    debut = sans_flux.rfind(b"obj", 0, position)
    fin = sans_flux.find(b"endobj", position)
    return sans_flux[max(debut, 0) : fin if fin >= 0 else len(sans_flux)]


def _noms_actifs_hors_flux(sans_flux: bytes) -> set[str]:
    trouves = set()
    for nom in set(_NOM.findall(sans_flux)):
        if b"#" in nom:
            nom = _ECHAPPEMENT.sub(lambda m: bytes([int(m.group(1), 16)]), nom)
        if nom in _ACTIFS_OCTETS:
            trouves.add(nom.decode())
    return trouves


@dataclass(frozen=True)
class LectureBrute:
    objets: int  # written in the file, those of its object streams included
    pages: int = 0  # the count the page tree declares (0: none read); pypdf's count is the true one


def lecture_brute(octets: bytes, pages_max: int) -> LectureBrute:
    """The cheap reading, regular expressions over the bytes, for every file in the request whatever its
    size: the signature, the active names, the page count the page tree declares, the number of objects
    (pypdf's reading of the cross-reference alone grows with it)."""
    verifier_signature(octets[:8])
    sans_flux = _hors_flux(octets)
    trouves = _noms_actifs_hors_flux(sans_flux)
    if trouves:
        raise PdfRefuse(message_actif(trouves))
    declare, objets = 0, len(_OBJET.findall(sans_flux))
    for noeud in _TYPE_PAGES.finditer(sans_flux):
        comptes = _COUNT.findall(_dictionnaire_autour(sans_flux, noeud.start()))
        declare = max([declare, *(int(n) for n in comptes)])
    for flux in _TYPE_OBJSTM.finditer(sans_flux):
        objets += sum(int(n) for n in _N.findall(_dictionnaire_autour(sans_flux, flux.start())))
    if declare > pages_max:
        raise PdfRefuse(f"Ce PDF compte {nombre_fr(declare)} pages ; {pages_max} au maximum.")
    if objets > OBJETS_MAX:
        raise PdfRefuse(
            f"Ce PDF compte {nombre_fr(objets)} objets : il est trop complexe pour être analysé. "
            "Enregistrez-le à nouveau (menu Imprimer, « Enregistrer au format PDF ») puis recommencez."
        )
    return LectureBrute(objets, declare)


def inspecter(octets: bytes, secondes: float, pages_max: int) -> Inspection:
    """The whole reading (the raw one, pypdf's walk, pages), within ``secondes``.

    Raises ``PdfRefuse`` (with the French reason) or ``DelaiDepasse``."""
    delai = Delai(secondes)
    lecture_brute(octets, pages_max)
    delai.verifier()
    try:
        lecteur = PdfReader(io.BytesIO(octets), strict=False)
        if lecteur.is_encrypted and not lecteur.decrypt(""):
            raise PdfRefuse("Ce PDF est protégé par un mot de passe : déposez une version non protégée.")
        delai.verifier()
        pages = compter_pages(lecteur, pages_max, delai)
        trouves = noms_actifs(lecteur, delai)
    except (PdfRefuse, DelaiDepasse):
        raise
    except Exception as erreur:  # pypdf on a malformed file: any error, never a 500
        journal.info("PDF illisible : %r", erreur)
        raise PdfRefuse("Ce PDF est illisible ou endommagé : enregistrez-le à nouveau en PDF.") from None
    if trouves:
        raise PdfRefuse(message_actif(trouves))
    return Inspection(pages)


def compter_pages(lecteur: PdfReader, maximum: int, delai: Delai) -> int:
    """The leaves of the page tree, as a viewer shows them; refused beyond ``maximum``: by the count the
    tree declares (« 20 000 pages », read at once), or by the leaves found (the declared count lied)."""
    racine = lecteur.trailer["/Root"].get_object()["/Pages"].get_object()
    declare = racine.get("/Count")
    if isinstance(declare, int) and declare > maximum:
        raise PdfRefuse(f"Ce PDF compte {nombre_fr(int(declare))} pages ; {maximum} au maximum.")
    pages, pile, vus = 0, [racine], set()
    while pile:
        delai.verifier()
        noeud = pile.pop()
        enfants = noeud.get("/Kids")
        if noeud.get("/Type") == "/Page" or not isinstance(enfants, ArrayObject):
            pages += 1
            if pages > maximum:
                raise PdfRefuse(f"Ce PDF compte plus de {maximum} pages ; {maximum} au maximum.")
            continue
        for enfant in enfants:
            if isinstance(enfant, IndirectObject):
                if (enfant.idnum, enfant.generation) in vus:
                    continue  # a cycle, or a page listed twice
                vus.add((enfant.idnum, enfant.generation))
            enfant = enfant.get_object()
            if isinstance(enfant, DictionaryObject):
                pile.append(enfant)
    if pages < 1:
        raise PdfRefuse("Ce PDF ne contient aucune page.")
    return pages


def noms_actifs(lecteur: PdfReader, delai: Delai) -> set[str]:
    """Every indirect object of the file (the catalog and its names tree, pages and their /AA,
    annotations and their /A…), those of object streams included: the active names used as keys or
    values. The names of each object stream are read raw as well."""
    trouves = _noms_de(lecteur.trailer, delai)
    numeros = {(num, gen) for gen, table in lecteur.xref.items() for num in table}
    numeros |= {(num, 0) for num in lecteur.xref_objStm}
    for num, gen in sorted(numeros):
        delai.verifier()
        trouves |= _noms_de(lecteur.get_object(IndirectObject(num, gen, lecteur)), delai)
    return trouves


def _noms_de(objet, delai: Delai) -> set[str]:
    """The active names of one object and of the direct objects it holds (its indirect references are
    objects of the file, each read in turn by ``noms_actifs``)."""
    trouves, a_voir, n = set(), [objet], 0
    while a_voir:
        n += 1
        if n % 1000 == 0:
            delai.verifier()
        objet = a_voir.pop()
        if isinstance(objet, DictionaryObject):
            for cle, valeur in objet.items():
                if cle[1:] in ACTIFS:
                    trouves.add(cle[1:])
                a_voir.append(valeur)
            if isinstance(objet, StreamObject) and objet.get("/Type") == "/ObjStm":
                trouves |= noms_actifs_bruts(objet.get_data())
        elif isinstance(objet, ArrayObject):
            a_voir.extend(objet)
        elif isinstance(objet, NameObject) and objet[1:] in ACTIFS:
            trouves.add(objet[1:])
    return trouves
