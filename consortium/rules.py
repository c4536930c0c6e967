"""Recevabilité rules on the consortium: R04 and W01."""

from collections.abc import Sequence
from typing import Protocol

from consortium.models import TYPES_HORS_INSERTION, Membre, TypeMembre
from core.resultats import Resultat, Statut


class DonneesConsortium(Protocol):
    """What these rules read of the dossier's snapshot (``candidatures.donnees.DonneesDossier`` is one):
    the consortium does not import the dossier."""

    @property
    def membres(self) -> Sequence[Membre]: ...


def _membres_nommes(d: DonneesConsortium):
    return [m for m in d.membres if m.structure.strip()]


def r04_consortium_elargi(d: DonneesConsortium) -> Resultat:
    """R04 — le consortium va au-delà du conseil départemental et de Pôle emploi : au moins un acteur de
    l'insertion sociale ou professionnelle (ni le CD, ni Pôle emploi, ni l'État déconcentré).

    Source : AMI, II.A « Impliquent un consortium d’acteurs de l’insertion sociale (dont les acteurs du
    logement, de la santé, du médico-social, de la mobilité…) et professionnelle au-delà du conseil
    départemental et de Pôle emploi ».
    """
    source, champ = "AMI, II.A", "consortium"
    membres = _membres_nommes(d)
    if not membres:
        return Resultat("R04", Statut.A_COMPLETER, "Ajoutez les membres du consortium.", source, champ)
    acteurs = [m for m in membres if m.type not in TYPES_HORS_INSERTION and not m.est_conseil_departemental]
    if not acteurs:
        return Resultat(
            "R04",
            Statut.NON_RESPECTE,
            "Le consortium doit réunir des acteurs de l’insertion sociale et professionnelle au-delà du "
            "conseil départemental, de Pôle emploi et de l’État.",
            source,
            champ,
        )
    return Resultat(
        "R04",
        Statut.RESPECTE,
        f"{len(membres)} membre(s), dont {len(acteurs)} acteur(s) de l’insertion au-delà du conseil "
        "départemental et de Pôle emploi.",
        source,
        champ,
    )


def w01_associations(d: DonneesConsortium) -> Resultat:
    """W01 (avertissement) — pas d'association dans le consortium.

    Source : FAQ « il est très vivement souhaité que le consortium comporte des associations ».
    """
    source, champ = "FAQ", "consortium#type-association"
    associations = [m for m in _membres_nommes(d) if m.type == TypeMembre.ASSOCIATION]
    if associations:
        return Resultat(
            "W01",
            Statut.RESPECTE,
            f"Le consortium comporte {len(associations)} association(s).",
            source,
            champ,
        )
    return Resultat(
        "W01",
        Statut.NON_RESPECTE,
        "Le consortium ne comporte aucune association : « il est très vivement souhaité que le consortium "
        "comporte des associations ».",
        source,
        champ,
        avertissement=True,
    )
