"""Recevabilité rules on the pièces jointes: R01, R03 and R18, and the CD letters R07 reads.

``DonneesDossier.pieces`` holds the pièces that count (``Piece.retenue``), by their place (``Piece.cle``:
``lettre_cd_62`` for the letter of the CD of the Pas-de-Calais): an infected or refused one is absent, and
so is a replacement still analysed (the pièce it replaces counts until then). A pièce still analysed by the antivirus counts as joined, flagged: the rule gives a non-blocking
avertissement until the antivirus has answered (a dépôt is never held back by the antivirus' delay; a
pièce found infected afterwards becomes absent, and the rule asks for it again).
"""

from collections.abc import Mapping
from typing import Any, Protocol

from core.format import liste_fr
from core.resultats import Resultat, Statut
from pieces.models import NaturePiece, Piece, cle


class DonneesPieces(Protocol):
    """What these rules read of the dossier's snapshot (``candidatures.donnees.DonneesDossier`` is one):
    the pièces do not import the dossier."""

    @property
    def dossier(self) -> Any: ...  # candidatures.models.Dossier

    @property
    def appel(self) -> Any: ...  # ami.models.Appel: ``annexe_pages_max``

    @property
    def pieces(self) -> Mapping[str, Piece]: ...  # {Piece.cle: Piece}, the pièces that count

    @property
    def departements(self) -> tuple[str, ...]: ...  # the codes of the territory's départements

    @property
    def noms_departements(self) -> Mapping[str, str]: ...  # {code: nom}

    @property
    def porteur_departement(self) -> str: ...  # the code of the porteur's département

    @property
    def porteur_est_cd(self) -> bool: ...

    @property
    def cas_exceptionnel_admis(self) -> bool: ...  # R02's judgement (candidatures.rules.territoire)


def departements_lettre_cd(departements, porteur_est_cd: bool, porteur_departement: str) -> list[str]:
    """The départements whose conseil départemental must give its engagement letter: every département
    of the territory, but the porteur's own when the porteur is that CD.

    Sources: AMI, II.A « Sont soutenus par le conseil départemental et Pôle emploi (lettre
    d’engagement) » ; FAQ « Une lettre d’engagement de Pôle Emploi et du Conseil Départemental lorsqu’il
    n’est pas porteur du projet sont demandées » and « le porteur de projet devra obtenir l’accord des
    deux départements ». The pièces page shows one slot per département of this list, the rules R01 and
    R07 and the completion of the pièces read it: one list, everywhere."""
    return [code for code in sorted(departements) if not (porteur_est_cd and code == porteur_departement)]


def lettres_cd(d: DonneesPieces) -> dict[str, Piece | None]:
    """{code: the CD letter joined for it, or None}, for each département that needs one."""
    attendues = departements_lettre_cd(d.departements, d.porteur_est_cd, d.porteur_departement)
    return {code: d.pieces.get(cle(NaturePiece.LETTRE_CD, code)) for code in attendues}


def lettres_cd_manquantes(d: DonneesPieces) -> list[str]:
    """The départements whose CD letter is missing, once R02's exception is taken into account: none
    when the exception is admitted (R02 « en l’absence de lettre d’engagement du conseil
    départemental »)."""
    if d.cas_exceptionnel_admis:
        return []
    return [code for code, lettre in lettres_cd(d).items() if lettre is None]


def nommer(d: DonneesPieces, codes) -> str:
    """« Nord (59) et Pas-de-Calais (62) »."""
    noms = d.noms_departements
    return liste_fr([f"{noms[code]} ({code})" if noms.get(code) else code for code in codes])


def lettres_a_joindre(d: DonneesPieces, codes) -> str:
    """« la lettre d’engagement du conseil départemental : Pas-de-Calais (62) », plural for several."""
    if len(codes) == 1:
        return f"la lettre d’engagement du conseil départemental : {nommer(d, codes)}"
    return f"les lettres d’engagement des conseils départementaux : {nommer(d, codes)}"


def ancre_lettre(codes) -> str:
    """The place of the first letter of ``codes`` on the pièces page."""
    return f"pieces#{cle(NaturePiece.LETTRE_CD, codes[0] if codes else None)}"


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
    """R01 — porté par un conseil départemental, ou par un autre acteur avec la lettre d'engagement du CD
    de chaque département du territoire (``departements_lettre_cd``).

    Source : AMI, II.A « Sont portés administrativement par un conseil départemental ou un autre acteur
    de l’insertion et de l’emploi, en accord avec le conseil départemental ; Sont soutenus par le conseil
    départemental et Pôle emploi (lettre d’engagement) » ; FAQ « Une lettre d’engagement de Pôle Emploi
    et du Conseil Départemental lorsqu’il n’est pas porteur du projet sont demandées ». The exception is
    R02's judgement (``cas_exceptionnel_admis``): a refused or incomplete R02 never makes R01 pass.
    """
    source, champ = "AMI, II.A ; FAQ", "pieces#lettre_cd"
    lettres = lettres_cd(d)
    if d.porteur_est_cd and not lettres:
        return Resultat("R01", Statut.RESPECTE, "Le porteur est le conseil départemental.", source, "")
    if not d.porteur_est_cd and not d.departements and not d.cas_exceptionnel_admis:
        return Resultat(
            "R01",
            Statut.A_COMPLETER,
            "Le porteur n’est pas un conseil départemental : indiquez le territoire (section 3), puis "
            "joignez la lettre d’engagement du conseil départemental de chacun de ses départements.",
            source,
            "territoire#territoire",
        )
    en_cours = [code for code, lettre in lettres.items() if lettre is not None and lettre.en_cours]
    if en_cours:
        libelle = f"La lettre d’engagement du conseil départemental ({nommer(d, en_cours)})"
        return _en_analyse("R01", libelle, source, ancre_lettre(en_cours))
    jointes = [code for code, lettre in lettres.items() if lettre is not None]
    manquantes = lettres_cd_manquantes(d)
    porteur = "Le porteur est un conseil départemental ; " if d.porteur_est_cd else ""
    if not manquantes:
        if jointes and len(jointes) == len(lettres):
            jointe = "sont jointes" if len(jointes) > 1 else "est jointe"
            message = f"{porteur}{lettres_a_joindre(d, jointes)} {jointe}."
            return Resultat("R01", Statut.RESPECTE, message[0].upper() + message[1:], source, champ)
        return Resultat(
            "R01",
            Statut.RESPECTE,
            "Sans lettre du conseil départemental, au titre du cas exceptionnel admis (R02).",
            source,
            "territoire#cas-exceptionnel",
        )
    if d.porteur_est_cd:
        debut = "Le porteur est un conseil départemental ; pour le territoire hors de son département, "
    else:
        debut = "Le porteur n’est pas un conseil départemental : "
    message = f"{debut}joignez {lettres_a_joindre(d, manquantes)}."
    if d.dossier.cas_exceptionnel and not d.porteur_est_cd:
        message += " Le cas exceptionnel déclaré n’est pas admis (voir R02)."
    elif not d.porteur_est_cd:
        message += " À défaut, déclarez le cas exceptionnel (R02) s’il s’applique."
    return Resultat("R01", Statut.A_COMPLETER, message, source, ancre_lettre(manquantes))


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
    """R18 — la pièce jointe facultative compte au plus ``Appel.annexe_pages_max`` pages (10 en 2021).

    Source : FAQ (conseils de remplissage) « les candidats ont la possibilité d’ajouter une pièce jointe
    facultative (10 pages maximum) pour compléter leur dossier ». The upload refuses a longer one
    (``pieces.forms``, ``pieces.analyse``): R18 still judges one joined before the call's maximum was
    lowered.
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
        f"La pièce jointe facultative compte {annexe.pages} page{'s' if annexe.pages > 1 else ''} sur "
        f"{maximum} au maximum.",
        source,
        champ,
    )
