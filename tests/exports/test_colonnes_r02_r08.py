"""The exports say what the queue shows (issue 16, points 3 and 7): the R02 flag (« Cas exceptionnel
signalé (R02) », from the same ``instruction.filtres.situation_r02``), the R08 declaration (same publics,
same territories, articulation) and whether the existing porteur's letter is joined — in the XLSX and
the CSV alike; the queue's filter « Cas exceptionnel (R02) » applies to them."""

import csv
import io

import openpyxl
import pytest

from ami import libelles as L
from candidatures.models import Dossier, EngagementSpie, OuiNon, Public
from comptes.models import TypeOrganisation
from demo.exemples import joindre
from pieces.models import NaturePiece
from tests.depots import deposer_dossier
from tests.exports.demandes import exporter

pytestmark = pytest.mark.django_db

COLONNE_R02 = "Cas exceptionnel signalé (R02)"
COLONNE_LETTRE = f"{L.R08_LETTRE_ACCORD} (R08) jointe"


def _lignes_xlsx(octets) -> dict:
    feuille = openpyxl.load_workbook(io.BytesIO(octets))["Dossiers"]
    valeurs = list(feuille.iter_rows(values_only=True))
    return {ligne[0]: dict(zip(valeurs[0], ligne, strict=True)) for ligne in valeurs[1:]}


def _lignes_csv(octets) -> dict:
    lignes = list(csv.reader(io.StringIO(octets.decode("utf-8-sig")), delimiter=";"))
    return {ligne[0]: dict(zip(lignes[0], ligne, strict=True)) for ligne in lignes[1:]}


def _exceptionnel(dossier):
    dossier.cas_exceptionnel = True
    dossier.cas_exceptionnel_justification = "Les jeunes sortant de l’ASE."
    dossier.save()


def _acteur_spie(dossier):
    dossier.engagement_spie = EngagementSpie.TERRITOIRE
    dossier.memes_publics = OuiNon.OUI
    dossier.memes_territoires = OuiNon.NON
    dossier.articulation = "Un autre bassin que celui de l’expérimentation."
    dossier.save()
    joindre(dossier, NaturePiece.ACCORD_SPIE, nom="accord.pdf", user=dossier.cree_par)


@pytest.fixture
def dossiers():
    """Three deposited dossiers: the exception declared (R02 respected), the exception declared and
    failed at a later evaluation, an actor of a SPIE territory with its letter."""
    ml = {"type": TypeOrganisation.MISSION_LOCALE, "publics": [Public.JEUNES]}
    respecte = deposer_dossier(preparer=_exceptionnel, **ml)
    non_respecte = deposer_dossier(preparer=_exceptionnel, regles=("R02",), **ml)
    acteur = deposer_dossier(preparer=_acteur_spie)
    return respecte, non_respecte, acteur


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_colonnes_r02_et_r08(client, instructeur, dossiers, format):
    respecte, non_respecte, acteur = dossiers
    octets = exporter(client, instructeur, format, "dossiers" if format == "csv" else "")
    lignes = (_lignes_xlsx if format == "xlsx" else _lignes_csv)(octets)
    vide = None if format == "xlsx" else ""
    assert lignes[respecte.numero][COLONNE_R02] == "Cas exceptionnel (R02) — R02 respecté"
    assert lignes[non_respecte.numero][COLONNE_R02] == "Cas exceptionnel (R02) — R02 non respecté"
    assert lignes[acteur.numero][COLONNE_R02] == vide
    assert lignes[respecte.numero][L.R02_JUSTIFICATION] == "Les jeunes sortant de l’ASE."

    ligne = lignes[acteur.numero]
    assert ligne[L.R08_QUESTION] == L.R08_TERRITOIRE
    assert ligne[L.R08_MEMES_PUBLICS] == "Oui" and ligne[L.R08_MEMES_TERRITOIRES] == "Non"
    assert ligne[L.R08_ARTICULATION] == "Un autre bassin que celui de l’expérimentation."
    assert ligne[COLONNE_LETTRE] == "Oui"
    assert lignes[respecte.numero][COLONNE_LETTRE] == "Non"
    assert (
        "Le porteur de l’expérimentation ou le lauréat du premier AMI a donné son accord" not in ligne
    )  # the old checkbox: the letter replaces it


def test_le_filtre_r02_s_applique_aux_exports(client, instructeur, dossiers):
    respecte, non_respecte, _ = dossiers
    octets = exporter(client, instructeur, "xlsx", requete="?cas_exceptionnel=non_respecte")
    assert list(_lignes_xlsx(octets)) == [non_respecte.numero]
    octets = exporter(client, instructeur, "xlsx", requete="?cas_exceptionnel=declare")
    assert sorted(_lignes_xlsx(octets)) == sorted([respecte.numero, non_respecte.numero])
    assert Dossier.objects.filter(cas_exceptionnel=True).count() == 2
