"""Recevabilité rules on the pièces jointes: R01, R03 and R18.

``DonneesDossier.pieces`` holds the pièces that count (``Piece.retenue``): an infected or refused one is
absent. A pièce still analysed by the antivirus counts as joined, flagged: the rule gives a non-blocking
avertissement until the antivirus has answered (a dépôt is never held back by the antivirus' delay; a
pièce found infected afterwards becomes absent, and the rule asks for it again).
"""

from collections.abc import Mapping
from typing import Any, Protocol

from core.resultats import Resultat, Statut
from pieces.models import NaturePiece, Piece


class DonneesPieces(Protocol):
    """What these rules read of the dossier's snapshot (``candidatures.donnees.DonneesDossier`` is one):
    the pièces do not import the dossier."""

    @property
    def dossier(self) -> Any: ...  # candidatures.models.Dossier: ``cas_exceptionnel``

    @property
    def appel(self) -> Any: ...  # ami.models.Appel: ``annexe_pages_max``

    @property
    def pieces(self) -> Mapping[str, Piece]: ...  # {nature: Piece}, the pièces that count

    @property
    def porteur_est_cd(self) -> bool: ...


def _en_analyse(regle: str, libelle: str, source: str, champ: str) -> Resultat:
    return Resultat(
        regle,
        Statut.A_COMPLETER,
        f"{libelle} est jointe ; son analyse antivirus est en cours : elle ne comptera que si le fichier "
        "est déclaré sain.",
        source,
        champ,
        avertissement=True,
    )


def r01_porteur_et_conseil_departemental(d: DonneesPieces) -> Resultat:
    """R01 — porté par un conseil départemental, ou par un autre acteur avec la lettre d'engagement du CD.

    Source : AMI, II.A « Sont portés administrativement par un conseil départemental ou un autre acteur
    de l’insertion et de l’emploi, en accord avec le conseil départemental ; Sont soutenus par le conseil
    départemental et Pôle emploi (lettre d’engagement) ».
    """
    source, champ = "AMI, II.A", "pieces#lettre_cd"
    if d.porteur_est_cd:
        return Resultat("R01", Statut.RESPECTE, "Le porteur est un conseil départemental.", source, "")
    lettre = d.pieces.get(NaturePiece.LETTRE_CD)
    if lettre is not None and lettre.en_cours:
        return _en_analyse("R01", "La lettre d’engagement du conseil départemental", source, champ)
    if lettre is not None:
        return Resultat(
            "R01",
            Statut.RESPECTE,
            "La lettre d’engagement du conseil départemental est jointe.",
            source,
            champ,
        )
    if d.dossier.cas_exceptionnel:
        return Resultat(
            "R01",
            Statut.RESPECTE,
            "Sans lettre du conseil départemental, au titre du cas exceptionnel déclaré (R02).",
            source,
            "territoire#cas-exceptionnel",
        )
    return Resultat(
        "R01",
        Statut.A_COMPLETER,
        "Le porteur n’est pas un conseil départemental : joignez la lettre d’engagement du conseil "
        "départemental (ou déclarez le cas exceptionnel, R02).",
        source,
        champ,
    )


def r03_lettre_pole_emploi(d: DonneesPieces) -> Resultat:
    """R03 — la lettre d'engagement de Pôle emploi est jointe.

    Source : AMI, II.A « Sont soutenus par le conseil départemental et Pôle emploi (lettre d’engagement) ».
    """
    source, champ = "AMI, II.A", "pieces#lettre_pole_emploi"
    lettre = d.pieces.get(NaturePiece.LETTRE_POLE_EMPLOI)
    if lettre is not None and lettre.en_cours:
        return _en_analyse("R03", "La lettre d’engagement de Pôle emploi", source, champ)
    if lettre is not None:
        return Resultat(
            "R03", Statut.RESPECTE, "La lettre d’engagement de Pôle emploi est jointe.", source, champ
        )
    return Resultat(
        "R03", Statut.A_COMPLETER, "Joignez la lettre d’engagement de Pôle emploi.", source, champ
    )


def r18_annexe_10_pages(d: DonneesPieces) -> Resultat:
    """R18 — la pièce jointe facultative compte 10 pages au maximum.

    Source : FAQ « une pièce jointe facultative de 10 pages maximum ».
    """
    source, champ = "FAQ", "pieces#annexe"
    maximum = d.appel.annexe_pages_max
    annexe = d.pieces.get(NaturePiece.ANNEXE)
    if annexe is None:
        return Resultat("R18", Statut.RESPECTE, "Pas de pièce jointe facultative.", source, champ)
    if annexe.pages is None:
        return Resultat(
            "R18",
            Statut.A_COMPLETER,
            "La pièce jointe facultative est en cours d’analyse : ses pages seront comptées à la fin de "
            "l’analyse.",
            source,
            champ,
            avertissement=True,
        )
    if annexe.pages > maximum:
        return Resultat(
            "R18",
            Statut.NON_RESPECTE,
            f"La pièce jointe facultative compte {annexe.pages} pages ; {maximum} pages au maximum.",
            source,
            champ,
        )
    return Resultat(
        "R18",
        Statut.RESPECTE,
        f"La pièce jointe facultative compte {annexe.pages} page(s) sur {maximum} au maximum.",
        source,
        champ,
    )
