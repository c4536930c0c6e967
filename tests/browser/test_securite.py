"""In Chromium, under the portal's Content-Security-Policy (every browser test fails on a violation,
tests/browser/conftest.py): the DSFR is styled and works, htmx saves with the CSRF cookie HttpOnly as in
production (issue 13 item 1), a token made stale by a new login is explained and renewed (item 7), and
the behaviours that inline handlers carried (print, single dépôt) still work (issue 12 item 2)."""

import datetime

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier
from comptes.models import TypeOrganisation
from tests.browser.outils import fermer, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.CSRF_COOKIE_HTTPONLY = True  # as ami.settings_production
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(organisation=organisation, email="camille@cd59.fr", first_name="Camille")


def test_item1_sauvegarde_automatique_avec_le_cookie_csrf_httponly(page, candidat, capture):
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="X"
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/axe_4/")
    assert "csrftoken" not in page.evaluate("document.cookie")  # HttpOnly: the page cannot read it
    assert any(c["name"] == "csrftoken" and c["httpOnly"] for c in page.context.cookies())

    zone = page.get_by_label("Équipe d'animation")
    zone.fill("Une cheffe de projet.")
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à", timeout=8000)
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Une cheffe de projet."

    # Logged in again in another tab (the session expired): Django gave a new CSRF token.
    page.context.clear_cookies(name="sessionid")
    onglet = page.context.new_page()
    se_connecter(onglet, candidat.email, MOT_DE_PASSE)
    expect(onglet.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    fermer(onglet)
    zone.fill("Une cheffe de projet et deux chargés de mission.")
    statut = page.locator("#statut-enregistrement")
    expect(statut).to_contain_text(
        "La page a expiré : votre saisie n’est pas encore enregistrée", timeout=8000
    )
    expect(zone).to_have_value("Une cheffe de projet et deux chargés de mission.")
    capture(page, "securite-page-expiree")
    # The failure gave the page the current token: the next save goes through, nothing was lost.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(statut).to_contain_text("Enregistré à")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Une cheffe de projet et deux chargés de mission."


def test_item2_le_dsfr_est_style_et_fonctionne_sous_la_csp(page, candidat, capture):
    page.goto("/")
    # The DSFR's stylesheet applied (Marianne, its header), its script started (it marks <html>).
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    expect(page.locator("html")).to_have_attribute("data-fr-js", "true")
    # The display settings dialog: the DSFR fetches and injects its SVG artwork.
    page.get_by_role("button", name="Paramètres d'affichage").click()
    dialogue = page.locator("#fr-theme-modal")
    expect(dialogue).to_be_visible()
    expect(dialogue.locator("svg").first).to_be_attached()
    dialogue.get_by_text("Thème sombre").click()
    expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")
    capture(page, "securite-theme-sombre")
    dialogue.get_by_text("Thème clair").click()


def test_item2_imprimer_et_deposer_une_seule_fois_sans_gestionnaire_en_ligne(page, candidat, capture):
    from demo.exemples import dossier_complet

    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="SPIE du Nord"
    )
    dossier_complet(dossier, user=candidat)
    page.add_init_script(
        "window.print = function () { window.__imprime = (window.__imprime || 0) + 1; };"
        # After the portal's listener (on document), the state of the button as the form leaves.
        "window.addEventListener('submit', function () { var b = document.getElementById('bouton-deposer');"
        " if (b) { sessionStorage.setItem('bouton-desactive', String(b.disabled)); } });"
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/depot/")
    bouton = page.locator("#bouton-deposer")
    bouton.click()  # the confirmation is not ticked: the browser refuses, the button stays usable
    expect(bouton).to_be_enabled()
    page.locator("#confirmation").evaluate("e => e.click()")
    bouton.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    # The form was sent once: its button was disabled as the browser sent it.
    assert page.evaluate("sessionStorage.getItem('bouton-desactive')") == "true"
    capture(page, "securite-recepisse")
    page.get_by_role("button", name="Imprimer le récépissé").click()
    assert page.evaluate("window.__imprime") == 1
    dossier.refresh_from_db()
    assert dossier.numero


def test_item2_l_ecoute_des_tests_voit_une_violation(page, navigateur):
    """The listener of every browser test (conftest): a style attribute set by a script is refused by the
    CSP and reported, with its directive and its first characters; the script-set one of the CSSOM is not."""
    page.goto("/")
    page.evaluate("document.body.style.color = 'black'")  # CSSOM: allowed
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    for _ in range(40):  # the event (init script) and the console message, as they come
        signalees = [v for v in navigateur.violations if v.get("directive") == "style-src-attr"]
        console = [v for v in navigateur.violations if "Content Security Policy" in v.get("console", "")]
        if signalees and console:
            break
        page.wait_for_timeout(50)
    assert [v["extrait"] for v in signalees] == ["color: red"]
    assert len(console) == 1
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"  # refused indeed
    navigateur.violations.clear()  # made on purpose: the test itself does not fail at teardown
