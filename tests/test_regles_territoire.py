"""Boundaries of the recevabilité rules — R05, R07 and W02: the publics, the territory, QPV and ZRR."""

import pytest

from candidatures.models import OuiNon, Perimetre, Public
from candidatures.rules import (
    r05_publics,
    r07_territoire,
    w02_qpv_zrr,
)
from core.resultats import Statut
from pieces.models import NaturePiece
from tests.instantanes import (
    donnees,
    dossier,
    piece,
    verifier,
)

# --- R05: publics -----------------------------------------------------------------------------------


def test_r05_sans_public_a_completer():
    verifier(
        r05_publics(donnees(dossier=dossier(publics=[]))), "R05", Statut.A_COMPLETER, "Indiquez les publics"
    )


@pytest.mark.parametrize("precision", ["", "  "])
def test_r05_autres_publics_sans_precision(precision):
    d = donnees(dossier=dossier(publics=[Public.RSA, Public.AUTRES], publics_autres=precision))
    verifier(r05_publics(d), "R05", Statut.A_COMPLETER, "Précisez les autres publics")


def test_r05_autres_publics_precises():
    d = donnees(dossier=dossier(publics=[Public.RSA, Public.AUTRES], publics_autres="Les sortants d’ASE"))
    verifier(r05_publics(d), "R05", Statut.RESPECTE)


def test_r05_sans_rsa_non_respecte():
    d = donnees(dossier=dossier(publics=[Public.JEUNES, Public.HANDICAP]))
    verifier(
        r05_publics(d),
        "R05",
        Statut.NON_RESPECTE,
        "a minima l’insertion vers l’activité et l’emploi des allocataires du RSA",
    )


def test_r05_rsa_seul():
    verifier(r05_publics(donnees(dossier=dossier(publics=[Public.RSA]))), "R05", Statut.RESPECTE, "RSA")


# --- R07: territory ---------------------------------------------------------------------------------


def test_r07_departement_entier():
    verifier(r07_territoire(donnees()), "R07", Statut.RESPECTE, "l’ensemble du département (59)")


@pytest.mark.parametrize(
    ("perimetre", "departements"), [("", ("59",)), (Perimetre.DEPARTEMENT, ()), ("", ())]
)
def test_r07_territoire_non_renseigne(perimetre, departements):
    d = donnees(dossier=dossier(perimetre=perimetre), departements=departements)
    verifier(
        r07_territoire(d), "R07", Statut.A_COMPLETER, "Indiquez le territoire", champ="territoire#territoire"
    )


BASSIN = {"perimetre": Perimetre.BASSINS, "bassins": "Bassin minier"}
PERTINENCE = "Une échelle où les acteurs de l’insertion travaillent déjà ensemble."


@pytest.mark.parametrize("bassins", ["", "  \n "])
def test_r07_bassins_sans_nom(bassins):
    d = donnees(
        dossier=dossier(perimetre=Perimetre.BASSINS, bassins=bassins, pertinence_territoire=PERTINENCE)
    )
    verifier(r07_territoire(d), "R07", Statut.A_COMPLETER, "Nommez les bassins")


def test_r07_bassins_nommes():
    d = donnees(
        dossier=dossier(
            perimetre=Perimetre.BASSINS, bassins="Roubaix-Tourcoing ; Lille", pertinence_territoire=PERTINENCE
        )
    )
    verifier(r07_territoire(d), "R07", Statut.RESPECTE, "des bassins nommés (59)")


def test_r07_deux_departements_sans_accord():
    d = donnees(dossier=dossier(**BASSIN, pertinence_territoire=PERTINENCE), departements=("59", "62"))
    verifier(
        r07_territoire(d),
        "R07",
        Statut.A_COMPLETER,
        "deux départements (Nord (59) et Pas-de-Calais (62))",
        "« le porteur de projet devra obtenir l’accord des deux départements » (FAQ)",
        "Pas-de-Calais (62)",
        champ="pieces#lettre_cd_62",
    )


def test_r07_deux_departements_avec_accord():
    d = donnees(
        dossier=dossier(**BASSIN, pertinence_territoire=PERTINENCE),
        departements=("59", "62"),
        pieces={"lettre_cd_62": piece(NaturePiece.LETTRE_CD, departement="62")},
    )
    verifier(
        r07_territoire(d), "R07", Statut.RESPECTE, "(59, 62)", "l’accord des deux départements est joint"
    )


def test_r07_trois_departements():
    d = donnees(departements=("02", "59", "62"))
    resultat = r07_territoire(d)
    verifier(resultat, "R07", Statut.NON_RESPECTE, "3 départements", "deux départements différents")
    assert "au plus deux" not in resultat.message  # the FAQ says no such thing (issue 16, point 11)


# --- W02: QPV and ZRR --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qpv", "zrr", "zones"),
    [
        (OuiNon.OUI, OuiNon.NON, "des QPV."),
        (OuiNon.NON, OuiNon.OUI, "des ZRR."),
        (OuiNon.OUI, OuiNon.OUI, "des QPV et des ZRR."),
        (OuiNon.OUI, "", "des QPV."),
    ],
)
def test_w02_qpv_ou_zrr(qpv, zrr, zones):
    verifier(w02_qpv_zrr(donnees(dossier=dossier(qpv=qpv, zrr=zrr))), "W02", Statut.RESPECTE, zones)


def test_w02_ni_qpv_ni_zrr_avertissement_non_bloquant():
    resultat = w02_qpv_zrr(donnees(dossier=dossier(qpv=OuiNon.NON, zrr=OuiNon.NON)))
    verifier(resultat, "W02", Statut.NON_RESPECTE, "ni quartier", bloquant=False, champ="territoire#qpv-zrr")
    assert resultat.avertissement


@pytest.mark.parametrize(("qpv", "zrr"), [("", ""), (OuiNon.NON, ""), ("", OuiNon.NON)])
def test_w02_non_renseigne_avertissement(qpv, zrr):
    resultat = w02_qpv_zrr(donnees(dossier=dossier(qpv=qpv, zrr=zrr)))
    verifier(resultat, "W02", Statut.A_COMPLETER, "Indiquez si le projet concerne", bloquant=False)
    assert resultat.avertissement
