"""The administrateur in Chromium: changes the deadline (logged), asks for the XLSX workbook and the ZIP
archive, watches their progress bars reach 100 % (written by the worker), then downloads them."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from playwright.sync_api import expect

from ami.models import Appel
from tests.browser.outils import se_connecter
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.historique import journal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def deposes(donnees_de_base, appel_ouvert):
    return [
        deposer_dossier(
            UserFactory(email=f"candidat{i}@exemple.fr"), intitule=f"SPIE {i}", membres=2, lignes=3
        )
        for i in range(3)
    ]


def test_administrateur_change_la_date_limite_et_exporte(
    page, deposes, axe, capture, celery_worker_si_redis, tmp_path
):
    UserFactory(administrateur=True, email="admin@ami.gouv.fr", first_name="Ada", last_name="Admin")
    se_connecter(page, "admin@ami.gouv.fr", MOT_DE_PASSE)
    page.goto("/administration/")
    nouvelle = datetime.date.today() + datetime.timedelta(days=45)
    page.locator("#id_date_limite_depot").fill(nouvelle.isoformat())
    page.locator("#id_heure_limite_depot").fill("12:00:00")
    page.get_by_role("button", name="Enregistrer les paramètres").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(
        "Les paramètres de l'appel ont été enregistrés."
    )
    expect(page.locator(".fr-alert--info")).to_contain_text(
        "la recevabilité des dossiers ouverts est réévaluée"
    )
    appel = Appel.objects.courant()
    assert (appel.date_limite_depot, appel.heure_limite_depot) == (nouvelle, datetime.time(12))
    axe(page)
    capture(page, "administration-parametres")

    page.get_by_role("link", name="Journal des modifications").click()
    expect(page.locator("#journal")).to_contain_text("Date limite de dépôt")
    expect(page.locator("#journal")).to_contain_text("Ada Admin")
    assert journal(objet=f"Paramètres de l’appel « {appel.nom_court} »")
    axe(page)

    for lien, nom in (
        ("Grille de notation", "administration-grille"),
        ("Exclusions (R08)", "administration-exclusions"),
        ("Jetons d’API", "administration-jetons"),
    ):
        page.get_by_role("link", name=lien, exact=True).first.click()
        axe(page)
        capture(page, nom)
    page.goto("/api/v1/docs")
    axe(page)
    capture(page, "api-documentation")
    page.goto("/administration/")

    page.get_by_role("link", name="Comptes et rôles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comptes")
    axe(page)
    capture(page, "administration-comptes")
    page.get_by_role("link", name=re.compile("^Claude Testeur")).first.click()  # a candidat of the fixture
    axe(page)
    capture(page, "administration-compte")
    page.go_back()
    page.get_by_role("link", name="Inviter une personne").click()
    axe(page)
    capture(page, "administration-inviter")

    page.goto("/exports/")
    expect(page.locator("#nombre-dossiers")).to_contain_text("3\xa0dossiers")
    axe(page)
    # The workbook is written by the worker (issue 13): asked for, followed, then downloaded.
    page.get_by_role("button", name="Préparer le classeur XLSX").click(timeout=60_000)
    expect(page.locator(".fr-alert--success")).to_contain_text("Le classeur XLSX est en préparation")
    classeur_pret = page.locator("#mes-exports tbody tr").first
    expect(classeur_pret.locator("progress")).to_have_attribute("value", "100", timeout=60_000)
    expect(classeur_pret).to_contain_text("Classeur XLSX")
    with page.expect_download() as telechargement:
        classeur_pret.get_by_role("link", name=re.compile("^Télécharger le classeur")).click()
    assert telechargement.value.suggested_filename.endswith(".xlsx")
    chemin = tmp_path / "export.xlsx"
    telechargement.value.save_as(chemin)
    classeur = openpyxl.load_workbook(chemin, read_only=True)
    assert classeur.sheetnames == [
        "Dossiers",
        "Membres du consortium",
        "État des dépenses",
        "Plan de financement",
    ]
    numeros = [ligne[0] for ligne in classeur["Dossiers"].iter_rows(min_row=2, values_only=True)]
    assert sorted(numeros) == sorted(d.numero for d in deposes)
    classeur.close()

    # Without REDIS_URL the task runs inline, in the request: three PDFs before the page comes back.
    page.get_by_role("button", name="Préparer l’archive de 3\xa0dossiers").click(timeout=60_000)
    expect(page.locator(".fr-alert--success")).to_contain_text("L’archive ZIP est en préparation")
    archive = page.locator("#mes-exports tbody tr").first
    expect(archive.locator("progress")).to_have_attribute("value", "100", timeout=60_000)
    expect(archive).to_contain_text("100 % — 3 / 3 dossiers")
    expect(page.locator("#mes-exports tbody tr")).to_have_count(2)
    axe(page)
    capture(page, "exports-archive-prete")
    with page.expect_download() as telechargement:
        archive.get_by_role("link", name=re.compile("^Télécharger l’archive")).click()
    contenu = telechargement.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(contenu)) as zip_:
        dossiers = {nom.split("/")[0] for nom in zip_.namelist()}
    assert dossiers == {d.numero for d in deposes}
