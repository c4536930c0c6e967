"""Boundaries of the recevabilité rules — R04 and W01: the consortium."""

from consortium.models import TypeMembre
from consortium.rules import r04_consortium_elargi, w01_associations
from core.resultats import Statut
from tests.instantanes import (
    donnees,
    membre,
    verifier,
)

# --- R04, W01: the consortium -----------------------------------------------------------------------

ETAT_ET_POLE_EMPLOI_ET_CD = (
    membre(TypeMembre.POLE_EMPLOI, "Pôle emploi Nord"),
    membre(TypeMembre.ETAT, "DDETS du Nord"),
    membre(TypeMembre.COLLECTIVITE, "Département du Nord", est_conseil_departemental=True),
)


def test_r04_sans_membre_a_completer():
    verifier(
        r04_consortium_elargi(donnees(membres=())),
        "R04",
        Statut.A_COMPLETER,
        "Ajoutez les membres",
        champ="consortium",
    )


def test_r04_membres_sans_structure_ignores():
    membres = (membre(structure=""), membre(TypeMembre.OPERATEUR, structure="   "))
    verifier(r04_consortium_elargi(donnees(membres=membres)), "R04", Statut.A_COMPLETER)


def test_r04_pole_emploi_etat_et_cd_seulement_non_respecte():
    verifier(
        r04_consortium_elargi(donnees(membres=ETAT_ET_POLE_EMPLOI_ET_CD)),
        "R04",
        Statut.NON_RESPECTE,
        "au-delà du conseil départemental, de Pôle emploi et de l’État",
    )


def test_r04_une_association_sans_nom_ne_compte_pas():
    membres = (*ETAT_ET_POLE_EMPLOI_ET_CD, membre(structure=" "))
    verifier(r04_consortium_elargi(donnees(membres=membres)), "R04", Statut.NON_RESPECTE)


def test_r04_avec_une_association_respecte():
    membres = (*ETAT_ET_POLE_EMPLOI_ET_CD, membre())
    verifier(
        r04_consortium_elargi(donnees(membres=membres)),
        "R04",
        Statut.RESPECTE,
        "4 membre(s), dont 1 acteur(s) de l’insertion",
    )


def test_r04_une_collectivite_autre_que_le_cd_compte():
    membres = (*ETAT_ET_POLE_EMPLOI_ET_CD, membre(TypeMembre.COLLECTIVITE, "Métropole européenne de Lille"))
    verifier(r04_consortium_elargi(donnees(membres=membres)), "R04", Statut.RESPECTE, "dont 1 acteur(s)")


def test_w01_sans_association_avertissement_non_bloquant():
    resultat = w01_associations(donnees(membres=ETAT_ET_POLE_EMPLOI_ET_CD))
    verifier(resultat, "W01", Statut.NON_RESPECTE, "très vivement souhaité", bloquant=False)
    assert resultat.avertissement


def test_w01_association_sans_structure_ignoree():
    resultat = w01_associations(donnees(membres=(*ETAT_ET_POLE_EMPLOI_ET_CD, membre(structure=""))))
    verifier(resultat, "W01", Statut.NON_RESPECTE, bloquant=False)
    assert resultat.avertissement


def test_w01_avec_associations():
    membres = (membre(), membre(structure="Association Logement Nord"), membre(TypeMembre.POLE_EMPLOI))
    verifier(w01_associations(donnees(membres=membres)), "W01", Statut.RESPECTE, "2 association(s)")
