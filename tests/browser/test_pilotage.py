"""The dashboard in Chromium: the administrateur reads it (axe-core: 0 violation), the map of France
takes them to the queue filtered on a département, by mouse and by keyboard; an agent sees their
territory only."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidatures.models import Etat
from comptes.models import TypeOrganisation
from tests.browser.outils import CAPTURES, se_connecter
from tests.depots import CHEMINS, dossier_a_l_etat
from tests.factories import MOT_DE_PASSE, DepartementFactory, ServiceTerritorialFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Départements of every corner of France, the DROM and Corsica included, some with several dossiers.
DEPARTEMENTS = ["59", "59", "59", "62", "35", "75", "93", "13", "69", "33", "31", "67", "2A", "971", "974",
                "59", "62", "80", "29", "44", "63", "06", "973", "13", "69", "76", "21", "34"]  # fmt: skip


@pytest.fixture
def dossiers(donnees_de_base, appel_ouvert):
    """28 dossiers deposited over the last seven weeks, in every état, with their history."""
    maintenant = timezone.now()
    etats = itertools.cycle(
        [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.RECEVABLE, Etat.COMPLEMENTS, Etat.IRRECEVABLE, Etat.PROPOSE,
         Etat.EN_INSTRUCTION, Etat.LAUREAT, Etat.RECEVABLE, Etat.NON_RETENU]
    )  # fmt: skip
    types = itertools.cycle(
        [TypeOrganisation.CONSEIL_DEPARTEMENTAL, TypeOrganisation.PLIE, TypeOrganisation.MISSION_LOCALE,
         TypeOrganisation.CONSEIL_DEPARTEMENTAL, TypeOrganisation.ASSOCIATION, TypeOrganisation.EPCI_COMMUNE]
    )  # fmt: skip
    regles = itertools.cycle([["R13"], [], ["R13", "R05"], [], ["R03"], [], ["R14"], []])
    for i, code in enumerate(DEPARTEMENTS):
        etat = next(etats)
        le = maintenant - datetime.timedelta(days=48 - i * 1.6)
        pas = (maintenant - le) / (len(CHEMINS[etat]) + 1)
        dossier_a_l_etat(
            etat,
            le=le,
            apres=[le + pas * (k + 1) for k in range(len(CHEMINS[etat]))],
            departements=(code,),
            type=next(types),
            subvention=str(150_000 + 10_000 * (i % 25)),
            regles=next(regles),
        )


def test_tableau_de_bord_et_carte(page, dossiers, axe, capture):
    UserFactory(administrateur=True, email="admin@ami-spie.fr", first_name="Anne", last_name="Martin")
    se_connecter(page, "admin@ami-spie.fr", MOT_DE_PASSE)
    page.goto("/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.locator(".pilotage-chiffres")).to_contain_text("28 dossiers déposés")
    carte = page.locator("#carte")
    expect(carte.locator("a")).to_have_count(101)
    nord = page.get_by_role("link", name="Nord (59) : 4 dossiers")
    expect(nord).to_have_count(1)
    axe(page)
    capture(page, "tableau-de-bord")
    carte.screenshot(path=str(CAPTURES / "tableau-de-bord-carte.png"))

    # The tables behind the charts, opened: the same check.
    for bouton in page.locator(".pilotage-donnees .fr-accordion__btn").all():
        bouton.click()
    expect(page.locator("#donnees-carte")).to_contain_text("59 – Nord")
    axe(page)
    page.locator("#donnees-carte").screenshot(path=str(CAPTURES / "tableau-de-bord-donnees-carte.png"))

    # Keyboard: the map's links take the focus, visibly (a capture of it), and Enter follows them.
    nord.focus()
    expect(nord).to_be_focused()
    carte.screenshot(path=str(CAPTURES / "tableau-de-bord-carte-focus.png"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/instruction/\?departement=59$"))
    expect(page.get_by_role("combobox", name="Département")).to_have_value("59")
    expect(page.locator("tbody tr")).to_have_count(4)

    # Mouse: a click on Ille-et-Vilaine.
    page.go_back()
    page.locator('#carte a[data-departement="35"]').click()
    expect(page).to_have_url(re.compile(r"/instruction/\?departement=35$"))
    expect(page.get_by_role("combobox", name="Département")).to_have_value("35")
    expect(page.locator("tbody tr")).to_have_count(1)


def test_tableau_de_bord_d_un_agent(page, dossiers, axe, capture):
    nord = ServiceTerritorialFactory(departement=DepartementFactory(), nom="DDETS du Nord")
    UserFactory(agent=True, email="ddets59@nord.gouv.fr", service_territorial=nord)
    se_connecter(page, "ddets59@nord.gouv.fr", MOT_DE_PASSE)
    page.goto("/tableau-de-bord/")
    expect(page.locator(".fr-text--lead")).to_contain_text("DDETS du Nord")
    expect(page.locator(".pilotage-chiffres")).to_contain_text("4 dossiers déposés")
    expect(page.locator("#carte a")).to_have_count(1)
    axe(page)
    capture(page, "tableau-de-bord-agent")
    page.get_by_role("link", name="Nord (59) : 4 dossiers").click()
    expect(page).to_have_url(re.compile(r"/instruction/territoire/\?departement=59$"))
    expect(page.locator("tbody tr")).to_have_count(4)
