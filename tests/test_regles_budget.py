"""Boundaries of R11–R15 (issue 4, « Rules engine »): pure functions, no database."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from budget.chiffres import Budget, Depense, Financement
from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
from budget.rules import (
    r11_budget_equilibre,
    r12_part_etat_maximale,
    r13_cofinancement_minimal,
    r14_frais_generaux_plafonnes,
    r15_depenses_eligibles,
)
from core.resultats import Statut

APPEL_2021 = SimpleNamespace(
    subvention_etat_max=Decimal("500000.00"),
    part_etat_max=Decimal("80"),
    cofinancement_min=Decimal("20"),
    frais_generaux_max=Decimal("15"),
)
D = Decimal


def depense(groupe, nature, montant, objet="", deja_financee="non"):
    return Depense(groupe, nature, D(montant), objet, deja_financee)


def cofinancement(type_, montant, financeur, statut="acquis", modalite="numeraire"):
    return Financement(type_, D(montant), financeur, statut, modalite)


def budget(cout, subvention, cofinance, frais_generaux="0", autres=()):
    depenses = [depense(GroupeDepense.AXE_1, NatureDepense.EQUIPE_ANIMATION, D(cout) - D(frais_generaux))]
    if D(frais_generaux):
        depenses.append(depense(GroupeDepense.TRANSVERSAL, NatureDepense.FRAIS_MISSION, frais_generaux))
    financements = [
        Financement(TypeFinancement.SUBVENTION_ETAT, D(subvention), "État"),
        cofinancement(TypeFinancement.AUTOFINANCEMENT, cofinance, "Porteur"),
        *autres,
    ]
    return Budget(tuple(depenses), tuple(financements))


def test_budget_vide_a_completer():
    vide = Budget()
    for regle in (
        r11_budget_equilibre,
        r12_part_etat_maximale,
        r13_cofinancement_minimal,
        r14_frais_generaux_plafonnes,
        r15_depenses_eligibles,
    ):
        resultat = regle(vide, APPEL_2021)
        assert resultat.statut == Statut.A_COMPLETER
        assert resultat.bloquant


def test_r11_financements_egaux_au_cout_global():
    assert r11_budget_equilibre(budget("100000", "80000", "20000")).statut == Statut.RESPECTE
    resultat = r11_budget_equilibre(budget("100000", "80000", "19999.99"))
    assert resultat.statut == Statut.NON_RESPECTE
    assert "écart de 0,01\u00a0€" in resultat.message


def test_r12_exactement_80_pour_cent_passe_un_centime_de_plus_echoue():
    assert r12_part_etat_maximale(budget("500000", "400000", "100000"), APPEL_2021).statut == Statut.RESPECTE
    resultat = r12_part_etat_maximale(budget("500000", "400000.01", "99999.99"), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "l'AMI l'accepte jusqu'à 80\u00a0%" in resultat.message


def test_r12_exactement_500000_passe_un_centime_de_plus_echoue():
    assert r12_part_etat_maximale(budget("700000", "500000", "200000"), APPEL_2021).statut == Statut.RESPECTE
    resultat = r12_part_etat_maximale(budget("700000", "500000.01", "199999.99"), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "dépasse le maximum de 500\u00a0000\u00a0€" in resultat.message


def test_r13_exactement_20_pour_cent_passe():
    resultat = r13_cofinancement_minimal(budget("100000", "80000", "20000"), APPEL_2021)
    assert resultat.statut == Statut.RESPECTE


def test_r13_19_99_pour_cent_echoue_avec_les_chiffres():
    resultat = r13_cofinancement_minimal(budget("100000", "80010", "19990"), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert resultat.message == (
        "Le cofinancement représente 19,99\u00a0% du coût global "
        "(19\u00a0990\u00a0€ sur 100\u00a0000\u00a0€) ; l'AMI demande au moins 20\u00a0%."
    )
    assert resultat.source == "AMI, II.A et III.A.2 ; FAQ"


def test_r13_message_de_l_issue():
    resultat = r13_cofinancement_minimal(budget("500000", "407500", "92500"), APPEL_2021)
    assert "18,5\u00a0% du coût global (92\u00a0500\u00a0€ sur 500\u00a0000\u00a0€)" in resultat.message


def test_r13_calpae_refuse_comme_cofinancement():
    calpae = cofinancement(TypeFinancement.DISPOSITIF_ETAT, "30000", "CALPAE")
    resultat = r13_cofinancement_minimal(budget("150000", "100000", "20000", autres=[calpae]), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "CALPAE" in resultat.message
    assert "13,33\u00a0%" in resultat.message  # the 30 000 € do not count


def test_r14_exactement_15_pour_cent_passe_au_dela_echoue():
    assert r14_frais_generaux_plafonnes(budget("100000", "80000", "20000", "15000"), APPEL_2021).statut == (
        Statut.RESPECTE
    )
    resultat = r14_frais_generaux_plafonnes(budget("100000", "80000", "20000", "15000.01"), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "l'AMI les limite à 15\u00a0%" in resultat.message


def test_r14_compte_les_lignes_par_leur_nature():
    depenses = (
        depense(GroupeDepense.AXE_2, NatureDepense.FORMATIONS_CONJOINTES, "80000"),
        depense(GroupeDepense.AXE_2, NatureDepense.FRAIS_GENERAUX, "20000"),
    )
    resultat = r14_frais_generaux_plafonnes(Budget(depenses, ()), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "20\u00a0%" in resultat.message


@pytest.mark.parametrize(
    "nature",
    [NatureDepense.SYSTEME_INFORMATION, NatureDepense.OFFRE_DIRECTE, NatureDepense.DEJA_FINANCE_ETAT],
)
def test_r15_nature_non_eligible_refusee(nature):
    depenses = (
        depense(GroupeDepense.AXE_1, NatureDepense.EQUIPE_ANIMATION, "90000"),
        depense(GroupeDepense.TRANSVERSAL, nature, "10000", "Logiciel"),
    )
    resultat = r15_depenses_eligibles(Budget(depenses, ()), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "1 ligne(s) de dépense non éligible(s), pour 10\u00a0000\u00a0€ (« Logiciel »)" in resultat.message


def test_r15_natures_eligibles():
    depenses = tuple(
        depense(GroupeDepense.AXE_3, nature, "1000")
        for nature in NatureDepense
        if nature
        not in {
            NatureDepense.SYSTEME_INFORMATION,
            NatureDepense.OFFRE_DIRECTE,
            NatureDepense.DEJA_FINANCE_ETAT,
        }
    )
    assert r15_depenses_eligibles(Budget(depenses, ()), APPEL_2021).statut == Statut.RESPECTE
