"""L’attestation de dépôt: what was deposited, when, by whom, and the SHA-256 empreinte of the deposited
content, so that anyone holding the same content can check it is the one deposited.

The deposited content, in one canonical form (``contenu_depose``): the dossier's number, intitulé,
organisation and SIRET; every section as a reader sees it (``resume.instantane``: {section: {label:
value}}, the labels of annexe 7); every budget line (``budget.chiffres.Depense``, ``Financement``, amounts
as decimal strings); each pièce with its file's own SHA-256 (``pieces.Piece.empreinte``).

The empreinte (``empreinte``) is the SHA-256, in lowercase hexadecimal, of that content serialised as
JSON with sorted keys, no whitespace (separators ``,`` and ``:``), non-ASCII characters kept, in UTF-8::

    hashlib.sha256(json.dumps(contenu, sort_keys=True, ensure_ascii=False,
                              separators=(",", ":")).encode("utf-8")).hexdigest()

At the dépôt (``depot.deposer``), the content and its empreinte are sealed in the history, in the
« Dépôt du dossier » transition (``Transition.donnees``: {"empreinte": …, "contenu": …}): the attestation
always shows the empreinte of the dépôt, even after compléments changed the dossier, and the content it
was computed over stays readable there to recompute it. A dossier deposited before the seal existed is
read-only since its dépôt: its empreinte is computed over its current content (``scellement``).

The PDF is ``exports.attestation`` (the dossier PDF's machinery), served by ``exports.views.attestation``.
"""

import dataclasses
import hashlib
import json

from django.utils import formats, timezone

from candidatures import cycle
from candidatures.resume import instantane

ALGORITHME = "SHA-256"


def contenu_depose(donnees) -> dict:
    """The deposited content of ``donnees`` (``recevabilite.charger``), JSON-ready (see the module)."""
    dossier = donnees.dossier
    return {
        "dossier": {
            "numero": dossier.numero or "",
            "intitule": dossier.intitule,
            "organisation": dossier.organisation.nom,
            "siret": donnees.porteur_siret,
        },
        "sections": instantane(donnees),
        "depenses": [_ligne(depense) for depense in donnees.budget.depenses],
        "financements": [_ligne(financement) for financement in donnees.budget.financements],
        "pieces": sorted(
            [piece.nature, piece.libelle, piece.nom, piece.empreinte] for piece in donnees.pieces.values()
        ),
    }


def _ligne(ligne) -> dict:
    return {cle: "" if v is None else str(v) for cle, v in dataclasses.asdict(ligne).items()}


def serialiser(contenu: dict) -> bytes:
    """The canonical bytes of ``contenu``: JSON, sorted keys, no whitespace, UTF-8."""
    return json.dumps(contenu, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def empreinte(contenu: dict) -> str:
    """The SHA-256 of ``contenu``'s canonical bytes, 64 lowercase hexadecimal digits."""
    return hashlib.sha256(serialiser(contenu)).hexdigest()


def sceau(donnees) -> dict:
    """What the « Dépôt du dossier » transition keeps: the deposited content and its empreinte."""
    contenu = contenu_depose(donnees)
    return {"empreinte": empreinte(contenu), "contenu": contenu}


def transition_depot(dossier):
    """The last « Dépôt du dossier » of ``dossier`` (after a reopening, the new dépôt), or None."""
    return dossier.transitions.filter(action=cycle.Action.DEPOSER).order_by("-le", "-id").first()


def scellement(dossier) -> str:
    """The empreinte of ``dossier``'s deposited content: the one sealed at its dépôt, or computed over
    its content for a dossier deposited before the seal existed."""
    transition = transition_depot(dossier)
    if transition and transition.donnees.get("empreinte"):
        return transition.donnees["empreinte"]
    from candidatures.recevabilite import charger

    return empreinte(contenu_depose(charger(dossier)))


def date_et_heure(moment) -> str:
    """« le 14 avril 2021 à 23 h 59 min 12 s » (heure de Paris)."""
    local = timezone.localtime(moment)
    jour = "1er" if local.day == 1 else str(local.day)
    mois_annee = formats.date_format(local, "F Y")
    return f"le {jour} {mois_annee} à {local.hour} h {local.minute:02d} min {local.second:02d} s"


def contexte(dossier) -> dict:
    """What the attestation shows; ``dossier`` deposited, ``appel``, ``organisation``, ``depose_par``
    select_related."""
    return {
        "dossier": dossier,
        "appel": dossier.appel,
        "organisation": dossier.organisation,
        "depose_le": date_et_heure(dossier.depose_le),
        "depose_par": dossier.depose_par,
        "empreinte": scellement(dossier),
        "algorithme": ALGORITHME,
        "pied": f"Attestation de dépôt — dossier {dossier.numero}",
    }


def nom_fichier(dossier) -> str:
    return f"attestation-depot-{dossier.numero}.pdf"
