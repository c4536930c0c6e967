"""Issue 17 point 1 in Chromium: two members (two browser contexts), or one account in two tabs, on one
section. A conflict writes nothing until the person chooses — not the next keystroke, not the plain
« Enregistrer » button —, and a field the other did not touch is never a conflict."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier
from comptes.models import TypeOrganisation
from tests.browser.outils import cocher, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EQUIPE, IMPLICATION = "Équipe d'animation", "Modalités d'implication des personnes concernées"
STATUT = "#statut-enregistrement"


@pytest.fixture
def equipe(donnees_de_base):
    """Camille and Dominique, of one conseil départemental, and their draft."""
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    camille = UserFactory(organisation=organisation, email="camille@cd59.fr", first_name="Camille")
    dominique = UserFactory(organisation=organisation, email="dominique@cd59.fr", first_name="Dominique")
    dossier = Dossier.objects.create(appel=Appel.objects.get(), organisation=organisation, intitule="X")
    return camille, dominique, dossier


def _ouvrir(page, qui, url):
    se_connecter(page, qui.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(url)


def _enregistre(page):
    expect(page.locator(STATUT)).to_contain_text("Enregistré à", timeout=8000)


def _autosave_attendue(page):
    """The autosave's delay (1 500 ms after the last keystroke) and its answer."""
    page.wait_for_timeout(2500)
    page.wait_for_load_state("networkidle")


def test_apres_un_conflit_rien_n_est_ecrit_avant_le_choix(page, deuxieme, equipe, capture):
    camille, dominique, dossier = equipe
    url = f"/candidatures/{dossier.pk}/axe_4/"
    _ouvrir(page, camille, url)
    _ouvrir(deuxieme, dominique, url)

    page.get_by_role("textbox", name=EQUIPE).fill("Version de Camille")
    _enregistre(page)
    # Dominique, on the page loaded before, types in the same field: the autosave finds the conflict.
    zone = deuxieme.get_by_role("textbox", name=EQUIPE)
    zone.fill("Version de Dom")
    conflit = deuxieme.locator(".conflit")
    expect(conflit).to_contain_text("votre saisie n’est pas enregistrée", timeout=8000)
    expect(conflit).to_contain_text("Version de Camille")
    # A few more characters: nothing is written, the conflict stays.
    zone.press_sequentially("inique")
    _autosave_attendue(deuxieme)
    expect(conflit).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Version de Camille"
    # The plain « Enregistrer » button is no choice either.
    deuxieme.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(conflit).to_contain_text("Version de Dominique")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Version de Camille"
    expect(zone).to_have_value("Version de Dominique")
    capture(deuxieme, "autosave-conflit")

    # The choice, field by field.
    deuxieme.get_by_role("button", name="Enregistrer mes choix champ par champ").click()
    expect(conflit).to_contain_text("Choisissez une version pour 1 champ encore")
    cocher(deuxieme.get_by_label(re.compile(r"^Garder ma saisie")))
    deuxieme.get_by_role("button", name="Enregistrer mes choix champ par champ").click()
    _enregistre(deuxieme)
    expect(deuxieme.locator(".conflit")).to_have_count(0)
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Version de Dominique"
    # Autosave works again, from the new base.
    zone.press("Control+End")  # the form was drawn again: the caret is back at the start
    zone.press_sequentially(" et Camille")
    _autosave_attendue(deuxieme)
    _enregistre(deuxieme)
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Version de Dominique et Camille"


def test_deux_membres_sur_deux_champs_aucun_conflit(page, deuxieme, equipe):
    camille, dominique, dossier = equipe
    url = f"/candidatures/{dossier.pk}/axe_4/"
    _ouvrir(page, camille, url)
    _ouvrir(deuxieme, dominique, url)

    page.get_by_role("textbox", name=EQUIPE).fill("Équipe de Camille")
    _enregistre(page)
    deuxieme.get_by_role("textbox", name=IMPLICATION).fill("Implication selon Dominique")
    _enregistre(deuxieme)
    deuxieme.get_by_role("textbox", name=IMPLICATION).press_sequentially(", encore")
    _autosave_attendue(deuxieme)
    # The whole form, by the button: Camille's field, untouched in this page, is never written back.
    deuxieme.get_by_role("button", name="Enregistrer", exact=True).click()
    _enregistre(deuxieme)
    expect(deuxieme.locator(".conflit")).to_have_count(0)
    expect(deuxieme.get_by_role("textbox", name=EQUIPE)).to_have_value(
        "Équipe de Camille"
    )  # the page now shows it
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Équipe de Camille"
    assert dossier.methodologie_implication == "Implication selon Dominique, encore"


def test_le_meme_compte_dans_deux_onglets(page, equipe, capture):
    camille, _, dossier = equipe
    url = f"/candidatures/{dossier.pk}/axe_4/"
    _ouvrir(page, camille, url)
    onglet = page.context.new_page()
    onglet.goto(url)

    page.get_by_role("textbox", name=EQUIPE).fill("Texte de l’onglet 1")
    _enregistre(page)
    onglet.get_by_role("textbox", name=EQUIPE).fill("Texte de l’onglet 2")
    expect(onglet.locator(".conflit")).to_contain_text("Texte de l’onglet 1", timeout=8000)
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Texte de l’onglet 1"

    onglet.get_by_role("button", name=re.compile("^Garder la version de")).click()
    _enregistre(onglet)
    expect(onglet.get_by_role("textbox", name=EQUIPE)).to_have_value("Texte de l’onglet 1")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Texte de l’onglet 1"


# Issue 17 point 2: a failed save says so, keeps the text, is tried again when it may go through, and the
# page warns before it is left with something not saved.

QUITTER = """() => {
  const e = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}"""


def _axe_4(page, equipe):
    camille, _, dossier = equipe
    _ouvrir(page, camille, f"/candidatures/{dossier.pk}/axe_4/")
    return dossier


def test_un_serveur_qui_redemarre_502_l_enregistrement_est_retente(page, equipe, capture):
    dossier = _axe_4(page, equipe)
    refus = []

    def repondre(route):
        if route.request.method == "POST" and len(refus) < 2:
            refus.append(route.request.url)
            route.fulfill(status=502, body="<h1>Bad Gateway</h1>")
        else:
            route.continue_()

    page.route("**/axe_4/", repondre)
    zone = page.get_by_role("textbox", name=EQUIPE)
    zone.fill("Texte tapé pendant la panne")
    statut = page.locator(STATUT)
    expect(statut).to_contain_text("(erreur 502)", timeout=8000)
    expect(statut).to_contain_text("Nouvel essai automatique dans 2 s")
    expect(statut.locator(".fr-message--error")).to_be_visible()
    assert statut.get_attribute("aria-live") == "polite" and statut.get_attribute("role") == "status"
    expect(page.locator("body")).not_to_contain_text("Bad Gateway")  # never the error's body
    assert page.evaluate(QUITTER) is True  # leaving now would lose the text: the browser asks
    capture(page, "autosave-erreur-502")
    expect(statut).to_contain_text("Nouvel essai automatique dans 4 s", timeout=8000)  # backoff
    _enregistre(page)
    assert len(refus) == 2
    expect(zone).to_have_value("Texte tapé pendant la panne")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Texte tapé pendant la panne"
    assert page.evaluate(QUITTER) is False  # saved: leave freely


@pytest.mark.parametrize("statut_http", [403, 413, 500])
def test_un_refus_n_est_pas_retente_et_le_texte_reste(page, equipe, statut_http):
    dossier = _axe_4(page, equipe)
    envois = []

    def repondre(route):
        if route.request.method == "POST":
            envois.append(1)
            route.fulfill(status=statut_http, body="<h1>Traceback (debug page)</h1>")
        else:
            route.continue_()

    page.route("**/axe_4/", repondre)
    zone = page.get_by_role("textbox", name=EQUIPE)
    zone.fill("Texte refusé")
    statut = page.locator(STATUT)
    expect(statut.locator(".fr-message--error")).to_contain_text("n’est pas enregistrée", timeout=8000)
    expect(statut).not_to_contain_text("Nouvel essai")
    page.wait_for_timeout(3000)
    assert len(envois) == 1  # refused: trying again would be refused again
    expect(page.locator("body")).not_to_contain_text("Traceback")
    expect(zone).to_have_value("Texte refusé")
    assert page.evaluate(QUITTER) is True
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == ""


def test_une_saisie_pas_encore_envoyee_avertit_avant_de_quitter(page, equipe):
    _axe_4(page, equipe)
    assert page.evaluate(QUITTER) is False  # nothing typed
    page.get_by_role("textbox", name=EQUIPE).press_sequentially("Tapé")
    assert page.evaluate(QUITTER) is True  # typed, the autosave not sent yet
    _enregistre(page)
    assert page.evaluate(QUITTER) is False


def test_apres_l_enregistrement_d_une_ligne_les_autres_gardent_leur_controle(page, deuxieme, equipe):
    """An autosave sends the base of the rows typed in only (``_lignes``) and gets it back: the page keeps
    the base of its other rows (static/ami/portail.js merges it). Before, the answer replaced the whole
    base: Camille saves line 1, Dominique changes line 2, Camille types in line 2 — and Dominique's text
    was overwritten without a conflict (a missing base counts as the stored value)."""
    from budget.models import LigneDepense
    from demo.exemples import dossier_complet

    camille, dominique, dossier = equipe
    dossier_complet(dossier, lignes=4, user=camille)
    premiere, deuxieme_ligne = LigneDepense.objects.filter(dossier=dossier).order_by("id")[:2]
    url = f"/candidatures/{dossier.pk}/budget/"
    _ouvrir(page, camille, url)
    objet = re.compile("^Objet de la dépense")
    page.locator(f"#ligne-depense-{premiere.pk}").get_by_role("textbox", name=objet).fill(
        "Ligne 1 de Camille"
    )
    _enregistre(page)
    assert LigneDepense.objects.get(pk=premiere.pk).objet == "Ligne 1 de Camille"

    _ouvrir(deuxieme, dominique, url)
    ligne_2 = deuxieme.locator(f"#ligne-depense-{deuxieme_ligne.pk}").get_by_role("textbox", name=objet)
    ligne_2.fill("Ligne 2 de Dominique")
    _enregistre(deuxieme)
    assert LigneDepense.objects.get(pk=deuxieme_ligne.pk).objet == "Ligne 2 de Dominique"

    page.locator(f"#ligne-depense-{deuxieme_ligne.pk}").get_by_role("textbox", name=objet).fill(
        "Ligne 2 de Camille"
    )
    expect(page.locator(".conflit")).to_contain_text("Ligne 2 de Dominique", timeout=8000)
    assert LigneDepense.objects.get(pk=deuxieme_ligne.pk).objet == "Ligne 2 de Dominique"


def test_le_bouton_enregistrer_apres_un_conflit_sur_une_ligne_n_est_pas_un_choix(page, deuxieme, equipe):
    """« Enregistrer » sends the rows typed in only (``_lignes``); after a conflict on a row (its autosave
    wrote nothing), the button meets the same conflict: the row is sent again, nothing is written, the
    conflict stays shown — never « Enregistré » over a text that is not."""
    from budget.models import LigneDepense
    from demo.exemples import dossier_complet

    camille, dominique, dossier = equipe
    dossier_complet(dossier, lignes=4, user=camille)
    premiere = LigneDepense.objects.filter(dossier=dossier).order_by("id").first()
    url = f"/candidatures/{dossier.pk}/budget/"
    objet = re.compile("^Objet de la dépense")
    _ouvrir(page, camille, url)
    _ouvrir(deuxieme, dominique, url)
    page.locator(f"#ligne-depense-{premiere.pk}").get_by_role("textbox", name=objet).fill("Objet de Camille")
    _enregistre(page)
    zone = deuxieme.locator(f"#ligne-depense-{premiere.pk}").get_by_role("textbox", name=objet)
    zone.fill("Objet de Dominique")
    zone.press("Tab")  # the field left: its « change » sent the row; nothing marks it again afterwards
    conflit = deuxieme.locator(".conflit")
    expect(conflit).to_contain_text("Objet de Camille", timeout=8000)
    deuxieme.locator(".barre-enregistrement").get_by_role("button", name="Enregistrer", exact=True).click()
    _autosave_attendue(deuxieme)
    expect(conflit).to_contain_text("Objet de Camille")
    assert LigneDepense.objects.get(pk=premiere.pk).objet == "Objet de Camille"
    expect(zone).to_have_value("Objet de Dominique")
