"""Issue 16, points 2, 6, 11 and 14 — pure unit tests of the rules at their boundaries: one judgement of
R02's exception read by R01, R02, R05 and R07; one CD letter per département whose CD is not the porteur;
a CD porteur on its own département; the pertinence of a territory made of bassins; R07's wording."""

from dataclasses import replace

import pytest

from candidatures.completude import pieces as completude_pieces
from candidatures.completude import territoire as completude_territoire
from candidatures.models import Perimetre, Public
from candidatures.rules import r02_cas_exceptionnel, r05_publics, r07_territoire
from candidatures.rules.territoire import cas_exceptionnel
from comptes.models import TypeOrganisation
from core.resultats import Statut
from pieces.models import EtatAnalyse, NaturePiece
from pieces.rules import (
    departements_lettre_cd,
    lettres_cd_manquantes,
    r01_porteur_et_conseil_departemental,
    r18_annexe_10_pages,
)
from tests.instantanes import appel, donnees, dossier, piece, verifier

PE = {NaturePiece.LETTRE_POLE_EMPLOI: piece(NaturePiece.LETTRE_POLE_EMPLOI)}
PLIE = TypeOrganisation.PLIE
JUSTIFICATION = "Des réfugiés non allocataires du RSA ; le conseil départemental ne candidate pas."
PERTINENCE = "Une échelle où les acteurs de l’insertion travaillent déjà ensemble (FAQ)."


def lettre(code, **champs):
    joint = piece(NaturePiece.LETTRE_CD, departement=code)
    for nom, valeur in champs.items():
        setattr(joint, nom, valeur)
    return {f"lettre_cd_{code}": joint}


def non_cd(departements=("59",), pieces=None, **champs_dossier):
    """A porteur that is not a CD (a PLIE of the Nord)."""
    return donnees(
        porteur_type=PLIE,
        departements=departements,
        pieces={**PE, **(pieces or {})},
        dossier=dossier(**champs_dossier),
    )


def cd_du_nord(departements=("59",), pieces=None, **champs_dossier):
    return donnees(
        departements=departements, pieces={**PE, **(pieces or {})}, dossier=dossier(**champs_dossier)
    )


# --- The one list of the letters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("departements", "porteur_cd", "attendus"),
    [
        (("59",), True, []),
        (("59", "62"), True, ["62"]),
        (("62",), True, ["62"]),  # a CD outside its département: the CD of the territory agrees (and R07)
        (("59",), False, ["59"]),
        (("62", "59"), False, ["59", "62"]),
        ((), False, []),
    ],
)
def test_departements_dont_la_lettre_est_demandee(departements, porteur_cd, attendus):
    assert departements_lettre_cd(departements, porteur_cd, "59") == attendus


# --- Point 2: R02 judged once, read by R01, R05, R07 -----------------------------------------------


def test_r02_declare_avec_le_rsa_r01_ne_s_en_prevaut_pas():
    """The issue's probe: R02 declared while the publics include RSA."""
    d = non_cd(cas_exceptionnel=True, cas_exceptionnel_justification=JUSTIFICATION, publics=[Public.RSA])
    verifier(r02_cas_exceptionnel(d), "R02", Statut.NON_RESPECTE, "non allocataires du RSA")
    resultat = r01_porteur_et_conseil_departemental(d)
    verifier(resultat, "R01", Statut.A_COMPLETER, "Nord (59)", "Le cas exceptionnel déclaré n’est pas admis")
    assert "au titre du cas exceptionnel" not in resultat.message
    assert not d.cas_exceptionnel_admis


@pytest.mark.parametrize("justification", ["", " \n\t"])
def test_r02_sans_justification_n_est_pas_admis(justification):
    d = non_cd(cas_exceptionnel=True, cas_exceptionnel_justification=justification, publics=[Public.JEUNES])
    assert not cas_exceptionnel(d).admis
    verifier(r02_cas_exceptionnel(d), "R02", Statut.A_COMPLETER, "Justifiez")
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.A_COMPLETER, "n’est pas admis")
    verifier(r05_publics(d), "R05", Statut.NON_RESPECTE, "n’est pas admis (voir R02)")


def test_r02_admis_vaut_pour_r01_r05_et_r07():
    d = non_cd(
        departements=("59", "62"),
        cas_exceptionnel=True,
        cas_exceptionnel_justification=JUSTIFICATION,
        publics=[Public.REFUGIES],
        perimetre=Perimetre.BASSINS,
        bassins="Bassin minier",
        pertinence_territoire=PERTINENCE,
    )
    assert cas_exceptionnel(d).admis and d.cas_exceptionnel_admis
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE, "signalé aux instructeurs")
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE, "cas exceptionnel admis (R02)")
    verifier(r05_publics(d), "R05", Statut.RESPECTE, "cas exceptionnel admis (R02)")
    verifier(r07_territoire(d), "R07", Statut.RESPECTE, "cas exceptionnel admis (R02)")
    assert lettres_cd_manquantes(d) == []


def test_r02_declare_par_un_cd_n_est_pas_admis():
    d = cd_du_nord(
        cas_exceptionnel=True, cas_exceptionnel_justification=JUSTIFICATION, publics=[Public.JEUNES]
    )
    verifier(r02_cas_exceptionnel(d), "R02", Statut.NON_RESPECTE, "retirez la déclaration")
    verifier(r05_publics(d), "R05", Statut.NON_RESPECTE)
    assert not d.cas_exceptionnel_admis


def test_r02_non_declare_sans_objet_et_pas_admis():
    d = non_cd()
    verifier(r02_cas_exceptionnel(d), "R02", Statut.RESPECTE, "Sans objet")
    assert not cas_exceptionnel(d).admis


# --- Point 6: one letter per département, a CD on its own département ------------------------------


def test_cd_du_nord_sur_le_seul_pas_de_calais():
    """The issue's probe: CD du Nord, territory 62 only: R07 fails, R01 asks for the letter of the 62."""
    d = cd_du_nord(departements=("62",))
    verifier(
        r07_territoire(d),
        "R07",
        Statut.NON_RESPECTE,
        "Nord (59)",
        "un conseil départemental porteur candidate sur son propre département",
        "(Pas-de-Calais (62))",
    )
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.A_COMPLETER, "Pas-de-Calais (62)")
    # Even with the letter of the 62, R07 still refuses: the porteur is not the CD of the territory.
    avec = cd_du_nord(departements=("62",), pieces=lettre("62"))
    verifier(r01_porteur_et_conseil_departemental(avec), "R01", Statut.RESPECTE)
    verifier(r07_territoire(avec), "R07", Statut.NON_RESPECTE, "propre département")


def test_cd_du_nord_sur_son_departement_sans_lettre():
    d = cd_du_nord()
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.RESPECTE, "Le porteur est le conseil")
    verifier(r07_territoire(d), "R07", Statut.RESPECTE)


def test_cd_du_nord_sur_deux_departements_lettre_du_second():
    sans = cd_du_nord(departements=("59", "62"))
    verifier(
        r01_porteur_et_conseil_departemental(sans),
        "R01",
        Statut.A_COMPLETER,
        "hors de son département",
        "Pas-de-Calais (62)",
        champ="pieces#lettre_cd_62",
    )
    verifier(r07_territoire(sans), "R07", Statut.A_COMPLETER, "l’accord des deux départements")
    avec = cd_du_nord(departements=("59", "62"), pieces=lettre("62"))
    verifier(
        r01_porteur_et_conseil_departemental(avec), "R01", Statut.RESPECTE, "Pas-de-Calais (62) est jointe"
    )
    verifier(r07_territoire(avec), "R07", Statut.RESPECTE, "l’accord des deux départements est joint")


def test_porteur_non_cd_sur_deux_departements_deux_lettres():
    une = non_cd(departements=("59", "62"), pieces=lettre("59"))
    verifier(r01_porteur_et_conseil_departemental(une), "R01", Statut.A_COMPLETER, "Pas-de-Calais (62)")
    resultat = r07_territoire(une)
    verifier(resultat, "R07", Statut.A_COMPLETER, "Pas-de-Calais (62)", champ="pieces#lettre_cd_62")
    assert "Nord (59) et" not in resultat.message.split("Joignez")[1]  # the joined one is not asked again
    deux = non_cd(departements=("59", "62"), pieces={**lettre("59"), **lettre("62")})
    verifier(
        r01_porteur_et_conseil_departemental(deux),
        "R01",
        Statut.RESPECTE,
        "Les lettres d’engagement des conseils départementaux : Nord (59) et Pas-de-Calais (62) sont "
        "jointes.",
    )
    verifier(r07_territoire(deux), "R07", Statut.RESPECTE)


def test_la_lettre_d_un_autre_departement_ne_compte_pas():
    d = non_cd(departements=("59",), pieces=lettre("62"))
    verifier(r01_porteur_et_conseil_departemental(d), "R01", Statut.A_COMPLETER, "Nord (59)")


def test_une_lettre_en_analyse_est_un_avertissement():
    d = non_cd(pieces=lettre("59", analyse=EtatAnalyse.EN_ATTENTE))
    resultat = r01_porteur_et_conseil_departemental(d)
    verifier(
        resultat, "R01", Statut.A_COMPLETER, "Nord (59)", "analyse antivirus est en cours", bloquant=False
    )


def test_porteur_non_cd_sans_territoire():
    d = non_cd(departements=())
    verifier(
        r01_porteur_et_conseil_departemental(d),
        "R01",
        Statut.A_COMPLETER,
        "indiquez le territoire",
        champ="territoire#territoire",
    )


def test_completude_des_pieces_suit_les_memes_lettres():
    manques = [m.libelle for m in completude_pieces(non_cd(departements=("59", "62"), pieces=lettre("59")))]
    assert manques == ["Lettre d’engagement du conseil départemental (Pas-de-Calais)"]
    assert completude_pieces(cd_du_nord(departements=("59", "62"), pieces=lettre("62"))) == []


# --- Point 1 (the menu): an annex over the call's maximum is never « complet » -----------------------


@pytest.mark.parametrize(("pages", "maximum", "complet"), [(10, 10, True), (11, 10, False), (5, 4, False)])
def test_completude_de_l_annexe_au_maximum_de_l_appel(pages, maximum, complet):
    d = replace(
        cd_du_nord(pieces={NaturePiece.ANNEXE: piece(NaturePiece.ANNEXE, pages)}),
        appel=appel(annexe_pages_max=maximum),
    )
    assert (completude_pieces(d) == []) is complet
    statut = Statut.RESPECTE if complet else Statut.NON_RESPECTE
    verifier(r18_annexe_10_pages(d), "R18", statut, f"{maximum}")


# --- Point 14: the pertinence of a territory made of bassins ---------------------------------------


@pytest.mark.parametrize("pertinence", ["", "  \n "])
def test_bassins_sans_pertinence(pertinence):
    d = cd_du_nord(perimetre=Perimetre.BASSINS, bassins="Roubaix-Tourcoing", pertinence_territoire=pertinence)
    verifier(
        r07_territoire(d),
        "R07",
        Statut.A_COMPLETER,
        "« les candidats sont alors invités à préciser en quoi le territoire proposé est pertinent",
        champ="territoire#pertinence",
    )
    assert "pertinence_territoire" in completude_territoire(d)


def test_bassins_avec_pertinence():
    d = cd_du_nord(perimetre=Perimetre.BASSINS, bassins="Roubaix-Tourcoing", pertinence_territoire="P")
    verifier(r07_territoire(d), "R07", Statut.RESPECTE, "des bassins nommés")
    assert "pertinence_territoire" not in completude_territoire(d)


def test_departement_entier_sans_pertinence():
    d = cd_du_nord(perimetre=Perimetre.DEPARTEMENT, pertinence_territoire="")
    verifier(r07_territoire(d), "R07", Statut.RESPECTE, "l’ensemble du département")


# --- Point 11: R07's wording from the FAQ ----------------------------------------------------------


def test_r07_trois_departements_cite_la_faq():
    resultat = r07_territoire(cd_du_nord(departements=("02", "59", "62")))
    verifier(
        resultat,
        "R07",
        Statut.NON_RESPECTE,
        "« soit à l’échelle départementale, soit à l’échelle d’un bassin d’emploi »",
        "« qu’un projet soit déployé sur deux départements différents »",
    )
    assert "au plus deux" not in resultat.message and "admet" not in resultat.message
