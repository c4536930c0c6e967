"""R08 as the call writes it (issue 16, point 7): AMI, II.A « Les porteurs/membres des consortiums SPIE
ayant été sélectionnés dans le cadre du premier AMI ne peuvent pas recandidater. Toutefois, les acteurs
de l’insertion et de l’emploi présents sur ces territoires SPIE pourront candidater, avec l’accord du
porteur de l’expérimentation ou du lauréat du premier AMI. Cette possibilité est ouverte à condition que
le projet ne porte pas sur les mêmes publics sauf si les territoires sont différents. L’articulation […]
devra alors être précisée dans la candidature. »

Pure unit tests of ``r08_premier_ami`` on hand-built snapshots (``tests.instantanes``), at each boundary:
the porteur itself excluded (by SIRET or by its own declaration), an actor of a SPIE territory with
each condition missing or met, the exclusions without SIRET (a hint, never a refusal)."""

import pytest

from ami import libelles as L
from candidatures.models import EngagementSpie, OuiNon
from candidatures.rules import r08_premier_ami
from core.resultats import Statut
from pieces.models import EtatAnalyse, NaturePiece
from tests.instantanes import SIRET_PORTEUR, donnees, dossier, exclusion, piece, verifier

LETTRE_PE = {NaturePiece.LETTRE_POLE_EMPLOI: piece(NaturePiece.LETTRE_POLE_EMPLOI)}
AVEC_ACCORD = LETTRE_PE | {NaturePiece.ACCORD_SPIE: piece(NaturePiece.ACCORD_SPIE)}
ARTICULATION = "Nos publics sont les jeunes de l’ASE ; l’expérimentation suit les allocataires du RSA."


def acteur(pieces=AVEC_ACCORD, exclusions=(), **champs):
    """An actor of a SPIE territory (not its porteur), each condition met unless ``champs`` says."""
    valeurs = {
        "engagement_spie": EngagementSpie.TERRITOIRE,
        "memes_publics": OuiNon.NON,
        "memes_territoires": "",
        "articulation": ARTICULATION,
    }
    valeurs.update(champs)
    return donnees(dossier=dossier(**valeurs), pieces=pieces, exclusions=exclusions)


# --- The options can be ticked truthfully ------------------------------------------------------------


def test_les_options_ne_parlent_plus_des_membres_du_consortium():
    """Pôle emploi is in every consortium of the first wave: the first option speaks of the porteur, the
    second one lets a member of an existing consortium apply (on conditions)."""
    assert "aucun membre du consortium" not in L.R08_AUCUN
    assert "membre" in L.R08_TERRITOIRE and "sans en être le porteur" in L.R08_TERRITOIRE
    assert "membre" not in L.R08_LAUREAT and "lui-même le porteur" in L.R08_LAUREAT
    assert "Pôle emploi" in L.R08_AIDE
    assert dict(EngagementSpie.choices) == {
        "aucun": L.R08_AUCUN,
        "territoire": L.R08_TERRITOIRE,
        "laureat": L.R08_LAUREAT,
    }


def test_porteur_hors_de_tout_territoire_spie():
    """A consortium with Pôle emploi (``donnees``' members) and no SPIE territory: respected."""
    verifier(r08_premier_ami(donnees()), "R08", Statut.RESPECTE, "n’a été retenu ni pour une expérimentation")


def test_situation_non_indiquee():
    d = donnees(dossier=dossier(engagement_spie=""))
    verifier(r08_premier_ami(d), "R08", Statut.A_COMPLETER, "Indiquez la situation du porteur")


# --- The porteur itself: excluded ---------------------------------------------------------------------


def test_porteur_laureat_declare():
    d = donnees(dossier=dossier(engagement_spie=EngagementSpie.LAUREAT))
    verifier(
        r08_premier_ami(d),
        "R08",
        Statut.NON_RESPECTE,
        "ne peuvent pas candidater de nouveau",
        "« Les porteurs/membres des consortiums SPIE ayant été sélectionnés",
        "(AMI, II.A)",
    )


def test_porteur_exclu_par_son_siret_meme_s_il_se_dit_acteur():
    exclu = exclusion(nom="Département du Nord", siret=SIRET_PORTEUR, departement="59")
    resultat = r08_premier_ami(acteur(exclusions=(exclusion(siret="99999999999999"), exclu)))
    verifier(resultat, "R08", Statut.NON_RESPECTE, "(Département du Nord, lauréat du premier AMI)")


def test_siret_d_un_autre_porteur_sans_effet():
    d = donnees(exclusions=(exclusion(siret="99999999999999", departement="62"),))
    verifier(r08_premier_ami(d), "R08", Statut.RESPECTE)


# --- An actor of a SPIE territory: the conditions ------------------------------------------------------


def test_acteur_toutes_conditions_remplies():
    verifier(
        r08_premier_ami(acteur()),
        "R08",
        Statut.RESPECTE,
        "lettre d’accord du porteur existant jointe, des publics différents, articulation décrite",
    )


def test_memes_publics_sur_des_territoires_differents():
    resultat = r08_premier_ami(acteur(memes_publics=OuiNon.OUI, memes_territoires=OuiNon.NON))
    verifier(resultat, "R08", Statut.RESPECTE, "les mêmes publics sur des territoires différents")


def test_memes_publics_et_memes_territoires_refuse():
    resultat = r08_premier_ami(acteur(memes_publics=OuiNon.OUI, memes_territoires=OuiNon.OUI))
    verifier(
        resultat,
        "R08",
        Statut.NON_RESPECTE,
        "ne peut pas porter sur les mêmes publics et les mêmes territoires",
        "« à condition que le projet ne porte pas sur les mêmes publics sauf si les territoires sont "
        "différents » (AMI, II.A)",
    )


def test_memes_publics_refuse_meme_lettre_et_articulation_absentes():
    d = acteur(pieces=LETTRE_PE, articulation="", memes_publics=OuiNon.OUI, memes_territoires=OuiNon.OUI)
    verifier(r08_premier_ami(d), "R08", Statut.NON_RESPECTE, "mêmes publics et les mêmes territoires")


def test_memes_publics_territoires_non_dits():
    resultat = r08_premier_ami(acteur(memes_publics=OuiNon.OUI, memes_territoires=""))
    verifier(resultat, "R08", Statut.A_COMPLETER, "indiquez si le projet couvre les mêmes territoires.")


def test_publics_non_dits():
    resultat = r08_premier_ami(acteur(memes_publics=""))
    verifier(resultat, "R08", Statut.A_COMPLETER, "indiquez si le projet porte sur les mêmes publics")
    assert "mêmes territoires" not in resultat.message


def test_publics_differents_la_question_des_territoires_ne_se_pose_pas():
    verifier(r08_premier_ami(acteur(memes_publics=OuiNon.NON, memes_territoires="")), "R08", Statut.RESPECTE)


def test_lettre_d_accord_absente_mene_aux_pieces():
    resultat = r08_premier_ami(acteur(pieces=LETTRE_PE))
    verifier(
        resultat,
        "R08",
        Statut.A_COMPLETER,
        "joignez la lettre d’accord du porteur de l’expérimentation ou du lauréat du premier AMI.",
        champ="pieces#accord_spie",
    )


def test_articulation_blanche():
    resultat = r08_premier_ami(acteur(articulation="  \n "))
    verifier(
        resultat,
        "R08",
        Statut.A_COMPLETER,
        "décrivez l’articulation du projet avec le sien.",
        champ="territoire#engagement-spie",
    )
    assert "lettre" not in resultat.message


def test_tout_manque_en_une_phrase():
    resultat = r08_premier_ami(acteur(pieces=LETTRE_PE, articulation="", memes_publics=""))
    verifier(
        resultat,
        "R08",
        Statut.A_COMPLETER,
        "Sur un territoire SPIE (AMI, II.A) : indiquez si le projet porte sur les mêmes publics que le "
        "projet existant, joignez la lettre d’accord",
        "et décrivez l’articulation",
        champ="territoire#engagement-spie",
    )


@pytest.mark.parametrize("analyse", [EtatAnalyse.EN_ATTENTE, EtatAnalyse.ERREUR])
def test_lettre_en_analyse_avertit_sans_bloquer(analyse):
    lettre = piece(NaturePiece.ACCORD_SPIE)
    lettre.analyse = analyse
    resultat = r08_premier_ami(acteur(pieces=LETTRE_PE | {NaturePiece.ACCORD_SPIE: lettre}))
    verifier(resultat, "R08", Statut.A_COMPLETER, "analyse antivirus est en cours", bloquant=False)
    assert resultat.avertissement and resultat.champ == "pieces#accord_spie"


def test_territoire_de_l_exclusion_impose_les_conditions_meme_si_aucun_est_coche():
    d = donnees(exclusions=(exclusion(nom="SPIE du Nord", departement="59"),))
    verifier(
        r08_premier_ami(d),
        "R08",
        Statut.A_COMPLETER,
        "Le territoire du projet compte un territoire SPIE (SPIE du Nord)",
        "joignez la lettre d’accord",
    )


def test_territoire_de_l_exclusion_conditions_remplies():
    d = acteur(engagement_spie=EngagementSpie.AUCUN, exclusions=(exclusion(departement="59"),))
    verifier(r08_premier_ami(d), "R08", Statut.RESPECTE, "Territoire SPIE")


def test_exclusion_d_un_autre_departement_sans_effet():
    verifier(r08_premier_ami(donnees(exclusions=(exclusion(departement="62"),))), "R08", Statut.RESPECTE)


# --- Exclusions without SIRET: a hint for the instructeur, never a refusal -----------------------------


def test_homonyme_sans_siret_signale_sans_bloquer():
    exclu = exclusion(nom="Département du Nord", siret="", departement=None)
    d = donnees(dossier=dossier(nom_chef_de_file="DÉPARTEMENT-du  nord."), exclusions=(exclu,))
    verifier(
        r08_premier_ami(d),
        "R08",
        Statut.RESPECTE,
        "À vérifier par l’instructeur : le chef de file porte le nom de « Département du Nord »",
        "enregistrée sans SIRET",
    )


def test_autre_nom_pas_de_signalement():
    exclu = exclusion(nom="Département du Nord", siret="", departement=None)
    d = donnees(dossier=dossier(nom_chef_de_file="Département du Pas-de-Calais"), exclusions=(exclu,))
    assert "À vérifier" not in r08_premier_ami(d).message


def test_homonyme_avec_siret_different_pas_de_signalement():
    """An exclusion with a SIRET says who it is: a namesake with another SIRET is someone else."""
    exclu = exclusion(nom="Département du Nord", siret="99999999999999", departement=None)
    d = donnees(dossier=dossier(nom_chef_de_file="Département du Nord"), exclusions=(exclu,))
    assert "À vérifier" not in r08_premier_ami(d).message


def test_porteur_sans_siret_n_est_pas_exclu_par_une_exclusion_sans_siret():
    d = donnees(porteur_siret="", exclusions=(exclusion(siret="", departement="13"),))
    verifier(r08_premier_ami(d), "R08", Statut.RESPECTE)
