"""Boundaries of the recevabilité rules — R04 and W01: the consortium, judged by what each structure is
(its statut), the chef de file counted (issue 16, point 4)."""

import pytest

from comptes.models import TypeOrganisation
from consortium.models import StatutMembre, TypeMembre
from consortium.rules import r04_consortium_elargi, w01_associations
from core.resultats import Statut
from tests.instantanes import CD, donnees, membre, verifier

T, S = TypeMembre, StatutMembre

POLE_EMPLOI = membre(T.POLE_EMPLOI, "Pôle emploi Nord")
DDETS = membre(T.ETAT, "DDETS du Nord")
CD_DU_NORD = membre(T.COLLECTIVITE, "Conseil départemental du Nord", statut=S.CONSEIL_DEPARTEMENTAL)
ETAT_ET_POLE_EMPLOI_ET_CD = (POLE_EMPLOI, DDETS, CD_DU_NORD)


def consortium(*membres, porteur=CD):
    return donnees(membres=membres, porteur_type=porteur)


# --- R04 -------------------------------------------------------------------------------------------


def test_r04_sans_membre_a_completer():
    verifier(
        r04_consortium_elargi(consortium()),
        "R04",
        Statut.A_COMPLETER,
        "Ajoutez les membres",
        champ="consortium",
    )


def test_r04_membres_sans_structure_ignores():
    d = consortium(
        membre(structure="", statut=S.ASSOCIATION), membre(T.OPERATEUR, "   "), porteur=TypeOrganisation.AUTRE
    )
    verifier(r04_consortium_elargi(d), "R04", Statut.A_COMPLETER, "Ajoutez les membres")


def test_r04_pole_emploi_etat_et_cd_seulement_non_respecte():
    verifier(
        r04_consortium_elargi(consortium(*ETAT_ET_POLE_EMPLOI_ET_CD)),
        "R04",
        Statut.NON_RESPECTE,
        "au-delà du conseil départemental, de Pôle emploi et de l’État",
        "AMI, II.A",
    )


def test_r04_une_association_sans_nom_ne_compte_pas():
    d = consortium(*ETAT_ET_POLE_EMPLOI_ET_CD, membre(structure=" ", statut=S.ASSOCIATION))
    verifier(r04_consortium_elargi(d), "R04", Statut.NON_RESPECTE)


def test_r04_avec_une_association_respecte():
    d = consortium(*ETAT_ET_POLE_EMPLOI_ET_CD, membre(statut=S.ASSOCIATION))
    verifier(r04_consortium_elargi(d), "R04", Statut.RESPECTE, "4 membre(s)", "Pôle emploi : 1 membre(s).")


def test_r04_une_collectivite_autre_que_le_cd_compte():
    metropole = membre(T.COLLECTIVITE, "Métropole européenne de Lille", statut=S.COLLECTIVITE)
    d = consortium(*ETAT_ET_POLE_EMPLOI_ET_CD, metropole)
    verifier(r04_consortium_elargi(d), "R04", Statut.RESPECTE, ": 1 membre(s)")


def test_r04_le_cd_se_reconnait_a_son_statut_pas_a_sa_rubrique():
    """Listed under « Autres », the CD is still the CD: it does not count."""
    cd_en_autres = membre(
        T.AUTRE, "Département du Nord — direction de l’insertion", statut=S.CONSEIL_DEPARTEMENTAL
    )
    verifier(r04_consortium_elargi(consortium(POLE_EMPLOI, cd_en_autres)), "R04", Statut.NON_RESPECTE)


def test_r04_un_service_de_l_etat_range_ailleurs_ne_compte_pas():
    spip = membre(T.AUTRE, "SPIP du Nord", statut=S.ETAT)
    verifier(r04_consortium_elargi(consortium(POLE_EMPLOI, spip)), "R04", Statut.NON_RESPECTE)


@pytest.mark.parametrize(
    "nom",
    [
        "Conseil départemental du Nord",
        "Département du Nord",
        "Département de la Somme",
        "conseil general de l'Aisne",
    ],
)
def test_r04_nom_de_cd_et_statut_autre_a_corriger(nom):
    """The probe of the issue: a PLIE porteur lists the CD as a collectivité with another statut. The name
    is not trusted alone (the statut decides), but the contradiction is to be corrected."""
    cd_mal_declare = membre(T.COLLECTIVITE, nom, statut=S.COLLECTIVITE, pk=7)
    d = consortium(POLE_EMPLOI, cd_mal_declare, porteur=TypeOrganisation.PLIE)
    resultat = r04_consortium_elargi(d)
    verifier(
        resultat,
        "R04",
        Statut.A_COMPLETER,
        f"« {nom} » : le nom désigne un conseil départemental",
        "« Conseil départemental »",
        "AMI, II.A",
        champ="consortium#ligne-membre-7",
    )


def test_r04_nom_qui_ne_designe_pas_un_cd_n_est_pas_contredit():
    """« Maison départementale… », « Conseil de développement… »: not a CD's name, nothing to correct."""
    autres = (
        membre(T.OPERATEUR, "Maison départementale des personnes handicapées", statut=S.ETABLISSEMENT_PUBLIC),
        membre(T.COLLECTIVITE, "Conseil de développement de la métropole", statut=S.COLLECTIVITE),
    )
    verifier(r04_consortium_elargi(consortium(POLE_EMPLOI, *autres)), "R04", Statut.RESPECTE, ": 2 membre(s)")


def test_r04_nom_de_cd_et_statut_cd_compte_comme_cd():
    verifier(r04_consortium_elargi(consortium(POLE_EMPLOI, CD_DU_NORD)), "R04", Statut.NON_RESPECTE)


def test_r04_chef_de_file_plie_compte():
    """The probe of the issue: a PLIE porteur with the CD and Pôle emploi as members passes."""
    d = consortium(POLE_EMPLOI, CD_DU_NORD, porteur=TypeOrganisation.PLIE)
    verifier(r04_consortium_elargi(d), "R04", Statut.RESPECTE, "le chef de file (PLIE)")


@pytest.mark.parametrize("porteur", sorted(set(TypeOrganisation.values) - {CD}))
def test_r04_tout_chef_de_file_autre_que_le_cd_compte(porteur):
    verifier(r04_consortium_elargi(consortium(POLE_EMPLOI, porteur=porteur)), "R04", Statut.RESPECTE)


def test_r04_chef_de_file_cd_ne_compte_pas():
    verifier(r04_consortium_elargi(consortium(POLE_EMPLOI, DDETS, porteur=CD)), "R04", Statut.NON_RESPECTE)


def test_r04_chef_de_file_et_membres_comptes_ensemble():
    d = consortium(POLE_EMPLOI, membre(statut=S.ASSOCIATION), porteur=TypeOrganisation.MISSION_LOCALE)
    verifier(
        r04_consortium_elargi(d), "R04", Statut.RESPECTE, "1 membre(s) et le chef de file (Mission locale)"
    )


def test_r04_collectivite_sans_statut_a_completer():
    """A collectivité whose statut is not given may be the CD: not counted, asked for."""
    ville = membre(T.COLLECTIVITE, "Ville de Roubaix", statut="", pk=3)
    verifier(
        r04_consortium_elargi(consortium(POLE_EMPLOI, ville)),
        "R04",
        Statut.A_COMPLETER,
        "Indiquez le statut de « Ville de Roubaix »",
        champ="consortium#ligne-membre-3",
    )


def test_r04_sans_statut_mais_un_autre_acteur_respecte():
    ville = membre(T.COLLECTIVITE, "Ville de Roubaix", statut="")
    d = consortium(POLE_EMPLOI, ville, membre(statut=S.ASSOCIATION))
    verifier(r04_consortium_elargi(d), "R04", Statut.RESPECTE, ": 1 membre(s)")


def test_r04_ligne_pole_emploi_a_le_statut_de_sa_rubrique():
    """The rows of Pôle emploi and of the State do not ask the statut: theirs, whatever is stored."""
    pole_emploi = membre(T.POLE_EMPLOI, "Pôle emploi Lille", statut=S.ASSOCIATION)
    assert pole_emploi.nature == S.POLE_EMPLOI and not pole_emploi.statut_demande
    verifier(r04_consortium_elargi(consortium(pole_emploi)), "R04", Statut.NON_RESPECTE)


# --- W01 -------------------------------------------------------------------------------------------


def test_w01_sans_association_avertissement_non_bloquant():
    resultat = w01_associations(consortium(*ETAT_ET_POLE_EMPLOI_ET_CD))
    verifier(resultat, "W01", Statut.NON_RESPECTE, "très vivement souhaité", "FAQ", bloquant=False)
    assert resultat.avertissement


def test_w01_association_sans_structure_ignoree():
    resultat = w01_associations(
        consortium(*ETAT_ET_POLE_EMPLOI_ET_CD, membre(structure="", statut=S.ASSOCIATION))
    )
    verifier(resultat, "W01", Statut.NON_RESPECTE, bloquant=False)


def test_w01_avec_associations():
    d = consortium(
        membre(statut=S.ASSOCIATION),
        membre(structure="Association Logement Nord", statut=S.ASSOCIATION),
        POLE_EMPLOI,
    )
    verifier(w01_associations(d), "W01", Statut.RESPECTE, "2 association(s)")


def test_w01_mission_locale_associative_compte():
    """The probe of the issue: a mission locale run as an association, listed under « Opérateurs »."""
    mission_locale = membre(T.OPERATEUR, "Mission locale de Lille", statut=S.ASSOCIATION)
    verifier(
        w01_associations(consortium(POLE_EMPLOI, mission_locale)), "W01", Statut.RESPECTE, "1 association(s)"
    )


def test_w01_la_rubrique_associations_ne_suffit_pas():
    """Listed under « Associations » with the statut of an entreprise: not an association."""
    entreprise = membre(T.ASSOCIATION, "Entreprise d’insertion Nord", statut=S.ENTREPRISE)
    resultat = w01_associations(consortium(POLE_EMPLOI, entreprise))
    verifier(resultat, "W01", Statut.NON_RESPECTE, bloquant=False)


def test_w01_chef_de_file_association_compte():
    d = consortium(POLE_EMPLOI, porteur=TypeOrganisation.ASSOCIATION)
    verifier(w01_associations(d), "W01", Statut.RESPECTE, "le chef de file, une association")


@pytest.mark.parametrize("porteur", [CD, TypeOrganisation.MISSION_LOCALE, TypeOrganisation.SIAE])
def test_w01_chef_de_file_autre_qu_une_association_ne_compte_pas(porteur):
    resultat = w01_associations(consortium(POLE_EMPLOI, porteur=porteur))
    verifier(resultat, "W01", Statut.NON_RESPECTE, bloquant=False)
