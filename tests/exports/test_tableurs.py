"""CSV and XLSX exports, written by the worker (tests/exports/demandes.py): every sheet, amounts as
numbers equal to the dossier's, French CSV, the territory of an agent and nothing else, a constant
number of queries."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import LigneDepense, LigneFinancement
from budget.natures import TypeFinancement
from exports.models import FichierExport
from tests.depots import deposer_dossier, instruire
from tests.exports.demandes import demander, exporter, telecharger
from tests.factories import DepartementFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _classeur(client, user, requete=""):
    reponse, octets = telecharger(client, demander(client, user, "xlsx", requete=requete))
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="ami-spie-dossiers-' in reponse["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(octets))


def _csv(client, user, feuille) -> bytes:
    reponse, octets = telecharger(client, demander(client, user, "csv", feuille))
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert f'attachment; filename="ami-spie-{feuille}-' in reponse["Content-Disposition"]
    return octets


def _lignes(feuille) -> list[dict]:
    valeurs = list(feuille.iter_rows(values_only=True))
    return [dict(zip(valeurs[0], ligne, strict=True)) for ligne in valeurs[1:]]


@pytest.fixture
def breton():
    """A deposited dossier of a porteur of Ille-et-Vilaine (35, Bretagne)."""
    ille = DepartementFactory(code="35", nom="Ille-et-Vilaine", region__code="53", region__nom="Bretagne")
    porteur = OrganisationFactory(departement=ille, nom="Département d'Ille-et-Vilaine")
    user = UserFactory(organisation=porteur)
    return deposer_dossier(user, membres=2, lignes=3)


def test_le_classeur_a_quatre_feuilles_et_ses_totaux_egalent_ceux_du_dossier(
    client, depose, instructeur, instructeur2, agent_nord
):
    dossier = instruire(depose, [instructeur, instructeur2], agent_nord)
    classeur = _classeur(client, instructeur)
    assert classeur.sheetnames == [
        "Dossiers",
        "Membres du consortium",
        "État des dépenses",
        "Plan de financement",
    ]

    (ligne,) = _lignes(classeur["Dossiers"])
    assert ligne["Numéro de dossier"] == dossier.numero
    assert ligne["État"] == "Recevable"
    assert ligne["Porteur"] == dossier.organisation.nom
    assert ligne["Département(s)"] == "59 Nord"
    assert ligne["Nom du chef de file"] == dossier.nom_chef_de_file  # annexe 7's labels, word for word
    assert ligne["Interlocuteur 1 — Nom et Prénom"] == dossier.interlocuteur1_nom
    cout = sum(LigneDepense.objects.filter(dossier=dossier).values_list("montant", flat=True))
    etat = sum(
        LigneFinancement.objects.filter(dossier=dossier, type=TypeFinancement.SUBVENTION_ETAT).values_list(
            "montant", flat=True
        )
    )
    assert Decimal(str(ligne["Coût global du projet"])) == cout == dossier.cout_global
    assert Decimal(str(ligne["Subvention de l'État demandée"])) == etat == dossier.subvention_demandee
    assert ligne["Part de l'État dans le budget"] == pytest.approx(float(etat / cout), abs=1e-4)
    assert ligne["Recevabilité (instruction)"] == "Recevable"
    assert ligne["Motivation de la recevabilité"] == "Dossier complet et conforme."
    assert ligne["Nombre d'évaluations"] == 2
    assert ligne["Note moyenne sur 20"] is not None
    assert ligne["Avis demandés"] == 1 and ligne["Avis reçus"] == 1
    assert "Favorable avec réserves" in ligne["Avis des services (service : sens)"]
    assert ligne["Axe 1 — Indicateurs"]  # the indicateurs of axe 1, one per line

    # Amounts are numbers in euros, rates percentages: Excel computes on them.
    dossiers = classeur["Dossiers"]
    en_tetes = [c.value for c in dossiers[1]]
    cellule = dossiers.cell(row=2, column=en_tetes.index("Coût global du projet") + 1)
    assert isinstance(cellule.value, float | int) and "€" in cellule.number_format
    taux = dossiers.cell(row=2, column=en_tetes.index("Taux de cofinancement") + 1)
    assert taux.number_format.endswith("%")

    # The état des dépenses: its lines (« Ligne » = « Dépense ») sum to the coût global.
    depenses = [d for d in _lignes(classeur["État des dépenses"]) if d["Ligne"] == "Dépense"]
    assert len(depenses) == LigneDepense.objects.filter(dossier=dossier).count()
    assert Decimal(str(round(sum(d["Montant"] for d in depenses), 2))) == dossier.cout_global
    financements = _lignes(classeur["Plan de financement"])
    assert {f["Numéro de dossier"] for f in financements} == {dossier.numero}
    assert Decimal(str(round(sum(f["Montant"] for f in financements), 2))) == sum(
        LigneFinancement.objects.filter(dossier=dossier).values_list("montant", flat=True)
    )
    membres = _lignes(classeur["Membres du consortium"])
    assert len(membres) == dossier.membres.count()
    assert all(m["Numéro de dossier"] == dossier.numero for m in membres)


def test_csv_pour_excel_en_francais(client, depose, instructeur):
    octets = _csv(client, instructeur, "dossiers")
    assert octets.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents
    lignes = list(csv.reader(io.StringIO(octets.decode("utf-8-sig")), delimiter=";"))
    en_tete, ligne = lignes[0], dict(zip(lignes[0], lignes[1], strict=True))
    assert "Coût global du projet (€)" in en_tete and "Taux de cofinancement (%)" in en_tete
    assert ligne["Numéro de dossier"] == depose.numero
    assert ligne["Coût global du projet (€)"] == format(depose.cout_global, "f").replace(".", ",")
    assert "," in ligne["Taux de cofinancement (%)"]
    assert len(lignes) == 2

    depenses = _csv(client, instructeur, "depenses").decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(depenses), delimiter=";"))
    assert lignes[0][:4] == ["Numéro de dossier", "Porteur", "Ligne", "Groupe de dépenses"]
    montant = lignes[0].index("Montant (€)")
    total = sum(Decimal(ligne[montant].replace(",", ".")) for ligne in lignes[1:] if ligne[2] == "Dépense")
    assert total == depose.cout_global
    reponse = client.post(reverse("exports:demander"), {"format": "csv", "feuille": "inconnue"})
    assert reponse.status_code == 400
    assert client.post(reverse("exports:demander"), {"format": "pdf"}).status_code == 400
    assert (
        client.post(reverse("exports:demander"), {"format": "xlsx", "feuille": "depenses"}).status_code == 400
    )


def test_l_export_d_un_agent_ne_tient_que_son_territoire_et_aucune_note(
    client, depose, breton, instructeur, agent_nord, agent_ailleurs
):
    instruire(depose, [instructeur], agent_nord)
    national = _classeur(client, instructeur)
    assert {ligne["Numéro de dossier"] for ligne in _lignes(national["Dossiers"])} == {
        depose.numero,
        breton.numero,
    }

    classeur = _classeur(client, agent_nord)
    dossiers = _lignes(classeur["Dossiers"])
    assert [ligne["Numéro de dossier"] for ligne in dossiers] == [depose.numero]
    assert "Note moyenne sur 20" not in dossiers[0] and "Nombre d'évaluations" not in dossiers[0]
    for nom in ("Membres du consortium", "État des dépenses", "Plan de financement"):
        assert {ligne["Numéro de dossier"] for ligne in _lignes(classeur[nom])} == {depose.numero}, nom
    csv_agent = _csv(client, agent_nord, "depenses").decode("utf-8-sig")
    assert breton.numero not in csv_agent and depose.numero in csv_agent

    ailleurs = _lignes(_classeur(client, agent_ailleurs)["Dossiers"])
    assert [ligne["Numéro de dossier"] for ligne in ailleurs] == [breton.numero]


def test_les_filtres_de_la_file_s_appliquent(client, depose, breton, instructeur):
    dossiers = _lignes(_classeur(client, instructeur, "?departement=35")["Dossiers"])
    assert [ligne["Numéro de dossier"] for ligne in dossiers] == [breton.numero]
    page = client.get(reverse("exports:exports") + "?departement=35")
    assert "1\xa0dossier" in page.content.decode()
    assert page.content.decode().count('action="/exports/fichiers/?departement=35"') == 3  # XLSX, CSV, ZIP


def test_ni_les_candidats_ni_les_anonymes(client, candidat, depose, instructeur):
    export = demander(client, instructeur, "xlsx")
    client.logout()
    for url in (reverse("exports:exports"), reverse("exports:telecharger", args=[export.pk])):
        assert client.get(url).status_code == 302
    assert client.post(reverse("exports:demander"), {"format": "xlsx"}).status_code == 302
    client.force_login(candidat)
    assert client.get(reverse("exports:exports")).status_code == 403
    assert (
        client.post(reverse("exports:demander"), {"format": "csv", "feuille": "dossiers"}).status_code == 403
    )
    assert client.get(reverse("exports:telecharger", args=[export.pk])).status_code == 403
    assert FichierExport.objects.count() == 1


def _requetes(client, user, format, feuille="") -> int:
    """The queries of the request and of the worker's preparation (inline here), the download too."""
    with CaptureQueriesContext(connection) as requetes:
        exporter(client, user, format, feuille)
    return len(requetes)


def test_nombre_de_requetes_constant(client, candidat, instructeur):
    deposer_dossier(candidat, membres=2, lignes=2)
    _requetes(client, instructeur, "xlsx")  # the first one logs in and fills the caches
    petit = _requetes(client, instructeur, "xlsx")
    for _ in range(3):
        deposer_dossier(UserFactory(), membres=5, lignes=12)
    assert _requetes(client, instructeur, "xlsx") == petit
    assert _requetes(client, instructeur, "csv", "depenses") < petit


def test_la_page_des_exports_coute_autant_de_requetes_pour_1_ou_4_dossiers(client, candidat, instructeur):
    client.force_login(instructeur)
    deposer_dossier(candidat, membres=2, lignes=2)
    client.get(reverse("exports:exports"))  # the territory choices cached (instruction.choix_territoires)
    with CaptureQueriesContext(connection) as un:
        assert client.get(reverse("exports:exports")).status_code == 200
    for _ in range(3):
        deposer_dossier(UserFactory(), membres=2, lignes=2)
    with CaptureQueriesContext(connection) as quatre:
        page = client.get(reverse("exports:exports"))
    assert "4\xa0dossiers" in page.content.decode()
    assert len(un) == len(quatre)
