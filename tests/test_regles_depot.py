"""Boundaries of the recevabilité rules — R17 and R18: the deadline to the second, the optional
attachment of 10 pages."""

import datetime

import pytest

from ami.models import PARIS
from candidatures.rules import (
    r17_date_limite,
)
from core.resultats import Statut
from pieces.models import NaturePiece
from pieces.rules import r18_annexe_10_pages
from tests.instantanes import (
    SECONDE,
    appel,
    donnees,
    dossier,
    piece,
    verifier,
)

# --- R17: the deadline, to the second ---------------------------------------------------------------

LIMITE = datetime.datetime(2021, 10, 11, 23, 59, 59, tzinfo=PARIS)


def test_date_limite_de_l_appel_2021():
    assert appel().date_limite == LIMITE
    assert appel().date_limite.utcoffset() == datetime.timedelta(hours=2)  # heure d'été


@pytest.mark.parametrize("maintenant", [LIMITE - SECONDE, LIMITE], ids=["une-seconde-avant", "a-la-seconde"])
def test_r17_avant_ou_a_la_date_limite(maintenant):
    verifier(
        r17_date_limite(donnees(maintenant=maintenant)),
        "R17",
        Statut.RESPECTE,
        "jusqu’au 11/10/2021 à 23:59:59 (heure de Paris)",
        champ="depot",
    )


def test_r17_une_seconde_apres():
    verifier(
        r17_date_limite(donnees(maintenant=LIMITE + SECONDE)),
        "R17",
        Statut.NON_RESPECTE,
        "La date limite de dépôt est passée (11/10/2021 à 23:59:59, heure de Paris)",
        champ="depot",
    )


def test_r17_instant_exprime_en_utc():
    a_la_limite = datetime.datetime(2021, 10, 11, 21, 59, 59, tzinfo=datetime.UTC)
    assert r17_date_limite(donnees(maintenant=a_la_limite)).statut == Statut.RESPECTE
    assert r17_date_limite(donnees(maintenant=a_la_limite + SECONDE)).statut == Statut.NON_RESPECTE


def test_r17_dossier_depose_respecte_apres_la_date_limite():
    depose_le = datetime.datetime(2021, 10, 11, 20, 59, 59, tzinfo=datetime.UTC)  # 22:59:59 à Paris
    d = donnees(dossier=dossier(depose_le=depose_le), maintenant=LIMITE + datetime.timedelta(days=30))
    verifier(r17_date_limite(d), "R17", Statut.RESPECTE, "Dossier déposé le 11/10/2021 à 22:59:59")


def test_r17_heure_limite_de_l_appel():
    autre = appel(date_limite_depot=datetime.date(2022, 1, 15), heure_limite_depot=datetime.time(12, 0))
    limite = datetime.datetime(2022, 1, 15, 12, 0, tzinfo=PARIS)
    assert r17_date_limite(donnees(appel=autre, maintenant=limite)).statut == Statut.RESPECTE
    verifier(
        r17_date_limite(donnees(appel=autre, maintenant=limite + SECONDE)),
        "R17",
        Statut.NON_RESPECTE,
        "15/01/2022 à 12:00:00",
    )


# --- R18: the optional attachment -------------------------------------------------------------------


def test_r18_sans_annexe():
    verifier(r18_annexe_10_pages(donnees()), "R18", Statut.RESPECTE, "Pas de pièce jointe facultative")


def _avec_annexe(pages, **champs):
    pieces = {
        NaturePiece.LETTRE_POLE_EMPLOI: piece(NaturePiece.LETTRE_POLE_EMPLOI),
        NaturePiece.ANNEXE: piece(NaturePiece.ANNEXE, pages),
    }
    return donnees(pieces=pieces, **champs)


def test_r18_exactement_10_pages():
    verifier(r18_annexe_10_pages(_avec_annexe(10)), "R18", Statut.RESPECTE, "10 pages sur 10")


def test_r18_11_pages():
    verifier(
        r18_annexe_10_pages(_avec_annexe(11)),
        "R18",
        Statut.NON_RESPECTE,
        "compte 11 pages ; 10 pages au maximum",
        champ="pieces#annexe",
    )


def test_r18_maximum_de_l_appel():
    assert r18_annexe_10_pages(_avec_annexe(5, appel=appel(annexe_pages_max=5))).statut == Statut.RESPECTE
    verifier(
        r18_annexe_10_pages(_avec_annexe(6, appel=appel(annexe_pages_max=5))),
        "R18",
        Statut.NON_RESPECTE,
        "6 pages ; 5 pages",
    )
