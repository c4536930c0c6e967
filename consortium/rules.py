"""Recevabilité rules on the consortium: R04 and W01. They judge each member by what the structure is
(``Membre.nature``: its statut, or the row of Pôle emploi and of the State), and count the chef de file."""

from collections.abc import Sequence
from typing import Protocol

from comptes.models import TypeOrganisation
from consortium.models import Membre
from core.resultats import Resultat, Statut

# The porteurs that are themselves actors of the insertion: every one but the CD (AMI, II.A « un
# conseil départemental ou un autre acteur de l’insertion et de l’emploi »).
PORTEURS_ACTEURS = frozenset(TypeOrganisation.values) - {TypeOrganisation.CONSEIL_DEPARTEMENTAL}


class DonneesConsortium(Protocol):
    """What these rules read of the dossier's snapshot (``candidatures.donnees.DonneesDossier`` is one):
    the consortium does not import the dossier."""

    @property
    def membres(self) -> Sequence[Membre]: ...

    @property
    def porteur_type(self) -> str: ...


def _membres_nommes(d: DonneesConsortium):
    return [m for m in d.membres if m.structure.strip()]


def _liste(membres) -> str:
    return ", ".join(f"« {m.structure.strip()} »" for m in membres)


def _porteur(d: DonneesConsortium) -> str:
    """« le chef de file (PLIE) »."""
    return f"le chef de file ({TypeOrganisation(d.porteur_type).label})"


def r04_consortium_elargi(d: DonneesConsortium) -> Resultat:
    """R04 — le consortium va au-delà du conseil départemental et de Pôle emploi : au moins un acteur de
    l'insertion sociale ou professionnelle (ni le CD, ni Pôle emploi, ni l'État déconcentré), le chef de
    file compris quand il en est un. Chaque membre est jugé sur ce qu'il est (son statut), jamais sur
    une case ; un membre dont le nom désigne un conseil départemental et dont le statut dit autre chose
    est à corriger.

    Source : AMI, II.A « Impliquent un consortium d’acteurs de l’insertion sociale (dont les acteurs du
    logement, de la santé, du médico-social, de la mobilité…) et professionnelle au-delà du conseil
    départemental et de Pôle emploi » ; II.B « au-delà du conseil départemental, de Pôle emploi et de
    l’Etat déconcentré ».
    """
    source, champ = "AMI, II.A", "consortium"
    membres = _membres_nommes(d)
    if not membres:
        return Resultat("R04", Statut.A_COMPLETER, "Ajoutez les membres du consortium.", source, champ)
    contredits = [m for m in membres if m.statut_contredit]
    if contredits:
        return Resultat(
            "R04",
            Statut.A_COMPLETER,
            f"{_liste(contredits)} : le nom désigne un conseil départemental, le statut dit autre chose. "
            "Choisissez le statut « Conseil départemental » (il ne compte pas parmi les acteurs « au-delà "
            "du conseil départemental et de Pôle emploi », AMI, II.A), ou corrigez le nom s’il s’agit "
            "d’une autre structure.",
            source,
            f"{champ}#ligne-membre-{contredits[0].pk}" if contredits[0].pk else champ,
        )
    acteurs = [m for m in membres if m.est_acteur_insertion]
    porteur = d.porteur_type in PORTEURS_ACTEURS
    if not acteurs and not porteur:
        sans_statut = [m for m in membres if not m.nature]
        if sans_statut:
            return Resultat(
                "R04",
                Statut.A_COMPLETER,
                f"Indiquez le statut de {_liste(sans_statut)} : le consortium doit réunir des acteurs de "
                "l’insertion sociale et professionnelle « au-delà du conseil départemental et de Pôle "
                "emploi » (AMI, II.A).",
                source,
                f"{champ}#ligne-membre-{sans_statut[0].pk}" if sans_statut[0].pk else champ,
            )
        return Resultat(
            "R04",
            Statut.NON_RESPECTE,
            "Le consortium doit réunir des acteurs de l’insertion sociale et professionnelle au-delà du "
            "conseil départemental, de Pôle emploi et de l’État (AMI, II.A « au-delà du conseil "
            "départemental et de Pôle emploi »).",
            source,
            champ,
        )
    compte = [f"{len(acteurs)} membre(s)"] if acteurs else []
    if porteur:
        compte.append(_porteur(d))
    return Resultat(
        "R04",
        Statut.RESPECTE,
        f"{len(membres)} membre(s) ; acteurs de l’insertion au-delà du conseil départemental et de Pôle "
        f"emploi : {' et '.join(compte)}.",
        source,
        champ,
    )


def w01_associations(d: DonneesConsortium) -> Resultat:
    """W01 (avertissement) — pas d'association dans le consortium : les membres dont le statut est
    « Association », quelle que soit leur rubrique (une mission locale associative compte), et le chef de
    file quand c'est une association.

    Source : FAQ « il est très vivement souhaité que le consortium comporte des associations ».
    """
    source, champ = "FAQ", "consortium#type-association"
    associations = [m for m in _membres_nommes(d) if m.est_association]
    porteur = d.porteur_type == TypeOrganisation.ASSOCIATION
    if associations or porteur:
        compte = [f"{len(associations)} association(s)"] if associations else []
        if porteur:
            compte.append("le chef de file, une association")
        return Resultat(
            "W01",
            Statut.RESPECTE,
            f"Le consortium comporte {' et '.join(compte)}.",
            source,
            champ,
        )
    return Resultat(
        "W01",
        Statut.NON_RESPECTE,
        "Le consortium ne comporte aucune association : « il est très vivement souhaité que le consortium "
        "comporte des associations » (FAQ). Le statut de chaque membre dit s’il en est une.",
        source,
        champ,
        avertissement=True,
    )
