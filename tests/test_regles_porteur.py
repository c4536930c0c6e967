"""Boundaries of the recevabilité rules — R01–R03 and R08: the porteur, the engagement letters, the
exceptional case, the first AMI."""

from dataclasses import replace

import pytest

from candidatures.models import EngagementSpie, Public
from candidatures.rules import (
    r02_cas_exceptionnel,
    r05_publics,
    r08_premier_ami,
)
from comptes.models import TypeOrganisation
from core.resultats import Statut
from pieces.models import NaturePiece
from pieces.rules import r01_porteur_et_conseil_departemental, r03_lettre_pole_emploi
from tests.instantanes import (
    SIRET_PORTEUR,
    donnees,
    dossier,
    exclusion,
    piece,
    sans_lettre_cd,
    verifier,
)

# --- R01, R02, R03: porteur, letters and the exceptional case --------------------------------------


def test_porteur_cd_sans_lettre_cd():
    d = donnees()
    assert NaturePiece.LETTRE_CD not in d.pieces
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE, "conseil départemental")
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE, "Sans objet")
    verifier(r03_lettre_pole_emploi(d), "R03", Statut.RESPECTE)


def test_porteur_cd_sans_lettre_pole_emploi():
    d = donnees(pieces={})
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE)
    verifier(
        r03_lettre_pole_emploi(d),
        "R03",
        Statut.A_COMPLETER,
        "Joignez la lettre d’engagement de Pôle emploi",
        champ="pieces#lettre_pole_emploi",
    )


def test_porteur_non_cd_avec_lettre_cd():
    d = donnees(
        porteur_type=TypeOrganisation.MISSION_LOCALE,
        pieces={
            NaturePiece.LETTRE_POLE_EMPLOI: piece(NaturePiece.LETTRE_POLE_EMPLOI),
            NaturePiece.LETTRE_CD: piece(NaturePiece.LETTRE_CD),
        },
    )
    verifier(
        r01_porteur_et_conseil_departemental(d),
        "R01",
        Statut.RESPECTE,
        "lettre d’engagement du conseil départemental est jointe",
    )
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE)
    verifier(r03_lettre_pole_emploi(d), "R03", Statut.RESPECTE)


def test_porteur_non_cd_sans_lettre_cd():
    d = sans_lettre_cd()
    verifier(
        r01_porteur_et_conseil_departemental(d),
        "R01",
        Statut.A_COMPLETER,
        "joignez la lettre d’engagement du conseil départemental",
        "R02",
        champ="pieces#lettre_cd",
    )
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE, "Sans objet")


def test_porteur_non_cd_sans_aucune_lettre():
    d = replace(sans_lettre_cd(), pieces={})
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.A_COMPLETER)
    verifier(r03_lettre_pole_emploi(d), "R03", Statut.A_COMPLETER)


def test_cas_exceptionnel_declare_et_justifie():
    d = sans_lettre_cd(
        cas_exceptionnel=True,
        cas_exceptionnel_justification="Des réfugiés non allocataires du RSA ; pas de projet du CD.",
        publics=[Public.REFUGIES],
    )
    verifier(
        r01_porteur_et_conseil_departemental(d),
        "R01",
        Statut.RESPECTE,
        "cas exceptionnel",
        champ="territoire#cas-exceptionnel",
    )
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE, "signalé aux instructeurs")
    verifier(r05_publics(d), "R05", Statut.RESPECTE, "cas exceptionnel")


@pytest.mark.parametrize("justification", ["", "   \n\t "])
def test_cas_exceptionnel_declare_sans_justification(justification):
    d = sans_lettre_cd(
        cas_exceptionnel=True, cas_exceptionnel_justification=justification, publics=[Public.REFUGIES]
    )
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE)
    verifier(
        r02_cas_exceptionnel(d),
        "R02",
        Statut.A_COMPLETER,
        "Justifiez le cas exceptionnel",
        champ="territoire#cas-exceptionnel",
    )


def test_cas_exceptionnel_avec_le_rsa_parmi_les_publics():
    d = sans_lettre_cd(
        cas_exceptionnel=True,
        cas_exceptionnel_justification="Justification.",
        publics=[Public.RSA, Public.REFUGIES],
    )
    verifier(r02_cas_exceptionnel(d), "R02", Statut.NON_RESPECTE, "allocataires du RSA figurent")


def test_cas_exceptionnel_declare_par_un_cd():
    d = donnees(
        dossier=dossier(
            cas_exceptionnel=True, cas_exceptionnel_justification="Justification.", publics=[Public.JEUNES]
        )
    )
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE, "Le porteur est un conseil")
    verifier(r02_cas_exceptionnel(d), "R02", Statut.NON_RESPECTE, "retirez la déclaration")


# --- R08: first AMI and expérimentations -----------------------------------------------------------


def test_r08_exclusion_au_siret_du_porteur():
    exclu = exclusion(nom="Département du Nord", siret=SIRET_PORTEUR, departement="59")
    resultat = r08_premier_ami(donnees(exclusions=(exclusion(siret="99999999999999"), exclu)))
    verifier(resultat, "R08", Statut.NON_RESPECTE, "ne peuvent pas recandidater", "Département du Nord")


def test_r08_message_garde_les_sigles():
    exclu = exclusion(nom="Département du Nord", siret=SIRET_PORTEUR, departement="59")
    resultat = r08_premier_ami(donnees(exclusions=(exclu,)))
    assert "lauréat du premier AMI" in resultat.message


def test_r08_siret_vide_ne_correspond_pas_a_un_porteur_sans_siret():
    d = donnees(porteur_siret="", exclusions=(exclusion(siret="", departement="13"),))
    verifier(r08_premier_ami(d), "R08", Statut.RESPECTE, "Ni le porteur")


def test_r08_laureat_declare():
    d = donnees(dossier=dossier(engagement_spie=EngagementSpie.LAUREAT))
    verifier(r08_premier_ami(d), "R08", Statut.NON_RESPECTE, "ne peuvent pas recandidater.")


def test_r08_situation_non_indiquee():
    d = donnees(dossier=dossier(engagement_spie=""))
    verifier(r08_premier_ami(d), "R08", Statut.A_COMPLETER, "Indiquez la situation du porteur")


def test_r08_exclusion_sur_un_autre_departement_sans_effet():
    verifier(r08_premier_ami(donnees(exclusions=(exclusion(departement="62"),))), "R08", Statut.RESPECTE)


def test_r08_exclusion_sur_le_departement_du_dossier_a_completer():
    d = donnees(exclusions=(exclusion(nom="SPIE du Nord", departement="59"),))
    verifier(
        r08_premier_ami(d),
        "R08",
        Statut.A_COMPLETER,
        "territoire SPIE (SPIE du Nord)",
        "l’accord du porteur",
        "et l’articulation du projet",
        champ="territoire#engagement-spie",
    )


def test_r08_territoire_spie_accord_sans_articulation():
    d = donnees(
        dossier=dossier(accord_porteur_existant=True, articulation="  "),
        exclusions=(exclusion(departement="59"),),
    )
    resultat = r08_premier_ami(d)
    verifier(resultat, "R08", Statut.A_COMPLETER, "indiquez l’articulation du projet avec le sien.")
    assert "l’accord du porteur" not in resultat.message


def test_r08_territoire_spie_accord_et_articulation():
    d = donnees(
        dossier=dossier(accord_porteur_existant=True, articulation="Nos publics sont les jeunes de l’ASE."),
        exclusions=(exclusion(departement="59"),),
    )
    verifier(r08_premier_ami(d), "R08", Statut.RESPECTE, "accord du porteur existant déclaré")


def test_r08_territoire_declare_sans_exclusion_connue():
    d = donnees(dossier=dossier(engagement_spie=EngagementSpie.TERRITOIRE))
    verifier(r08_premier_ami(d), "R08", Statut.A_COMPLETER, "Sur un territoire SPIE, indiquez")
