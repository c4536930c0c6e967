"""Boundaries of the recevabilité rules — R01–R03: the porteur, the engagement letters, the exceptional
case (R08, the first AMI: tests/test_fidelite_r08.py)."""

from dataclasses import replace

import pytest

from candidatures.models import Public
from candidatures.rules import (
    r02_cas_exceptionnel,
    r05_publics,
)
from comptes.models import TypeOrganisation
from core.resultats import Statut
from pieces.models import NaturePiece
from pieces.rules import r01_porteur_et_conseil_departemental, r03_lettre_pole_emploi
from tests.instantanes import (
    donnees,
    dossier,
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
            "lettre_cd_59": piece(NaturePiece.LETTRE_CD, departement="59"),
        },
    )
    verifier(
        r01_porteur_et_conseil_departemental(d),
        "R01",
        Statut.RESPECTE,
        "La lettre d’engagement du conseil départemental : Nord (59) est jointe.",
    )
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE)
    verifier(r03_lettre_pole_emploi(d), "R03", Statut.RESPECTE)


def test_porteur_non_cd_sans_lettre_cd():
    d = sans_lettre_cd()
    verifier(
        r01_porteur_et_conseil_departemental(d),
        "R01",
        Statut.A_COMPLETER,
        "joignez la lettre d’engagement du conseil départemental : Nord (59)",
        "R02",
        champ="pieces#lettre_cd_59",
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
    # Not admitted while unjustified: R01 asks for the letter (issue 16, point 2).
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.A_COMPLETER, "n’est pas admis")
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
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE, "Le porteur est le conseil")
    verifier(r02_cas_exceptionnel(d), "R02", Statut.NON_RESPECTE, "retirez la déclaration")


# R08: tests/test_fidelite_r08.py (the call's conditions for an actor of a SPIE territory).
