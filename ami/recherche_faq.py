"""The FAQ's search (``?q=`` on « Questions / réponses »): on the server, so that it works without
JavaScript; accents, case and apostrophes ignored (« cofinancement » finds « Cofinancement », « etat »
finds « État »); a question matches when its wording or its answer holds every word searched."""

import re
import unicodedata
from dataclasses import dataclass

from ami.faq import _textes
from core.format import pluriel_fr

LONGUEUR_MAX = 100  # what is searched of ``q``: a question, never a text
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _plier(caractere: str) -> str:
    """One character without its accents, in lowercase (« É » → « e », « œ » → « oe »)."""
    decompose = unicodedata.normalize("NFKD", caractere.translate(APOSTROPHES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return sans_accents.casefold().replace("œ", "oe").replace("æ", "ae")


def plier(texte: str) -> str:
    return "".join(_plier(c) for c in texte)


def mots(recherche: str) -> list[str]:
    """The words searched, folded, without repeats (« Cofinancement  État » → ["cofinancement", "etat"])."""
    return list(dict.fromkeys(plier(recherche[:LONGUEUR_MAX]).split()))


def segments(texte: str, cherches: list[str]) -> list[tuple[str, bool]]:
    """``texte`` cut into (piece, found) pieces: the pieces where a searched word is, to highlight
    (``<mark>``), the folded text mapped back to the original characters."""
    plie, origine = "", []
    for i, caractere in enumerate(texte):
        forme = _plier(caractere)
        plie += forme
        origine += [i] * len(forme)
    marques = [False] * len(texte)
    for mot in cherches:
        for trouve in re.finditer(re.escape(mot), plie):
            for j in range(trouve.start(), trouve.end()):
                marques[origine[j]] = True
    morceaux: list[tuple[str, bool]] = []
    for caractere, marque in zip(texte, marques, strict=True):
        if morceaux and morceaux[-1][1] == marque:
            morceaux[-1] = (morceaux[-1][0] + caractere, marque)
        else:
            morceaux.append((caractere, marque))
    return morceaux


@dataclass(frozen=True)
class Resultat:
    section: dict
    question: dict
    segments: list  # the question's wording, its found words marked


@dataclass(frozen=True)
class Recherche:
    texte: str  # what the visitor typed, trimmed
    resultats: list

    @property
    def message(self) -> str:
        """« 3 questions correspondent à « cofinancement » », or the message of no result."""
        n = len(self.resultats)
        if not n:
            return f"Aucune question ne correspond à « {self.texte} »."
        verbe = "correspondent" if n > 1 else "correspond"
        return f"{n} question{pluriel_fr(n)} {verbe} à « {self.texte} »"


def rechercher(faq: dict, recherche: str) -> Recherche | None:
    """The questions of ``faq`` (``ami.faq.faq``) that hold every word of ``recherche``, in the FAQ's
    order; None when nothing is searched."""
    texte = " ".join((recherche or "")[:LONGUEUR_MAX].split())
    cherches = mots(texte)
    if not cherches:
        return None
    resultats = []
    for section in faq["sections"]:
        for question in section["questions"]:
            tout = plier(" ".join([question["question"], *_textes(question["reponse"])]))
            if all(mot in tout for mot in cherches):
                resultats.append(Resultat(section, question, segments(question["question"], cherches)))
    return Recherche(texte, resultats)
