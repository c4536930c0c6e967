"""Issue 13 in Chromium: the Classement of 120 dossiers, 50 a page with the DSFR pagination; the ranks
and the running total go on from page to page, the group « À noter par vous » begins where the ranked
ones end; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.instruction.test_classement import classables

pytestmark = pytest.mark.django_db(transaction=True)


def test_classement_pagine_dans_le_navigateur(page, donnees_de_base, appel_ouvert, axe, capture):
    instructeur = UserFactory(instructeur=True, email="alex@dgefp.gouv.fr")
    classables(120, instructeur, UserFactory(instructeur=True))  # 80 ranked for him, 40 « à noter »
    se_connecter(page, instructeur.email, MOT_DE_PASSE)
    page.goto("/instruction/classement/")
    expect(page.locator("#position")).to_have_text("Dossiers 1 à 50 sur 120, page 1 sur 3.")
    classes = page.locator(".classement").first.locator("tbody tr")
    expect(classes).to_have_count(50)
    expect(classes.first.locator("td").first).to_have_text("1")
    expect(page.locator("#vers-a-noter")).to_contain_text("40 dossiers que vous n’avez pas notés")
    axe(page)
    capture(page, "classement-page-1")

    page.locator(".fr-pagination").get_by_role("link", name="Page suivante").click()
    expect(page.locator("#position")).to_have_text("Dossiers 51 à 100 sur 120, page 2 sur 3.")
    classes = page.locator(".classement").first.locator("tbody tr")
    expect(classes).to_have_count(30)
    expect(classes.first.locator("td").first).to_have_text("51")
    expect(classes.last.locator("td").first).to_have_text("80")
    expect(page.locator("#a-noter")).to_be_visible()
    expect(page.locator(".classement").nth(1).locator("tbody tr")).to_have_count(20)
    expect(page.locator(".fr-pagination [aria-current=page]")).to_have_text("2")
    axe(page)

    page.locator(".fr-pagination").get_by_role("link", name="Dernière page").click()
    expect(page.locator("#position")).to_have_text("Dossiers 101 à 120 sur 120, page 3 sur 3.")
    expect(page.locator(".classement")).to_have_count(1)  # the group « À noter par vous » only
    expect(page.locator(".classement tbody tr")).to_have_count(20)
    axe(page)
    capture(page, "classement-page-3")
