"""Boundaries of the recevabilité rules on the dossier, the consortium and the pièces (R01–R10, R16–R18,
W01, W02); R11–R15 are in ``test_regles_budget.py``.

Most tests build the ``DonneesDossier`` snapshot by hand (rules are pure: no database); the last ones
run ``evaluer`` and ``charger`` on a dossier stored in the database.
"""

import datetime
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami.models import PARIS, Appel, ExclusionR08, NatureExclusion
from ami.regles import Statut
from budget.models import LigneFinancement as LigneFinancementModele
from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
from budget.rules import Budget, LigneDepense, LigneFinancement
from candidatures import libelles as L
from candidatures.donnees import DonneesDossier
from candidatures.exemples import dossier_complet, joindre
from candidatures.models import Dossier, EngagementSpie, OuiNon, Perimetre, Public
from candidatures.recevabilite import REGLES, charger, evaluer
from candidatures.rules import (
    METHODOLOGIE,
    QUESTIONS_COMMUNES,
    QUESTIONS_EN_PLUS,
    r02_cas_exceptionnel,
    r05_publics,
    r06_nombre_significatif,
    r07_territoire,
    r08_premier_ami,
    r09_questions_repondues,
    r10_objectifs_par_axe,
    r16_engagements,
    r17_date_limite,
    w02_qpv_zrr,
)
from comptes.models import TypeOrganisation
from consortium.models import Membre, TypeMembre
from consortium.rules import r04_consortium_elargi, w01_associations
from pieces.models import NaturePiece, Piece
from pieces.rules import r01_porteur_et_conseil_departemental, r03_lettre_pole_emploi, r18_annexe_10_pages
from tests.factories import AppelFactory, DepartementFactory, OrganisationFactory, UserFactory

CD = TypeOrganisation.CONSEIL_DEPARTEMENTAL
NBSP, NNBSP = "\u00a0", "\u202f"
ORDRE = [f"R{n:02d}" for n in range(1, 19)] + ["W01", "W02"]
SIRET_PORTEUR = "12345678900011"
TEXTE = "Une réponse rédigée par le consortium."
TOUTES_QUESTIONS = QUESTIONS_COMMUNES + QUESTIONS_EN_PLUS[2] + QUESTIONS_EN_PLUS[3]


# --- Building a snapshot by hand -------------------------------------------------------------------


class Indicateurs(list):
    """Stands for ``reponse.indicateurs`` (a related manager): ``.all()`` gives the rows."""

    def all(self):
        return self


def indicateurs(nombre: int, axe: int = 1) -> Indicateurs:
    return Indicateurs(
        SimpleNamespace(libelle=f"Indicateur {n} de l’axe {axe}") for n in range(1, nombre + 1)
    )


def reponse(axe: int, nb_indicateurs: int = 2, **champs) -> SimpleNamespace:
    """An answer to axe ``axe`` with every question answered, figures and indicators."""
    valeurs = dict.fromkeys(TOUTES_QUESTIONS, f"Axe {axe} — {TEXTE}")
    valeurs.update(nombre_personnes=1500 * axe, part_population=Decimal("35.5"))
    valeurs["indicateurs"] = indicateurs(nb_indicateurs, axe)
    valeurs.update(champs)
    return SimpleNamespace(axe=axe, **valeurs)


def axes(**par_axe) -> dict:
    """{1: reponse(1), 2: reponse(2), 3: reponse(3)}, ``axe_2={...}`` overriding fields of axe 2."""
    return {axe: reponse(axe, **par_axe.get(f"axe_{axe}", {})) for axe in (1, 2, 3)}


def dossier(**champs) -> Dossier:
    """An unsaved dossier whose own answers respect every rule."""
    valeurs = {
        "pk": 1,
        "intitule": "SPIE du Nord 2022-2024",
        "perimetre": Perimetre.DEPARTEMENT,
        "publics": [Public.RSA, Public.JEUNES],
        "qpv": OuiNon.OUI,
        "zrr": OuiNon.NON,
        "engagement_spie": EngagementSpie.AUCUN,
        **{nom: f"{TEXTE} ({nom})" for nom in METHODOLOGIE},
        **dict.fromkeys(L.ENGAGEMENTS, True),
    }
    valeurs.update(champs)
    return Dossier(**valeurs)


def membre(type_membre=TypeMembre.ASSOCIATION, structure="Association Insertion Nord", **champs) -> Membre:
    return Membre(type=type_membre, structure=structure, **champs)


def piece(nature, pages: int = 1) -> Piece:
    return Piece(nature=nature, nom=f"{nature}.pdf", taille=1000, pages=pages)


def appel(**champs) -> Appel:
    """The 2021 call (defaults of the model), unsaved."""
    return Appel(**champs)


def budget_equilibre() -> Budget:
    return Budget(
        (LigneDepense(GroupeDepense.AXE_1, NatureDepense.EQUIPE_ANIMATION, Decimal("100000")),),
        (
            LigneFinancement(TypeFinancement.SUBVENTION_ETAT, Decimal("80000"), "État"),
            LigneFinancement(TypeFinancement.AUTOFINANCEMENT, Decimal("20000"), "Porteur"),
        ),
    )


def donnees(**champs) -> DonneesDossier:
    """A complete snapshot: a CD porteur in the Nord, every answer given, the call still open."""
    valeurs = {
        "dossier": dossier(),
        "appel": appel(),
        "porteur_type": CD,
        "porteur_siret": SIRET_PORTEUR,
        "departements": ("59",),
        "axes": axes(),
        "membres": (
            membre(TypeMembre.POLE_EMPLOI, "Pôle emploi Hauts-de-France"),
            membre(TypeMembre.ASSOCIATION, "Association Insertion Nord"),
        ),
        "budget": budget_equilibre(),
        "pieces": {NaturePiece.LETTRE_POLE_EMPLOI: piece(NaturePiece.LETTRE_POLE_EMPLOI)},
        "exclusions": (),
    }
    valeurs.update(champs)
    if "maintenant" not in valeurs:
        valeurs["maintenant"] = valeurs["appel"].date_limite - datetime.timedelta(days=1)
    return DonneesDossier(**valeurs)


def exclusion(nom="SPIE du Pas-de-Calais", siret="", departement="62", nature=NatureExclusion.LAUREAT_AMI1):
    return ExclusionR08(nature=nature, nom=nom, siret=siret, departement_id=departement)


def sans_lettre_cd(**champs_dossier) -> DonneesDossier:
    """A non-CD porteur (a mission locale) without the CD's letter."""
    return donnees(porteur_type=TypeOrganisation.MISSION_LOCALE, dossier=dossier(**champs_dossier))


def verifier(resultat, regle, statut, *extraits, bloquant=None, champ=None):
    assert resultat.regle == regle
    assert resultat.statut == statut, resultat.message
    attendu = statut != Statut.RESPECTE if bloquant is None else bloquant
    assert resultat.bloquant is attendu
    for extrait in extraits:
        assert extrait in resultat.message
    if champ is not None:
        assert resultat.champ == champ
    assert resultat.source


# --- The complete snapshot respects every rule (the baseline every other test departs from) --------


@pytest.mark.parametrize("regle", REGLES, ids=lambda regle: regle.__name__)
def test_instantane_complet_respecte_chaque_regle(regle):
    resultat = regle(donnees())
    verifier(resultat, resultat.regle, Statut.RESPECTE, bloquant=False)


def test_evaluer_sur_un_instantane_sans_base():
    recevabilite = evaluer(donnees=donnees())
    assert [ligne.regle for ligne in recevabilite.lignes] == ORDRE
    assert recevabilite.recevable
    assert recevabilite.respectees == 20
    assert recevabilite.avertissements == []


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
    verifier(r05_publics(d), "R05", Statut.NON_RESPECTE, "a minima les allocataires du RSA")


def test_r05_rsa_seul():
    verifier(r05_publics(donnees(dossier=dossier(publics=[Public.RSA]))), "R05", Statut.RESPECTE, "RSA")


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


@pytest.mark.parametrize("bassins", ["", "  \n "])
def test_r07_bassins_sans_nom(bassins):
    d = donnees(dossier=dossier(perimetre=Perimetre.BASSINS, bassins=bassins))
    verifier(r07_territoire(d), "R07", Statut.A_COMPLETER, "Nommez les bassins")


def test_r07_bassins_nommes():
    d = donnees(dossier=dossier(perimetre=Perimetre.BASSINS, bassins="Roubaix-Tourcoing ; Lille"))
    verifier(r07_territoire(d), "R07", Statut.RESPECTE, "des bassins nommés (59)")


def test_r07_deux_departements_sans_accord():
    d = donnees(
        dossier=dossier(perimetre=Perimetre.BASSINS, bassins="Bassin minier"), departements=("59", "62")
    )
    verifier(
        r07_territoire(d), "R07", Statut.NON_RESPECTE, "deux départements (59 et 62)", "l’accord des deux"
    )


def test_r07_deux_departements_avec_accord():
    d = donnees(
        dossier=dossier(perimetre=Perimetre.BASSINS, bassins="Bassin minier", accord_deux_departements=True),
        departements=("59", "62"),
    )
    verifier(r07_territoire(d), "R07", Statut.RESPECTE, "(59, 62)")


def test_r07_trois_departements():
    d = donnees(dossier=dossier(accord_deux_departements=True), departements=("02", "59", "62"))
    verifier(r07_territoire(d), "R07", Statut.NON_RESPECTE, "3 départements", "au plus deux")


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
    d = donnees(axes=axes(axe_3={"indicateurs": Indicateurs([SimpleNamespace(libelle="  ")])}))
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
    resultat = r10_objectifs_par_axe(donnees(axes=axes(axe_2={"indicateurs": Indicateurs()})))
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
    d = donnees(axes=axes(axe_1={"indicateurs": Indicateurs([*indicateurs(5), *vides])}))
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
    d = donnees(axes=axes(axe_1={"indicateurs": indicateurs(6)}, axe_2={"indicateurs": Indicateurs()}))
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


# --- R17: the deadline, to the second ---------------------------------------------------------------

LIMITE = datetime.datetime(2021, 10, 11, 23, 59, 59, tzinfo=PARIS)
SECONDE = datetime.timedelta(seconds=1)


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
    verifier(r18_annexe_10_pages(_avec_annexe(10)), "R18", Statut.RESPECTE, "10 page(s) sur 10")


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


# --- With the database: evaluer and charger on a stored dossier --------------------------------------


@pytest.fixture
def fichiers(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def creer_dossier(type_porteur=CD, appel_=None, **complet):
    organisation = OrganisationFactory(type=type_porteur)
    user = UserFactory(organisation=organisation)
    nouveau = Dossier.objects.create(
        appel=appel_ or AppelFactory(), organisation=organisation, intitule="SPIE du Nord 2022-2024"
    )
    dossier_complet(nouveau, user=user, **complet)
    return Dossier.objects.select_related("appel", "organisation").get(pk=nouveau.pk)


def avant_la_limite(d):
    return d.appel.date_limite - datetime.timedelta(days=1)


@pytest.mark.django_db
@pytest.mark.parametrize("type_porteur", [CD, TypeOrganisation.ASSOCIATION])
def test_dossier_complet_recevable(fichiers, type_porteur):
    d = creer_dossier(type_porteur)
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.lignes] == ORDRE
    assert [ligne.statut for ligne in recevabilite.lignes] == [Statut.RESPECTE] * 20, [
        (ligne.regle, ligne.message) for ligne in recevabilite.lignes if ligne.statut != Statut.RESPECTE
    ]
    assert recevabilite.recevable
    assert recevabilite.bloquantes == []
    assert recevabilite.avertissements == []
    assert recevabilite.respectees == 20
    assert recevabilite.resultat("R01").statut == Statut.RESPECTE
    assert all(ligne.libelle for ligne in recevabilite.lignes)


@pytest.mark.django_db
def test_dossier_complet_apres_la_date_limite_non_recevable(fichiers):
    d = creer_dossier()
    recevabilite = evaluer(d, maintenant=d.appel.date_limite + SECONDE)
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R17"]
    assert not recevabilite.recevable
    assert recevabilite.bloquantes[0].lien == reverse("candidatures:depot", args=[d.pk])


@pytest.mark.django_db
def test_calpae_refuse_comme_cofinancement(fichiers):
    d = creer_dossier()
    # 8 lines of 50 000 € : 400 000 €, the State 320 000 €, the porteur 80 000 €. Replace 20 000 € of the
    # State's subsidy by CALPAE credits: the budget stays balanced and the cofinancement is still 20 %.
    etat = d.financements.get(type=TypeFinancement.SUBVENTION_ETAT)
    etat.montant -= Decimal("20000")
    etat.save()
    LigneFinancementModele.objects.create(
        dossier=d, type=TypeFinancement.DISPOSITIF_ETAT, financeur="CALPAE", montant=Decimal("20000")
    )
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R13"]
    r13 = recevabilite.resultat("R13")
    assert r13.statut == Statut.NON_RESPECTE
    assert "CALPAE" in r13.message
    assert f"20{NBSP}000{NBSP}€ à retirer" in r13.message
    assert "demande au moins" not in r13.message
    assert recevabilite.resultat("R11").statut == Statut.RESPECTE
    assert not recevabilite.recevable


@pytest.mark.django_db
def test_systeme_d_information_refuse(fichiers):
    d = creer_dossier()
    ligne = d.depenses.order_by("id").first()
    ligne.nature = NatureDepense.SYSTEME_INFORMATION
    ligne.save()
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R15"]
    r15 = recevabilite.resultat("R15")
    assert r15.statut == Statut.NON_RESPECTE
    assert (
        f"1 ligne(s) de dépense non éligible(s), pour 50{NBSP}000{NBSP}€ : Système d'information."
        in r15.message
    )
    assert not recevabilite.recevable


@pytest.mark.django_db
def test_r08_exclusions_chargees_de_l_appel_du_dossier(fichiers):
    d = creer_dossier()
    autre_appel = AppelFactory()
    nord = DepartementFactory()
    ExclusionR08.objects.create(
        appel=autre_appel, nature=NatureExclusion.LAUREAT_AMI1, nom="Autre appel", siret=d.organisation.siret
    )
    assert evaluer(d, maintenant=avant_la_limite(d)).resultat("R08").statut == Statut.RESPECTE

    ExclusionR08.objects.create(
        appel=d.appel, nature=NatureExclusion.EXPERIMENTATION, nom="Expérimentation du Nord", departement=nord
    )
    r08 = evaluer(d, maintenant=avant_la_limite(d)).resultat("R08")
    assert r08.statut == Statut.A_COMPLETER
    assert "Expérimentation du Nord" in r08.message

    d.accord_porteur_existant = True
    d.articulation = "Un autre public que celui de l’expérimentation : les jeunes de l’ASE."
    d.save()
    assert evaluer(d, maintenant=avant_la_limite(d)).resultat("R08").statut == Statut.RESPECTE

    ExclusionR08.objects.create(
        appel=d.appel, nature=NatureExclusion.LAUREAT_AMI1, nom=d.organisation.nom, siret=d.organisation.siret
    )
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert recevabilite.resultat("R08").statut == Statut.NON_RESPECTE
    assert d.organisation.nom in recevabilite.resultat("R08").message
    assert not recevabilite.recevable


@pytest.mark.django_db
def test_annexe_stockee_11_pages(fichiers):
    d = creer_dossier()
    joindre(d, NaturePiece.ANNEXE, pages=11, nom="annexe.pdf")
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R18"]
    assert "11 pages" in recevabilite.resultat("R18").message


@pytest.mark.django_db
def test_charger_nombre_de_requetes_constant(fichiers):
    appel_ = AppelFactory()
    petit = creer_dossier(appel_=appel_)
    grand = creer_dossier(appel_=appel_, membres=30, lignes=80)
    for d in (petit, grand):
        joindre(d, NaturePiece.ANNEXE, pages=3, nom="annexe.pdf")
        for reponse_axe in d.axes.all():
            for n in range(4):
                reponse_axe.indicateurs.create(libelle=f"Indicateur supplémentaire {n}")
    ExclusionR08.objects.create(
        appel=appel_, nature=NatureExclusion.LAUREAT_AMI1, nom="Lauréat", siret="1" * 14
    )

    requetes = []
    instantanes = []
    for d in (petit, grand):
        d = Dossier.objects.select_related("appel", "organisation").get(pk=d.pk)
        with CaptureQueriesContext(connection) as capture:
            instantanes.append(charger(d, maintenant=avant_la_limite(d)))
        requetes.append(len(capture))

    petit_instantane, grand_instantane = instantanes
    assert (len(petit_instantane.membres), len(petit_instantane.budget.depenses)) == (4, 8)
    assert (len(grand_instantane.membres), len(grand_instantane.budget.depenses)) == (30, 80)
    assert set(grand_instantane.pieces) == {NaturePiece.LETTRE_POLE_EMPLOI, NaturePiece.ANNEXE}
    assert len(grand_instantane.exclusions) == 1
    assert grand_instantane.departements == ("59",)
    assert [len(grand_instantane.indicateurs(axe)) for axe in (1, 2, 3)] == [6, 6, 6]
    assert requetes[0] == requetes[1]
    # Axes, their indicators (prefetch), départements, membres, dépenses, financements, pièces, exclusions.
    assert requetes[0] <= 8

    # The rules themselves never query: evaluer on a snapshot runs no query.
    with CaptureQueriesContext(connection) as capture:
        recevabilite = evaluer(donnees=grand_instantane)
    assert len(capture) == 0
    assert [ligne.regle for ligne in recevabilite.lignes] == ORDRE
