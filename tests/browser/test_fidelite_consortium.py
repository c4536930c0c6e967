"""Issue 16, points 4, 12, 13 in Chromium: a PLIE porteur says what each member is; a CD listed with
another statut is flagged next to its name by the autosave, and R04 waits; the chef de file counts. The
« Engagements » page asks the proposals, the participation and the personne relais (annexe 5)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier, Section
from comptes.models import TypeOrganisation
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(nom="PLIE de la métropole lilloise", type=TypeOrganisation.PLIE)
    return UserFactory(organisation=organisation, email="camille@plie-lille.fr")


def test_statut_des_membres_et_personne_relais(page, candidat, capture, axe):
    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.CONSORTIUM]))
    expect(page.get_by_text("Le chef de file (PLIE) compte lui-même parmi les acteurs")).to_be_visible()

    # Pôle emploi: its row says what it is, nothing to choose.
    bloc = page.locator("#type-pole_emploi")
    bloc.get_by_role("button", name=re.compile("Ajouter un membre")).click()
    expect(bloc.locator(".ligne")).to_have_count(1)
    bloc.get_by_label("Structure", exact=True).fill("Pôle emploi Lille")
    expect(bloc.locator(".statut-membre")).to_contain_text("Pôle emploi")

    # The CD listed as a collectivité with another statut: the error next to its name, R04 waits.
    bloc = page.locator("#type-collectivite")
    bloc.get_by_role("button", name=re.compile("Ajouter un membre")).click()
    expect(bloc.locator(".ligne")).to_have_count(1)
    bloc.get_by_label("Structure", exact=True).fill("Conseil départemental du Nord")
    bloc.get_by_label("Statut de la structure").select_option(value="collectivite")
    expect(bloc.locator(".fr-message--error")).to_contain_text("Ce nom désigne un conseil départemental")
    expect(page.locator("#regle-R04")).to_contain_text("le nom désigne un conseil départemental")
    capture(page, "consortium-statut-contredit")
    axe(page)

    # Corrected: it is the CD. The PLIE itself is the actor of the insertion: R04 respected.
    bloc.get_by_label("Statut de la structure").select_option(label="Conseil départemental")
    expect(bloc.locator(".fr-message--error")).to_have_count(0)
    expect(page.locator("#regle-R04")).to_contain_text("le chef de file (PLIE)")
    capture(page, "consortium-statut")

    page.goto(reverse("candidatures:section", args=[dossier.pk, Section.ENGAGEMENTS]))
    services = page.locator("#services-numeriques")
    expect(services).to_contain_text("Une personne relais devra être identifiée dans tous les territoires")
    services.get_by_label("Nom et Prénom de la personne relais").fill("Sacha Lefebvre")
    services.get_by_label("Numéro de téléphone de la personne relais").fill("03 20")
    expect(page.locator("#id_personne_relais_telephone-desc-error")).to_contain_text("numéro de téléphone")
    expect(page.locator("#regle-R16")).to_contain_text("personne relais")
    axe(page)
    capture(page, "engagements-personne-relais")
    assert Dossier.objects.get(pk=dossier.pk).personne_relais_nom == "Sacha Lefebvre"
