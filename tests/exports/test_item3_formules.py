"""Issue 12, item 3 — no user's text runs in a spreadsheet: every text cell of the CSV and XLSX exports
that a spreadsheet would read as a formula (« = + - @ », tab, carriage return first) is prefixed with
« ' » (OWASP), the XLSX holds no formula nor error value from data (``data_type`` of every cell of every
sheet), numbers stay numbers, and an answer beyond Excel's 32 767 characters is cut and marked.

Each payload is put in every text field the exports read (the dossier and its answers, indicateurs,
porteur, members, expense and financing lines, motivations, the service of an avis, the département
and région), then both formats of the four sheets are checked cell by cell."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import models
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.models import LigneDepense, LigneFinancement
from candidatures import cycle
from candidatures.models import Dossier, Indicateur, ReponseAxe, Transition
from comptes.models import Organisation, ServiceTerritorial
from consortium.models import Membre
from exports.ecriture import DEBUTS_DE_FORMULE, LIMITE_XLSX, TRONQUE, texte_de_cellule, tronquer
from instruction.models import Avis, Evaluation
from territoires.models import Departement, Region
from tests.depots import instruire
from tests.exports.demandes import exporter

pytestmark = pytest.mark.django_db

CHARGES = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
    "=1+1",
    "\x0b=1+1",  # a control character XLSX cannot hold, before a formula
    "#N/A",  # an error value for openpyxl, a text here
]
EXCLUS = {"etat", "action", "depuis", "vers"}  # the lifecycle's codes: the portal's, not a user's
NOMBRE = re.compile(r"^-?\d+(,\d+)?$")  # « -1500,00 »: a number to Excel, not a formula
FEUILLES_CSV = ("dossiers", "membres", "depenses", "financements")
# The cells that carry a payload in each format: ~150 over the four sheets (137 for the longest payload,
# cut in the shortest fields such as the SIRET).
PORTEES = 130


def _textes(modele) -> list[models.Field]:
    return [
        f
        for f in modele._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.primary_key and f.name not in EXCLUS
    ]


def _remplir(dossier, charge: str) -> None:
    """``charge`` in every text field the exports read (cut to the field's length)."""
    cibles = [
        (Dossier, {"pk": dossier.pk}),
        (ReponseAxe, {"dossier": dossier}),
        (Indicateur, {"reponse__dossier": dossier}),
        (Organisation, {"pk": dossier.organisation_id}),
        (Membre, {"dossier": dossier}),
        (LigneDepense, {"dossier": dossier}),
        (LigneFinancement, {"dossier": dossier}),
        (Transition, {"dossier": dossier}),
        (Avis, {"dossier": dossier}),
        (Evaluation, {"dossier": dossier}),
        (ServiceTerritorial, {"pk__in": Avis.objects.filter(dossier=dossier).values("service")}),
        (Departement, {"dossiers": dossier}),
        (Region, {"departements__dossiers": dossier}),
    ]
    for modele, filtre in cibles:
        champs = {f.name: charge[: f.max_length] if f.max_length else charge for f in _textes(modele)}
        modele.objects.filter(
            pk__in=list(modele.objects.filter(**filtre).values_list("pk", flat=True))
        ).update(**champs)
    Dossier.objects.filter(pk=dossier.pk).update(publics=[charge], regles_bloquantes=[charge])


@pytest.fixture
def decide(depose, instructeur, agent_nord):
    """Instructed (scores, avis, recevabilité), proposed and decided: every motivation exported; a
    financing line with a negative amount (a number must stay a number)."""
    dossier = instruire(depose, [instructeur], agent_nord)
    cycle.effectuer(dossier, cycle.Action.PROPOSER, instructeur, "Proposé.", {"proposition": "laureat"})
    cycle.effectuer(dossier, cycle.Action.DECIDER_LAUREAT, instructeur, "Retenu.")
    ligne = LigneFinancement.objects.filter(dossier=dossier).first()
    LigneFinancement.objects.filter(pk=ligne.pk).update(montant=Decimal("-1500"))
    return Dossier.objects.get(pk=dossier.pk)


def _cellules_csv(client, user) -> list[str]:
    cellules = []
    for feuille in FEUILLES_CSV:
        contenu = exporter(client, user, "csv", feuille)
        assert contenu.startswith(b"\xef\xbb\xbf")
        lecteur = csv.reader(io.StringIO(contenu.decode("utf-8-sig"), newline=""), delimiter=";")
        cellules += [cellule for ligne in lecteur for cellule in ligne]
    return cellules


def _cellules_xlsx(client, user) -> list:
    classeur = openpyxl.load_workbook(io.BytesIO(exporter(client, user, "xlsx")))
    return [cellule for feuille in classeur.worksheets for ligne in feuille.iter_rows() for cellule in ligne]


def test_item3_aucune_formule_ni_cellule_non_neutralisee(client, decide, instructeur):
    client.force_login(instructeur)
    essais = {"csv": 0, "xlsx": 0}
    for charge in CHARGES:
        _remplir(decide, charge)
        attendu = texte_de_cellule(charge)  # « '=1+1 »…; « #N/A » unchanged, but a text

        cellules = _cellules_csv(client, instructeur)
        for cellule in cellules:
            assert not cellule.startswith(DEBUTS_DE_FORMULE) or NOMBRE.match(cellule), (charge, cellule)
        portees = [c for c in cellules if attendu in c]
        assert len(portees) >= PORTEES, (charge, len(portees))
        assert "-1500,00" in cellules  # a negative amount stays a number, unprefixed
        essais["csv"] += len(portees)

        cellules = _cellules_xlsx(client, instructeur)
        assert [c.coordinate for c in cellules if c.data_type in ("f", "e")] == [], charge
        textes = [c.value for c in cellules if isinstance(c.value, str)]
        for texte in textes:
            assert not texte.startswith(DEBUTS_DE_FORMULE), (charge, texte)
        portees = [t for t in textes if attendu.replace("\r", "\n") in t.replace("\r", "\n")]
        assert len(portees) >= PORTEES, (charge, len(portees))
        assert -1500 in [c.value for c in cellules]  # the same amount, a number in the workbook
        essais["xlsx"] += len(portees)
    assert min(essais.values()) >= PORTEES * len(CHARGES)


def test_item3_les_nombres_restent_des_nombres(client, decide, instructeur):
    client.force_login(instructeur)
    _remplir(decide, "=1+1")
    feuille = openpyxl.load_workbook(io.BytesIO(exporter(client, instructeur, "xlsx")))["Dossiers"]
    en_tetes = [c.value for c in feuille[1]]
    ligne = {titre: feuille.cell(row=2, column=i + 1) for i, titre in enumerate(en_tetes)}
    for titre in ("Coût global du projet", "Part de l'État dans le budget", "Note moyenne sur 20"):
        assert ligne[titre].data_type == "n" and isinstance(ligne[titre].value, int | float), titre
    assert ligne["Intitulé du projet"].value == "'=1+1" and ligne["Intitulé du projet"].data_type == "s"


def test_item3_une_reponse_trop_longue_pour_une_cellule_est_coupee_et_marquee(client, decide, instructeur):
    longue = "=" + "Une action d’insertion menée avec les partenaires. " * 800  # 40 801 characters
    astrale = "Objectif 🎯 " * 4000  # 44 000 characters, 48 000 UTF-16 code units
    ReponseAxe.objects.filter(dossier=decide, axe=1).update(objectifs=longue, actions=astrale)
    client.force_login(instructeur)
    feuille = openpyxl.load_workbook(io.BytesIO(exporter(client, instructeur, "xlsx")))["Dossiers"]
    en_tetes = [c.value for c in feuille[1]]
    valeurs = {titre: feuille.cell(row=2, column=i + 1).value for i, titre in enumerate(en_tetes)}
    objectifs = next(v for t, v in valeurs.items() if t.startswith("Axe 1 — ") and v.startswith("'="))
    assert objectifs.endswith("[texte tronqué, voir le PDF]") and objectifs.endswith(TRONQUE)
    assert len(objectifs) == LIMITE_XLSX and objectifs.startswith("'" + longue[:1000])
    actions = next(v for v in valeurs.values() if isinstance(v, str) and v.startswith("Objectif 🎯"))
    assert actions.endswith(TRONQUE) and len(actions.encode("utf-16-le")) // 2 <= LIMITE_XLSX
    # The CSV has no such limit: the whole answer, neutralised.
    lignes = list(
        csv.reader(
            io.StringIO(exporter(client, instructeur, "csv", "dossiers").decode("utf-8-sig"), newline=""),
            delimiter=";",
        )
    )
    assert "'" + longue in lignes[1] and astrale in lignes[1]


LONGS = st.builds(lambda motif, n: motif * n, st.text(min_size=1, max_size=4), st.integers(4000, 20000))


@settings(deadline=None)  # a shared, slow machine: no time limit per example
@given(st.text() | LONGS)
def test_item3_propriete_d_une_cellule_de_texte(texte):
    """Whatever the text: no formula start, no control character, within the limit; the text itself
    (but its control characters) when it fits, its beginning and the mark otherwise."""
    cellule = tronquer(texte_de_cellule(texte))
    assert not cellule.startswith(DEBUTS_DE_FORMULE)
    assert len(cellule.encode("utf-16-le")) // 2 <= LIMITE_XLSX
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", cellule)
    propre = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", texte)
    neutre = "'" + propre if propre.startswith(DEBUTS_DE_FORMULE) else propre
    if len(neutre.encode("utf-16-le")) // 2 <= LIMITE_XLSX:
        assert cellule == neutre
    else:
        assert cellule.endswith(TRONQUE) and neutre.startswith(cellule.removesuffix(TRONQUE))
