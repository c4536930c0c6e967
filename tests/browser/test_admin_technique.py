"""/django-admin/ in the browser (issue 12 item 6): the technical account lands there from the portal's
login and reads, with nothing to add, change or delete; the business administrateur is turned away."""

import re

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_item6_administration_technique_en_lecture_seule(page, capture):
    UserFactory(technique=True, email="exploitation@exemple.fr")
    admin = UserFactory(administrateur=True, email="admin@exemple.fr", first_name="Ada", last_name="Admin")

    se_connecter(page, "exploitation@exemple.fr", MOT_DE_PASSE)
    expect(page).to_have_url(re.compile(r"/django-admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Site d’administration")
    expect(page.get_by_role("link", name="Ajouter")).to_have_count(0)
    capture(page, "admin-technique-accueil")

    page.goto(f"/django-admin/comptes/user/{admin.pk}/change/")
    expect(page.get_by_text("Lecture seule. Les comptes, leurs rôles")).to_be_visible()
    expect(page.locator("input[name=role], select[name=role]")).to_have_count(0)  # shown, not editable
    expect(page.get_by_role("button", name="Enregistrer")).to_have_count(0)
    capture(page, "admin-technique-compte")
    page.goto(f"/django-admin/ami/appel/{Appel.objects.courant().pk}/change/")
    expect(page.get_by_text("Lecture seule. Les paramètres de l’appel")).to_be_visible()
    expect(page.locator("input[name=part_etat_max]")).to_have_count(0)
    capture(page, "admin-technique-appel")

    page.context.clear_cookies()
    se_connecter(page, "admin@exemple.fr", MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Paramètres de l’appel")
    page.goto("/django-admin/")
    expect(page).to_have_url(re.compile(r"/django-admin/login/\?next=/django-admin/$"))
    expect(page.get_by_text("autorisé à accéder à cette page")).to_be_visible()
    capture(page, "admin-technique-refuse")
