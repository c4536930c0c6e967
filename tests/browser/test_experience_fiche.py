"""Issue 17, points 4 and 6, in Chromium: the instructeur's dossier page organised in tabs (the dossier
first, each action in its tab), and a failed submission answered by an error summary at the top, focused,
whose links reach the fields."""

import re

import pytest
from playwright.sync_api import expect

from candidatures.models import Etat
from comptes.models import ServiceTerritorial
from tests.browser.outils import CAPTURES, se_connecter
from tests.depots import dossier_a_l_etat
from tests.factories import MOT_DE_PASSE, DepartementFactory, ServiceTerritorialFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def en_instruction(donnees_de_base, appel_ouvert):
    """A dossier of the Nord in instruction by Alex, the DDETS of the Nord registered (an avis may be
    asked): every form of the instructeur is on the page."""
    alex = UserFactory(instructeur=True, email="alex@dgefp.gouv.fr", first_name="Alex", last_name="Durand")
    ServiceTerritorialFactory(departement=DepartementFactory())
    return dossier_a_l_etat(Etat.EN_INSTRUCTION, instructeur=alex)


def hauteur(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_la_fiche_est_organisee_en_onglets(page, en_instruction, axe, capture):
    se_connecter(page, "alex@dgefp.gouv.fr", MOT_DE_PASSE)
    page.goto(f"/instruction/dossiers/{en_instruction.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(en_instruction.intitule)
    hauteur_fiche = hauteur(page)
    with open(CAPTURES / "fiche-hauteurs.txt", "a") as sortie:  # measured for the issue
        sortie.write(f"en instruction, 1280 px : {hauteur_fiche} px\n")
    capture(page, "fiche-onglets-dossier")
    onglets = page.get_by_role("tablist", name="Sections du dossier")
    noms = [n.strip() for n in onglets.get_by_role("tab").all_inner_texts()]
    assert noms == [
        "Dossier",
        "Recevabilité",
        "Évaluation",
        "Avis",
        "Historique",
        "Échanges",
        "Notes privées",
    ]
    # The dossier first: its tab is selected, the recevabilité form is out of sight until asked for.
    expect(onglets.get_by_role("tab", name="Dossier")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel", name="Dossier")).to_contain_text("Le dossier déposé")
    expect(page.get_by_role("button", name="Enregistrer la décision de recevabilité")).to_be_hidden()
    axe(page)
    for nom, contenu in [
        ("Recevabilité", "Enregistrer la décision de recevabilité"),
        ("Évaluation", "Enregistrer mon évaluation"),
        ("Avis", "Demander l’avis"),
        ("Historique", "Dépôt du dossier"),
    ]:
        onglets.get_by_role("tab", name=nom).click()
        expect(page.get_by_role("tabpanel", name=nom)).to_contain_text(contenu)
        expect(page.get_by_role("tabpanel", name=nom)).to_be_visible()
    capture(page, "fiche-onglets-historique")
    axe(page)
    # The dossier readable first: its heading within the first screen (it was below the twenty criteria
    # forms, the scores and the avis: 18 960 px of page before issue 17, now the dossier's own length).
    page.get_by_role("tab", name="Dossier").click()
    titre = page.get_by_role("heading", name="Le dossier déposé")
    assert titre.bounding_box()["y"] < 900
    assert hauteur_fiche < 12_000, hauteur_fiche


def test_recevabilite_refusee_le_resume_des_erreurs_a_le_focus(page, en_instruction, axe, capture):
    se_connecter(page, "alex@dgefp.gouv.fr", MOT_DE_PASSE)
    page.goto(f"/instruction/dossiers/{en_instruction.pk}/")
    page.get_by_role("link", name="Recevabilité").click()  # « Prochaine étape … dans l’onglet Recevabilité »
    expect(page.get_by_role("tab", name="Recevabilité")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="Recevabilité")).to_be_focused()
    page.get_by_role("combobox", name="Constat de l’instructeur (R13)").select_option("non_conforme")
    page.get_by_role("button", name="Enregistrer la décision de recevabilité").click()
    # Refused: no decision, no motivation, R13 not motivated. The summary at the top has the focus.
    resume = page.locator("#resume-erreurs")
    expect(resume).to_be_focused()
    expect(resume.get_by_role("heading")).to_have_text("Le formulaire contient 3 erreurs")
    assert resume.bounding_box()["y"] < 900
    # The tab of the form sent back is the one shown, with what was typed.
    expect(page.get_by_role("tab", name="Recevabilité")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("combobox", name="Constat de l’instructeur (R13)")).to_have_value("non_conforme")
    axe(page)
    capture(page, "fiche-resume-erreurs")
    resume.get_by_role("link", name=re.compile(r"^Motivation si le constat diffère \(R13\)")).click()
    motif = page.get_by_role("textbox", name=re.compile(r"^Motivation si le constat diffère \(R13\)"))
    expect(motif).to_be_focused()
    expect(motif).to_be_in_viewport()
    resume.get_by_role("link", name=re.compile("^Décision sur la recevabilité")).click()
    expect(page.get_by_role("radio", name="Recevable", exact=True)).to_be_focused()
    # From another tab, a link of the summary shows the field's tab first.
    page.get_by_role("tab", name="Historique").click()
    resume.get_by_role("link", name=re.compile("^Motivation de la décision")).click()
    expect(page.get_by_role("tab", name="Recevabilité")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("textbox", name=re.compile("^Motivation de la décision"))).to_be_focused()


def test_avis_de_l_agent_refuse_le_resume_des_erreurs_a_le_focus(page, en_instruction, axe, capture):
    """The agent of the département (an avis spontané: no request needed) sends an empty avis."""
    UserFactory(
        agent=True, email="ddets59@nord.gouv.fr", service_territorial=ServiceTerritorial.objects.get()
    )
    se_connecter(page, "ddets59@nord.gouv.fr", MOT_DE_PASSE)
    page.goto(f"/instruction/dossiers/{en_instruction.pk}/")
    onglets = page.get_by_role("tablist", name="Sections du dossier")
    assert [n.strip() for n in onglets.get_by_role("tab").all_inner_texts()] == [
        "Dossier",
        "Recevabilité",
        "Avis",
        "Historique",
    ]
    page.locator("#avis-attendu").get_by_role("link", name="Avis").click()
    page.get_by_role("button", name="Enregistrer l’avis").click()
    resume = page.locator("#resume-erreurs")
    expect(resume).to_be_focused()
    expect(resume.get_by_role("heading")).to_have_text("Le formulaire contient 2 erreurs")
    expect(page.get_by_role("tab", name="Avis")).to_have_attribute("aria-selected", "true")
    axe(page)
    capture(page, "fiche-resume-erreurs-avis")
    resume.get_by_role("link", name=re.compile("^Motivation")).click()
    expect(page.get_by_role("textbox", name=re.compile("^Motivation"))).to_be_focused()
