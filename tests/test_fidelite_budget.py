"""Issue 16, points 8 to 11 (budget): the rules R12–R15 against AMI III.A, III.A.1, III.A.2 and the FAQ,
at their boundaries — pure functions, no database.

8. R13 reads the financeur, not only the type (« Les crédits octroyés par l'Etat […] ne doivent donc pas
   figurer dans les cases “cofinancement” »), and asks per line « acquis / demandé » and « numéraire /
   nature »; R15 asks a nature and « déjà financée par un autre dispositif de l'État ? » per line.
9. « Frais généraux O/N » is what the nature says: R14 counts those lines, the état des dépenses marks them.
10. A rate is never rounded onto the limit it fails (19,99 %, 15,01 %, 80,01 %).
11. Every figure of the budget's titles and labels comes from the Appel (an Appel at 70 % / 30 %).
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from budget.chiffres import PART_COFINANCEMENT, PART_ETAT, PART_FRAIS, Budget, Depense, Financement
from budget.financeurs import marque_etat
from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
from budget.rules import (
    r12_part_etat_maximale,
    r13_cofinancement_minimal,
    r14_frais_generaux_plafonnes,
    r15_depenses_eligibles,
)
from budget.totaux import libelles_totaux, totaux
from candidatures.recevabilite import libelle
from core.format import MAXIMUM, MINIMUM, pourcentage, taux_limite
from core.resultats import Statut

D = Decimal
NBSP = "\u00a0"
APPEL_2021 = SimpleNamespace(
    subvention_etat_max=D("500000.00"),
    part_etat_max=D("80"),
    cofinancement_min=D("20"),
    frais_generaux_max=D("15"),
    annexe_pages_max=10,
)
APPEL_70_30 = SimpleNamespace(
    subvention_etat_max=D("300000.00"),
    part_etat_max=D("70"),
    cofinancement_min=D("30"),
    frais_generaux_max=D("12.5"),
    annexe_pages_max=6,
)
T = TypeFinancement


def depense(montant, nature=NatureDepense.EQUIPE_ANIMATION, objet="", deja_financee="non"):
    return Depense(GroupeDepense.AXE_1, nature, D(montant), objet, deja_financee)


def financement(type_, montant, financeur="", statut="acquis", modalite="numeraire"):
    return Financement(type_, D(montant), financeur, statut, modalite)


def budget(cout="100000", etat="80000", cofinancements=(("autofinancement", "20000", "Porteur"),), frais="0"):
    depenses = [depense(D(cout) - D(frais))]
    if D(frais):
        depenses.append(depense(frais, NatureDepense.FRAIS_GENERAUX, "Locations de salles"))
    financements = [financement(T.SUBVENTION_ETAT, etat, "État (AMI)", "", "")]
    financements += [financement(*ligne) for ligne in cofinancements]
    return Budget(tuple(depenses), tuple(financements))


# 10. Rates shown at the limits --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("partie", "limite", "sens", "affiche"),
    [
        ("19999.99", "20", MINIMUM, "19.99"),  # fails the minimum: never « 20 % »
        ("19999", "20", MINIMUM, "19.99"),  # 19,999 %: never « 20 % » either
        ("19995", "20", MINIMUM, "19.99"),  # 19,995 % would round half up onto 20 %
        ("20000", "20", MINIMUM, "20.00"),
        ("20000.01", "20", MINIMUM, "20.00"),  # passes: shown on the limit, on its right side
        ("15000.01", "15", MAXIMUM, "15.01"),  # over the maximum: never « 15 % »
        ("15004", "15", MAXIMUM, "15.01"),  # 15,004 %
        ("15000", "15", MAXIMUM, "15.00"),
        ("14999.99", "15", MAXIMUM, "15.00"),  # passes: « 15 % » is not over the limit
        ("80004", "80", MAXIMUM, "80.01"),
        ("12345", "15", MAXIMUM, "12.35"),  # away from the limits: rounded half up as before
        ("18504", "20", MINIMUM, "18.50"),
    ],
)
def test_un_taux_n_est_jamais_arrondi_sur_la_limite_qu_il_ne_respecte_pas(partie, limite, sens, affiche):
    assert taux_limite(D(partie), D("100000"), D(limite), sens) == D(affiche)


def test_r13_19_999_99_sur_100_000_affiche_19_99():
    resultat = r13_cofinancement_minimal(
        budget(etat="80000.01", cofinancements=(("autofinancement", "19999.99", "Porteur"),)), APPEL_2021
    )
    assert resultat.statut == Statut.NON_RESPECTE
    assert f"représente 19,99{NBSP}% du coût global" in resultat.message
    assert f"l'AMI demande au moins 20{NBSP}%" in resultat.message


def test_r14_15_000_01_sur_100_000_affiche_15_01():
    resultat = r14_frais_generaux_plafonnes(budget(frais="15000.01"), APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert f"représentent 15,01{NBSP}% du coût global" in resultat.message
    assert r14_frais_generaux_plafonnes(budget(frais="15000"), APPEL_2021).statut == Statut.RESPECTE


def test_r12_80_004_pour_cent_affiche_80_01():
    resultat = r12_part_etat_maximale(
        budget(etat="80004", cofinancements=(("autofinancement", "19996", "Porteur"),)), APPEL_2021
    )
    assert resultat.statut == Statut.NON_RESPECTE
    assert f"80,01{NBSP}% du coût global" in resultat.message


def test_les_totaux_de_la_page_et_du_pdf_affichent_les_memes_taux_que_les_regles():
    """``budget.totaux.totaux`` (the budget page, the PDF, the API) and the rules: one rounding."""
    lignes = budget(etat="80000.01", cofinancements=(("autofinancement", "19999.99", "P"),), frais="15000.01")
    chiffres = totaux(lignes, APPEL_2021)
    assert chiffres["taux_cofinancement"] == D("19.99")
    assert chiffres["taux_frais"] == D("15.01")
    assert chiffres["taux_etat"] == D("80.01")
    assert pourcentage(chiffres["taux_cofinancement"]) == f"19,99{NBSP}%"
    montants = lignes.montants(APPEL_2021)
    for part in (PART_ETAT, PART_COFINANCEMENT, PART_FRAIS):
        assert getattr(montants, part.nom) == chiffres[part.nom]


# 8. R13: the State's credits, acquis / demandé, numéraire / nature ----------------------------------


def test_r13_credits_politique_de_la_ville_types_cofinancement_public_refuses():
    """The issue's probe: 20 000 € of crédits politique de la ville typed as public cofinancing."""
    lignes = budget(
        cout="100000",
        etat="60000",
        cofinancements=(
            ("autofinancement", "20000", "Porteur"),
            (T.COFINANCEMENT_PUBLIC, "20000", "Crédits politique de la ville"),
        ),
    )
    resultat = r13_cofinancement_minimal(lignes, APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "« Crédits politique de la ville » (20\u00a0000\u00a0€) vient de l'État" in resultat.message
    assert "ne doivent donc pas figurer dans les cases “cofinancement”" in resultat.message


@pytest.mark.parametrize(
    ("financeur", "type_", "marque"),
    [
        ("Crédits politique de la ville", T.COFINANCEMENT_PUBLIC, "politique de la ville"),
        ("Préfecture du Nord", T.COFINANCEMENT_PUBLIC, "préfecture"),
        ("DDETS du Pas-de-Calais", T.CONTRIBUTION_MEMBRE, "DDETS"),
        ("DREETS Hauts-de-France", T.COFINANCEMENT_PUBLIC, "DREETS"),
        ("Etat — BOP 304", T.AUTOFINANCEMENT, "État"),
        ("Convention CALPAE 2021", T.FSE, "CALPAE"),  # a State scheme, whatever the type
        ("DREETS Hauts-de-France (FSE+)", T.FSE, None),  # European credits a State service manages
        ("Ville de Roubaix — politique de la ville", T.COFINANCEMENT_PUBLIC, None),  # the commune's own
        ("Conseil départemental du Nord", T.AUTOFINANCEMENT, None),
        ("Fondation de France", T.COFINANCEMENT_PRIVE, None),
        ("Caisse d'allocations familiales", T.COFINANCEMENT_PUBLIC, None),
        ("Métropole européenne de Lille", T.COFINANCEMENT_PUBLIC, None),
        ("", T.AUTOFINANCEMENT, None),
    ],
)
def test_le_financeur_nomme_l_etat(financeur, type_, marque):
    assert marque_etat(financeur, type_) == marque


def test_r13_un_fse_gere_par_la_dreets_compte():
    lignes = budget(
        etat="80000",
        cofinancements=(
            ("autofinancement", "10000", "Porteur"),
            (T.FSE, "10000", "DREETS Hauts-de-France (FSE+)", "demande"),
        ),
    )
    assert r13_cofinancement_minimal(lignes, APPEL_2021).statut == Statut.RESPECTE


def test_r13_un_cofinancement_ni_attribue_ni_demande_ne_compte_pas():
    lignes = budget(
        etat="80000",
        cofinancements=(
            ("autofinancement", "10000", "Porteur"),
            (T.COFINANCEMENT_PUBLIC, "10000", "Conseil régional", "envisage"),
        ),
    )
    resultat = r13_cofinancement_minimal(lignes, APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "10\u00a0000\u00a0€ de cofinancement ni attribué ni demandé ne compte pas" in resultat.message
    assert f"représente 10{NBSP}% du coût global" in resultat.message
    assert "déjà attribuée ou pour laquelle une demande formelle a déjà été déposée" in resultat.message


def test_r13_demande_pour_chaque_cofinancement_acquis_ou_demande_et_sa_modalite():
    lignes = budget(
        cofinancements=(
            ("autofinancement", "10000", "Porteur", "", "numeraire"),
            (T.COFINANCEMENT_PUBLIC, "10000", "Conseil régional", "demande", ""),
        )
    )
    resultat = r13_cofinancement_minimal(lignes, APPEL_2021)
    assert resultat.statut == Statut.A_COMPLETER
    assert resultat.bloquant
    assert "s'il est acquis ou demandé (« Porteur »)" in resultat.message
    assert "s'il est apporté en numéraire ou en nature (« Conseil régional »)" in resultat.message


def test_r13_la_subvention_de_l_ami_n_a_pas_a_dire_acquis_ou_demande():
    """The AMI's own subvention is asked by the dossier: the two questions are the cofinancings'."""
    assert r13_cofinancement_minimal(budget(), APPEL_2021).statut == Statut.RESPECTE


def test_r13_dit_la_part_en_nature():
    lignes = budget(
        cofinancements=(
            ("autofinancement", "15000", "Porteur"),
            (T.CONTRIBUTION_MEMBRE, "5000", "Mission locale", "acquis", "nature"),
        )
    )
    resultat = r13_cofinancement_minimal(lignes, APPEL_2021)
    assert resultat.statut == Statut.RESPECTE
    assert resultat.message.endswith(
        "(20\u00a0000\u00a0€ sur 100\u00a0000\u00a0€), dont 5\u00a0000\u00a0€ en nature."
    )


# 8. R15: a nature per line, and « déjà financée par un autre dispositif de l'État ? » -----------------


def test_r15_une_ligne_sans_nature_est_a_completer():
    lignes = Budget((depense("90000"), depense("10000", "", "Plan de formation")), ())
    resultat = r15_depenses_eligibles(lignes, APPEL_2021)
    assert resultat.statut == Statut.A_COMPLETER
    assert "la nature de la dépense (« Plan de formation »)" in resultat.message
    assert "Toutes les dépenses sont de nature éligible" not in resultat.message


def test_r15_une_ligne_qui_ne_dit_pas_si_l_etat_la_finance_deja_est_a_completer():
    lignes = Budget((depense("90000"), depense("10000", deja_financee="")), ())
    resultat = r15_depenses_eligibles(lignes, APPEL_2021)
    assert resultat.statut == Statut.A_COMPLETER
    assert "si elle est déjà financée par un autre dispositif de l'État (« ligne 2 »)" in resultat.message


def test_r15_une_ligne_deja_financee_par_l_etat_est_refusee():
    lignes = Budget((depense("90000"), depense("10000", objet="Animateur CALPAE", deja_financee="oui")), ())
    resultat = r15_depenses_eligibles(lignes, APPEL_2021)
    assert resultat.statut == Statut.NON_RESPECTE
    assert "1 ligne(s) de dépense non éligible(s), pour 10\u00a0000\u00a0€ (« Animateur CALPAE »)" in (
        resultat.message
    )
    assert "déjà financée par un autre dispositif de l'État" in resultat.message


def test_r15_toutes_les_lignes_renseignees_et_eligibles():
    resultat = r15_depenses_eligibles(Budget((depense("90000"), depense("10000")), ()), APPEL_2021)
    assert resultat.statut == Statut.RESPECTE
    assert resultat.message.startswith("Toutes les dépenses sont de nature éligible et aucune n'est déjà")


# 9. Frais généraux O/N: the nature --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nature", "compte"),
    [
        (NatureDepense.FRAIS_GENERAUX, True),
        (NatureDepense.FRAIS_MISSION, True),
        (NatureDepense.COMMUNICATION, False),
        (NatureDepense.EQUIPE_ANIMATION, False),
        ("", False),
    ],
)
def test_frais_generaux_o_n_est_ce_que_dit_la_nature_et_ce_que_compte_r14(nature, compte):
    ligne = depense("15000.01", nature)
    assert ligne.frais_generaux is compte
    lignes = Budget((depense("84999.99"), ligne), ())
    assert lignes.frais_generaux == (D("15000.01") if compte else 0)
    attendu = Statut.NON_RESPECTE if compte else Statut.RESPECTE
    assert r14_frais_generaux_plafonnes(lignes, APPEL_2021).statut == attendu


# 11. Every figure from the Appel ------------------------------------------------------------------------


def test_les_titres_des_regles_du_budget_suivent_l_appel_a_70_30():
    assert (
        libelle("R12", APPEL_70_30) == f"Subvention de l’État : 70{NBSP}% et 300{NBSP}000{NBSP}€ au maximum"
    )
    assert libelle("R13", APPEL_70_30) == f"Cofinancement : 30{NBSP}% au minimum"
    assert libelle("R14", APPEL_70_30) == f"Frais généraux et de mission : 12,5{NBSP}% au maximum"


def test_les_libelles_des_totaux_suivent_l_appel_a_70_30():
    libelles = libelles_totaux(APPEL_70_30)
    assert libelles["subvention_etat"] == (
        "Montant subvention Etat demandée au titre de l'AMI (70% maximum et 300\u00a0000€ maximum)"
    )
    assert libelles["cofinancement"].endswith("(cofinancement de 30% minimum)")
    assert libelles["frais_generaux"] == "Frais généraux et frais de mission (12,5 % maximum)"
    texte = " ".join(libelles.values())
    for chiffre in ("80", "500", "20%", "15%"):
        assert chiffre not in texte
    assert libelles_totaux(APPEL_2021)["subvention_etat"].endswith("(80% maximum et 500\u00a0000€ maximum)")


def test_les_messages_des_regles_suivent_l_appel_a_70_30():
    lignes = budget(etat="70000.01", cofinancements=(("autofinancement", "29999.99", "Porteur"),))
    r12 = r12_part_etat_maximale(lignes, APPEL_70_30)
    assert f"70{NBSP}% du coût global" not in r12.message and f"70,01{NBSP}%" in r12.message
    assert f"jusqu'à 70{NBSP}%" in r12.message
    r13 = r13_cofinancement_minimal(lignes, APPEL_70_30)
    assert f"29,99{NBSP}%" in r13.message and f"au moins 30{NBSP}%" in r13.message
    r14 = r14_frais_generaux_plafonnes(budget(frais="12500.01"), APPEL_70_30)
    assert f"12,51{NBSP}%" in r14.message and f"les limite à 12,5{NBSP}%" in r14.message
