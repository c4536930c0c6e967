"""What changed between two readings of a dossier, field by field: after a demande de compléments (the
dossier as asked, then as transmitted) and on an autosave conflict (the stored section, then what the
porteur typed). The one diff of the dossier; both sides are ``{partie: {libellé: valeur}}``."""

import hashlib
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Difference:
    """One value that changed: where (the section's title, or empty within one section), its label,
    before and after."""

    section: str
    libelle: str
    avant: str
    apres: str

    def en_donnees(self) -> dict:
        """JSON-ready, to be kept with the demande de compléments (``Difference(**d)`` reads it back)."""
        return asdict(self)


def differences(avant: dict, apres: dict, parties=None, titres=None, libelles=None) -> list[Difference]:
    """Every value that differs (spaces around it aside) between ``avant`` and ``apres``, part by part
    (``parties``, by default those of ``apres``), keys in their order of appearance. ``titres`` names
    the parts (« 1. Chef de file … »), the part's key otherwise; ``libelles`` ({partie: {clé: libellé}})
    labels the keys when they are not labels themselves (a form's field names)."""
    titres, libelles = titres or {}, libelles or {}
    resultat = []
    for partie in parties or list(apres):
        ancien, nouveau = avant.get(partie, {}), apres.get(partie, {})
        noms = libelles.get(partie, {})
        for cle in dict.fromkeys([*ancien, *nouveau]):
            valeur_avant, valeur_apres = ancien.get(cle, ""), nouveau.get(cle, "")
            if valeur_avant.strip() != valeur_apres.strip():
                resultat.append(
                    Difference(titres.get(partie, partie), noms.get(cle, cle), valeur_avant, valeur_apres)
                )
    return resultat


# The merge of an autosave, field by field. The page keeps, for each field, a short fingerprint of the value
# it was loaded with (its « base », hidden field ``_base``: ``encoder_bases``), refreshed by each save of
# that page only; the server compares, per field, the base, the stored value and what the page sends.

BASE = "_base"


def empreinte(texte: str) -> str:
    """A short fingerprint of a field's value (``fusion.valeur_canonique``): what ``_base`` holds."""
    return hashlib.blake2b(texte.encode(), digest_size=6).hexdigest()


def encoder_bases(bases: dict[str, str]) -> str:
    """« nom:empreinte,… » (a field's name holds neither « : » nor « , »)."""
    return ",".join(f"{nom}:{valeur}" for nom, valeur in bases.items())


def decoder_bases(texte: str | None) -> dict[str, str] | None:
    """The bases the page posted; ``None`` when it posted none (a client without the field)."""
    if texte is None:
        return None
    bases = {}
    for paire in texte.split(","):
        nom, deux_points, valeur = paire.partition(":")
        if nom and deux_points:
            bases[nom] = valeur
    return bases


@dataclass(frozen=True)
class Fusion:
    """What a save does with each field it receives (names of fields, fingerprints compared)."""

    ecrits: frozenset  # changed in this page (or by nobody): what the page sends is written
    repris: frozenset  # changed by someone else only: the stored value stays, the page's is not written
    conflits: tuple  # changed here and elsewhere, differently: nothing may be written until one chooses


def fusionner(bases: dict, enregistrees: dict, envoyees: dict) -> Fusion:
    """The three-way merge of a save: ``bases`` (what the page was loaded with, per field), ``enregistrees``
    (what is stored now) and ``envoyees`` (what the page sends), each {nom: empreinte}. A field the other
    person did not touch is never a conflict, nor one both set to the same value; a field missing from
    ``bases`` (a row added since the page was loaded) has its stored value as base."""
    ecrits, repris, conflits = set(), set(), []
    for nom, envoyee in envoyees.items():
        enregistree = enregistrees.get(nom, "")
        base = bases.get(nom, enregistree)
        ici, ailleurs = envoyee != base, enregistree != base
        if ici and ailleurs and envoyee != enregistree:
            conflits.append(nom)
        elif ailleurs and not ici:
            repris.add(nom)
        else:
            ecrits.add(nom)
    return Fusion(frozenset(ecrits), frozenset(repris), tuple(conflits))
