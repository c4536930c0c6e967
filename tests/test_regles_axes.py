"""Boundaries of the recevabilité rules — R06, R09, R10 and R16: the answers to the axes, the
indicators, the commitments."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from ami import libelles as L
from candidatures.rules import (
    METHODOLOGIE,
    r06_nombre_significatif,
    r09_questions_repondues,
    r10_objectifs_par_axe,
    r16_engagements,
)
from core.resultats import Statut
from tests.instantanes import (
    NBSP,
    NNBSP,
    appel,
    axes,
    donnees,
    dossier,
    indicateurs,
    reponse,
    verifier,
)

# --- R06: number of persons per axe -----------------------------------------------------------------


def test_r06_respecte_avec_les_chiffres():
    verifier(
        r06_nombre_significatif(donnees()),
        "R06",
        Statut.RESPECTE,
        f"axe 1 : 1{NNBSP}500 personnes (35,5{NBSP}%)",
        f"axe 2 : 3{NNBSP}000 personnes",
        f"axe 3 : 4{NNBSP}500 personnes",
    )


@pytest.mark.parametrize("nombre", [None, 0])
def test_r06_nombre_manquant_sur_un_axe_nomme_cet_axe(nombre):
    resultat = r06_nombre_significatif(donnees(axes=axes(axe_2={"nombre_personnes": nombre})))
    verifier(resultat, "R06", Statut.A_COMPLETER, "pour : axe 2.", champ="axe_2#public")
    assert "axe 1" not in resultat.message and "axe 3" not in resultat.message


def test_r06_part_manquante_sur_deux_axes():
    d = donnees(axes=axes(axe_1={"part_population": None}, axe_3={"part_population": None}))
    verifier(
        r06_nombre_significatif(d), "R06", Statut.A_COMPLETER, "pour : axe 1 et axe 3.", champ="axe_1#public"
    )


def test_r06_part_nulle_est_une_reponse():
    d = donnees(axes=axes(axe_1={"part_population": Decimal("0")}))
    verifier(r06_nombre_significatif(d), "R06", Statut.RESPECTE, f"(0{NBSP}%)")


def test_r06_axe_sans_reponse():
    d = donnees(axes={1: reponse(1), 2: reponse(2)})
    verifier(r06_nombre_significatif(d), "R06", Statut.A_COMPLETER, "pour : axe 3.", champ="axe_3#public")


# --- R09: every question answered ------------------------------------------------------------------


def test_r09_une_question_vide_sur_l_axe_2():
    resultat = r09_questions_repondues(donnees(axes=axes(axe_2={"calendrier": "  "})))
    verifier(
        resultat, "R09", Statut.A_COMPLETER, "axe 2 : 1 question(s) sans réponse", champ="axe_2#calendrier"
    )
    assert "axe 1" not in resultat.message and "axe 3" not in resultat.message


def test_r09_question_propre_a_l_axe_2():
    resultat = r09_questions_repondues(donnees(axes=axes(axe_2={"organisation_remise": ""})))
    verifier(resultat, "R09", Statut.A_COMPLETER, "axe 2 : 1 question(s)", champ="axe_2#organisation_remise")


def test_r09_questions_de_l_axe_3_non_demandees_a_l_axe_1():
    d = donnees(axes=axes(axe_1={"organisation_suivi": "", "offre_commune": ""}))
    verifier(r09_questions_repondues(d), "R09", Statut.RESPECTE)


def test_r09_axe_sans_indicateur():
    d = donnees(axes=axes(axe_3={"indicateurs": (SimpleNamespace(libelle="  "),)}))
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 3 : 1 question(s)",
        champ="axe_3#indicateurs",
    )


def test_r09_axe_absent():
    d = donnees(axes={1: reponse(1), 2: reponse(2)})
    # 6 common questions, 2 of axe 3, and the indicators.
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 3 : 9 question(s)",
        champ="axe_3#objectifs",
    )


def test_r09_methodologie():
    d = donnees(dossier=dossier(methodologie_implication=" "))
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 4 (méthodologie) : 1 élément(s) sans réponse",
        champ="axe_4#methodologie_implication",
    )


def test_r09_plusieurs_axes_le_champ_est_le_premier():
    d = donnees(
        axes=axes(axe_1={"objectifs": "", "actions": ""}),
        dossier=dossier(**dict.fromkeys(METHODOLOGIE, "")),
    )
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 1 : 2 question(s)",
        "axe 4 (méthodologie) : 3 élément(s)",
        champ="axe_1#objectifs",
    )


# --- R10: objectives and indicators per axe --------------------------------------------------------


def test_r10_sans_indicateur_a_completer():
    resultat = r10_objectifs_par_axe(donnees(axes=axes(axe_2={"indicateurs": ()})))
    verifier(resultat, "R10", Statut.A_COMPLETER, "axe 2 : indicateurs", champ="axe_2#indicateurs")


def test_r10_cible_et_changements_manquants():
    d = donnees(axes=axes(axe_1={"nombre_personnes": None, "changements": " "}))
    verifier(
        r10_objectifs_par_axe(d),
        "R10",
        Statut.A_COMPLETER,
        "axe 1 : nombre de personnes en cible, changements attendus.",
    )


def test_r10_exactement_5_indicateurs():
    d = donnees(axes=axes(axe_3={"indicateurs": indicateurs(5, 3)}))
    verifier(r10_objectifs_par_axe(d), "R10", Statut.RESPECTE, "axe 1 : 2 ; axe 2 : 2 ; axe 3 : 5")


def test_r10_6_indicateurs_avertissement_non_bloquant():
    resultat = r10_objectifs_par_axe(donnees(axes=axes(axe_3={"indicateurs": indicateurs(6, 3)})))
    verifier(
        resultat,
        "R10",
        Statut.NON_RESPECTE,
        "5 indicateurs au maximum par axe",
        "axe 3 : 6 indicateurs",
        bloquant=False,
    )
    assert resultat.avertissement


def test_r10_indicateurs_sans_libelle_non_comptes():
    vides = [SimpleNamespace(libelle=" ")] * 3
    d = donnees(axes=axes(axe_1={"indicateurs": (*indicateurs(5), *vides)}))
    verifier(r10_objectifs_par_axe(d), "R10", Statut.RESPECTE, "axe 1 : 5")


def test_r10_maximum_de_l_appel():
    d = donnees(appel=appel(indicateurs_max_par_axe=3), axes=axes(axe_1={"indicateurs": indicateurs(4)}))
    resultat = r10_objectifs_par_axe(d)
    verifier(
        resultat,
        "R10",
        Statut.NON_RESPECTE,
        "3 indicateurs au maximum",
        "axe 1 : 4 indicateurs",
        bloquant=False,
    )


def test_r10_manque_prime_sur_l_avertissement():
    d = donnees(axes=axes(axe_1={"indicateurs": indicateurs(6)}, axe_2={"indicateurs": ()}))
    resultat = r10_objectifs_par_axe(d)
    verifier(resultat, "R10", Statut.A_COMPLETER, "axe 2 : indicateurs")
    assert not resultat.avertissement


# --- R16: commitments -------------------------------------------------------------------------------


def test_r16_un_engagement_non_coche():
    d = donnees(dossier=dossier(engagement_donnees=False))
    verifier(
        r16_engagements(d),
        "R16",
        Statut.A_COMPLETER,
        f"1 engagement(s) sur {len(L.ENGAGEMENTS)} reste(nt) à prendre",
        champ="engagements#engagement_donnees",
    )


def test_r16_aucun_engagement():
    d = donnees(dossier=dossier(**dict.fromkeys(L.ENGAGEMENTS, False)))
    verifier(
        r16_engagements(d),
        "R16",
        Statut.A_COMPLETER,
        "8 engagement(s) sur 8",
        champ="engagements#engagement_coherence",
    )
