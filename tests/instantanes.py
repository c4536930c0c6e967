"""Snapshots of a dossier built by hand for the rule tests (rules are pure: no database), and the
assertion helper ``verifier``. Each test departs from a complete snapshot and changes one thing."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from ami import libelles as L
from ami.models import Appel, ExclusionR08, NatureExclusion
from budget.chiffres import Budget, Depense, Financement
from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
from candidatures.donnees import DonneesDossier
from candidatures.models import Dossier, EngagementSpie, OuiNon, Perimetre, Public
from candidatures.rules import (
    METHODOLOGIE,
    QUESTIONS_COMMUNES,
    QUESTIONS_EN_PLUS,
)
from comptes.models import TypeOrganisation
from consortium.models import STATUT_INITIAL, Membre, TypeMembre
from core.resultats import Statut
from pieces.models import EtatAnalyse, NaturePiece, Piece

CD = TypeOrganisation.CONSEIL_DEPARTEMENTAL
NBSP, NNBSP = "\u00a0", "\u202f"
ORDRE = [f"R{n:02d}" for n in range(1, 19)] + ["W01", "W02"]
SIRET_PORTEUR = "12345678900011"
SECONDE = datetime.timedelta(seconds=1)
TEXTE = "Une réponse rédigée par le consortium."
TOUTES_QUESTIONS = QUESTIONS_COMMUNES + QUESTIONS_EN_PLUS[2] + QUESTIONS_EN_PLUS[3]


# --- Building a snapshot by hand -------------------------------------------------------------------


def indicateurs(nombre: int, axe: int = 1) -> tuple:
    return tuple(SimpleNamespace(libelle=f"Indicateur {n} de l’axe {axe}") for n in range(1, nombre + 1))


def reponse(axe: int, nb_indicateurs: int = 2, **champs) -> SimpleNamespace:
    """An answer to axe ``axe`` with every question answered, figures and indicators (``indicateurs``:
    ``donnees`` puts them in the snapshot's ``indicateurs_par_axe``)."""
    valeurs = dict.fromkeys(TOUTES_QUESTIONS, f"Axe {axe} — {TEXTE}")
    valeurs.update(nombre_personnes=1500 * axe, part_population=Decimal("35.5"))
    valeurs.update(chiffres_non_disponibles=False, chiffres_explication="")
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
        "engagement_propositions": f"{TEXTE} (propositions)",
        "participation_personnes": f"{TEXTE} (participation)",
        "personne_relais_nom": "Sacha Lefebvre",
        "personne_relais_fonction": "Cheffe de projet insertion",
        "personne_relais_telephone": "03 20 63 59 60",
        "personne_relais_courriel": "sacha.lefebvre@exemple.fr",
    }
    valeurs.update(champs)
    return Dossier(**valeurs)


def membre(type_membre=TypeMembre.ASSOCIATION, structure="Association Insertion Nord", **champs) -> Membre:
    """A member; its statut, unless given, the one a new row of its type starts with (``Membre.save``)."""
    champs.setdefault("statut", STATUT_INITIAL.get(type_membre, ""))
    return Membre(type=type_membre, structure=structure, **champs)


def piece(nature, pages: int = 1, departement=None) -> Piece:
    return Piece(
        nature=nature,
        nom=f"{nature}.pdf",
        taille=1000,
        pages=pages,
        analyse=EtatAnalyse.SAINE,
        departement_id=departement,
    )


def appel(**champs) -> Appel:
    """The 2021 call (defaults of the model), unsaved."""
    return Appel(**champs)


def budget_equilibre() -> Budget:
    return Budget(
        (Depense(GroupeDepense.AXE_1, NatureDepense.EQUIPE_ANIMATION, Decimal("100000"), "", "non"),),
        (
            Financement(TypeFinancement.SUBVENTION_ETAT, Decimal("80000"), "État"),
            Financement(TypeFinancement.AUTOFINANCEMENT, Decimal("20000"), "Porteur", "acquis", "numeraire"),
        ),
    )


def donnees(**champs) -> DonneesDossier:
    """A complete snapshot: a CD porteur in the Nord, every answer given, the call still open."""
    valeurs = {
        "dossier": dossier(),
        "appel": appel(),
        "porteur_type": CD,
        "porteur_siret": SIRET_PORTEUR,
        "porteur_departement": "59",
        "departements": ("59",),
        "noms_departements": {"02": "Aisne", "59": "Nord", "62": "Pas-de-Calais"},
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
    valeurs.setdefault(
        "indicateurs_par_axe", {n: tuple(getattr(r, "indicateurs", ())) for n, r in valeurs["axes"].items()}
    )
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
