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


def test_r06_nombre_manquant_sur_un_axe_nomme_cet_axe():
    resultat = r06_nombre_significatif(donnees(axes=axes(axe_2={"nombre_personnes": None})))
    verifier(
        resultat,
        "R06",
        Statut.A_COMPLETER,
        "axe 2 : nombre de personnes concernées non indiqué.",
        "« un nombre significatif de personnes accompagnées",
        champ="axe_2#nombre_personnes",
    )
    assert "axe 1" not in resultat.message and "axe 3" not in resultat.message
    assert "FAQ" not in resultat.message  # the number has no « donnée non disponible »


def test_r06_part_manquante_sur_deux_axes_propose_la_donnee_non_disponible():
    d = donnees(axes=axes(axe_1={"part_population": None}, axe_3={"part_population": None}))
    resultat = r06_nombre_significatif(d)
    # Each finding once, with the axes it concerns.
    verifier(
        resultat, "R06", Statut.A_COMPLETER, "axes 1 et 3 : % de la population", champ="axe_1#part_population"
    )
    assert resultat.message.count("% de la population") == 1 and "2" not in resultat.message
    assert "cochez « donnée non disponible » et précisez pourquoi" in resultat.message
    assert (
        "« Si certaines données ne sont pas disponibles, les candidats peuvent le préciser"
        in resultat.message
    )


# Boundaries of « significatif »: 0 is refused, 1 passes (no threshold in the call), 0,01 % passes.


def test_r06_zero_personne_n_est_pas_significatif():
    resultat = r06_nombre_significatif(donnees(axes=axes(axe_2={"nombre_personnes": 0})))
    verifier(
        resultat,
        "R06",
        Statut.NON_RESPECTE,
        "axe 2 : 0 personne n’est pas un nombre significatif",
        champ="axe_2#nombre_personnes",
    )


def test_r06_zero_pour_cent_n_est_pas_significatif():
    d = donnees(axes=axes(axe_1={"part_population": Decimal("0")}))
    verifier(
        r06_nombre_significatif(d),
        "R06",
        Statut.NON_RESPECTE,
        f"axe 1 : 0{NBSP}% n’est pas une part significative",
        champ="axe_1#part_population",
    )


def test_r06_une_personne_au_singulier_et_plus_petite_part_acceptee():
    d = donnees(axes=axes(axe_1={"nombre_personnes": 1, "part_population": Decimal("0.01")}))
    resultat = r06_nombre_significatif(d)
    verifier(resultat, "R06", Statut.RESPECTE, f"axe 1 : 1 personne (0,01{NBSP}%)")
    assert "1 personnes" not in resultat.message


def test_r06_deux_personnes_au_pluriel():
    d = donnees(axes=axes(axe_3={"nombre_personnes": 2}))
    verifier(r06_nombre_significatif(d), "R06", Statut.RESPECTE, "axe 3 : 2 personnes")


def test_r06_manque_prime_sur_le_non_significatif():
    d = donnees(axes=axes(axe_1={"nombre_personnes": 0}, axe_2={"part_population": None}))
    resultat = r06_nombre_significatif(d)
    verifier(resultat, "R06", Statut.A_COMPLETER, "axe 1 : 0 personne", "axe 2 : % de la population")
    assert resultat.champ == "axe_1#nombre_personnes"  # the first in the dossier's order


# « Donnée non disponible » (FAQ): the % may be declared so, with its reason; the number may not.


def test_r06_donnee_non_disponible_expliquee_respecte():
    indisponible = {
        "part_population": None,
        "chiffres_non_disponibles": True,
        "chiffres_explication": "Pas de chiffre des NEET à l’échelle des bassins.",
    }
    resultat = r06_nombre_significatif(donnees(axes=axes(axe_2=indisponible)))
    verifier(
        resultat,
        "R06",
        Statut.RESPECTE,
        f"axe 1 : 1{NNBSP}500 personnes (35,5{NBSP}%)",
        f"axe 2 : 3{NNBSP}000 personnes (% non disponible : raison précisée)",
    )


@pytest.mark.parametrize("explication", ["", "   \n "])
def test_r06_donnee_non_disponible_sans_raison_a_completer(explication):
    indisponible = {
        "part_population": None,
        "chiffres_non_disponibles": True,
        "chiffres_explication": explication,
    }
    verifier(
        r06_nombre_significatif(donnees(axes=axes(axe_3=indisponible))),
        "R06",
        Statut.A_COMPLETER,
        "axe 3 : % déclaré non disponible sans en préciser la raison",
        champ="axe_3#chiffres_explication",
    )


def test_r06_donnee_non_disponible_et_pourcentage_contradictoires():
    contradictoire = {"chiffres_non_disponibles": True, "chiffres_explication": "Aucune donnée."}
    verifier(
        r06_nombre_significatif(donnees(axes=axes(axe_1=contradictoire))),
        "R06",
        Statut.A_COMPLETER,
        "axe 1 : un % est indiqué alors que la donnée est déclarée non disponible",
        champ="axe_1#part_population",
    )


def test_r06_donnee_non_disponible_ne_dispense_pas_du_nombre():
    sans_nombre = {
        "nombre_personnes": None,
        "part_population": None,
        "chiffres_non_disponibles": True,
        "chiffres_explication": "Aucune donnée.",
    }
    verifier(
        r06_nombre_significatif(donnees(axes=axes(axe_1=sans_nombre))),
        "R06",
        Statut.A_COMPLETER,
        "axe 1 : nombre de personnes concernées non indiqué.",
        champ="axe_1#nombre_personnes",
    )


def test_r06_axe_sans_reponse():
    d = donnees(axes={1: reponse(1), 2: reponse(2)})
    resultat = r06_nombre_significatif(d)
    verifier(
        resultat, "R06", Statut.A_COMPLETER, "axe 3 : nombre de personnes", champ="axe_3#nombre_personnes"
    )
    assert "axe 3 : % de la population" in resultat.message


# --- R09: every question answered ------------------------------------------------------------------


def test_r09_une_question_vide_sur_l_axe_2():
    resultat = r09_questions_repondues(donnees(axes=axes(axe_2={"calendrier": "  "})))
    verifier(
        resultat, "R09", Statut.A_COMPLETER, "axe 2 : 1 question sans réponse.", champ="axe_2#calendrier"
    )
    assert "axe 1" not in resultat.message and "axe 3" not in resultat.message


def test_r09_question_propre_a_l_axe_2():
    resultat = r09_questions_repondues(donnees(axes=axes(axe_2={"organisation_remise": ""})))
    verifier(
        resultat, "R09", Statut.A_COMPLETER, "axe 2 : 1 question sans", champ="axe_2#organisation_remise"
    )


def test_r09_questions_de_l_axe_3_non_demandees_a_l_axe_1():
    d = donnees(axes=axes(axe_1={"organisation_suivi": "", "offre_commune": ""}))
    verifier(r09_questions_repondues(d), "R09", Statut.RESPECTE)


def test_r09_axe_sans_indicateur():
    d = donnees(axes=axes(axe_3={"indicateurs": (SimpleNamespace(libelle="  "),)}))
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 3 : 1 question sans réponse",
        champ="axe_3#indicateurs",
    )


def test_r09_axe_absent():
    d = donnees(axes={1: reponse(1), 2: reponse(2)})
    # 6 common questions, 2 of axe 3, and the indicators.
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 3 : 9 questions sans réponse",
        champ="axe_3#objectifs",
    )


def test_r09_methodologie():
    d = donnees(dossier=dossier(methodologie_implication=" "))
    verifier(
        r09_questions_repondues(d),
        "R09",
        Statut.A_COMPLETER,
        "axe 4 (méthodologie) : 1 élément sans réponse",
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
        "axe 1 : 2 questions sans réponse",
        "axe 4 (méthodologie) : 3 éléments sans réponse",
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


def test_r10_le_lien_mene_au_premier_champ_manquant():
    d = donnees(axes=axes(axe_2={"nombre_personnes": 0}))  # 0 is no target: R06 and R10 both say so
    verifier(
        r10_objectifs_par_axe(d),
        "R10",
        Statut.A_COMPLETER,
        "axe 2 : nombre de personnes en cible.",
        "« les objectifs quantitatifs et qualitatifs que le consortium se fixe",
        champ="axe_2#nombre_personnes",
    )


def test_r10_avertissement_mene_au_premier_axe_en_trop_et_accorde_le_maximum():
    d = donnees(appel=appel(indicateurs_max_par_axe=1), axes=axes(axe_1={"indicateurs": indicateurs(1)}))
    resultat = r10_objectifs_par_axe(d)  # axes 2 and 3 have 2 indicators each
    verifier(
        resultat,
        "R10",
        Statut.NON_RESPECTE,
        "1 indicateur au maximum par axe",
        "axe 2 : 2 indicateurs ; axe 3 : 2 indicateurs.",
        "(AMI, III.C)",
        bloquant=False,
        champ="axe_2#indicateurs",
    )
    assert "axe 1" not in resultat.message


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
