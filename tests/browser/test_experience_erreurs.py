"""Issue 17, point 3, in Chromium: « abc » in a cost and « pas-un-mail » in an e-mail, autosaved, then the
page reloaded: the error is still next to each field (aria-invalid, aria-describedby naming it, DSFR error
style), the status names the line; corrected, the field is no longer marked."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from budget.models import LigneDepense
from budget.natures import GroupeDepense
from candidatures.models import Dossier
from comptes.models import TypeOrganisation
from tests.browser.outils import CAPTURES, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    return UserFactory(organisation=organisation, email="camille@cd59.fr", first_name="Camille")


def _garder(capture, page, nom):
    capture(page, nom)  # test-artifacts/captures/<nom>.png, looked at


def _marque_en_erreur(champ, conteneur, texte):
    expect(champ).to_have_attribute("aria-invalid", "true")
    expect(champ).to_have_attribute("aria-describedby", champ_decrit(conteneur))
    expect(champ).to_have_class(re.compile(r"fr-input--error"))
    expect(champ.page.locator(f"#{conteneur}")).to_contain_text(texte)


def champ_decrit(conteneur):
    return re.compile(rf"(^|\s){re.escape(conteneur)}(\s|$)")


def test_les_erreurs_restent_liees_a_leurs_champs_apres_rechargement(page, candidat, capture):
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="Dossier à corriger"
    )
    ligne = LigneDepense.objects.create(
        dossier=dossier, groupe=GroupeDepense.AXE_1, objet="Plan de formation", nature="communication"
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")

    # « pas-un-mail » in an e-mail: marked at once by the autosave, and again after a reload.
    page.goto(f"/candidatures/{dossier.pk}/chef_de_file/")
    courriel = page.locator("#id_interlocuteur1_courriel")
    courriel.fill("pas-un-mail")
    statut = page.locator("#statut-enregistrement")
    expect(statut).to_contain_text("1 champ à corriger", timeout=8000)
    _marque_en_erreur(courriel, "id_interlocuteur1_courriel-desc-error", "Saisissez une adresse")
    page.reload()
    courriel = page.locator("#id_interlocuteur1_courriel")
    expect(courriel).to_have_value("pas-un-mail")
    _marque_en_erreur(courriel, "id_interlocuteur1_courriel-desc-error", "Saisissez une adresse")
    expect(page.locator("#id_interlocuteur1_courriel-groupe")).to_have_class(
        re.compile("fr-input-group--error")
    )
    expect(statut).to_contain_text("1 champ à corriger : Interlocuteur 1 — Adresse mail")
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.locator("#id_interlocuteur1_courriel-groupe").screenshot(path=str(CAPTURES / "erreurs_courriel.png"))

    # « abc » in a cost: its column cannot hold it, yet it comes back with its error, the line named.
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    cout = page.locator(f"#id_depense-{ligne.pk}-montant")
    cout.fill("abc")
    expect(statut).to_contain_text("1 champ à corriger", timeout=8000)
    conteneur = f"id_depense-{ligne.pk}-montant-desc-error"
    _marque_en_erreur(cout, conteneur, "Saisissez un nombre")
    page.reload()
    cout = page.locator(f"#id_depense-{ligne.pk}-montant")
    expect(cout).to_have_value("abc")
    _marque_en_erreur(cout, conteneur, "Saisissez un nombre")
    expect(statut).to_contain_text("(dépense « Plan de formation », axe 1)")
    cout.scroll_into_view_if_needed()
    page.locator(f"#id_depense-{ligne.pk}-montant-groupe").screenshot(path=str(CAPTURES / "erreurs_cout.png"))
    statut.screenshot(path=str(CAPTURES / "erreurs_statut.png"))
    _garder(capture, page, "erreurs_cout_apres_rechargement")

    # The overview flags both.
    page.goto(f"/candidatures/{dossier.pk}/")
    alertes = page.locator(".a-corriger")
    expect(alertes).to_have_count(2)
    expect(alertes.nth(0)).to_contain_text("« pas-un-mail »")
    expect(alertes.nth(1)).to_contain_text("« abc »")
    _garder(capture, page, "erreurs_vue_d_ensemble")

    # Corrected: the autosave unmarks the field, and the reload shows nothing to correct.
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    cout = page.locator(f"#id_depense-{ligne.pk}-montant")
    cout.fill("1 500")
    expect(statut).to_contain_text("Enregistré à", timeout=8000)
    expect(cout).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{conteneur}")).to_be_empty()
    page.reload()
    expect(page.locator(f"#id_depense-{ligne.pk}-montant")).not_to_have_attribute("aria-invalid", "true")
    dossier.refresh_from_db()
    assert "budget" not in dossier.erreurs_saisie and "chef_de_file" in dossier.erreurs_saisie
