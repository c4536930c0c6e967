"""ProConnect in Chromium (issue 15 item 4), against the local OpenID provider (``tests/oidc``): the real
redirections, the provider's login page, the token exchange and the logout at the provider. No CSP violation
(``_aucune_violation_csp``: the logout's form is redirected to the provider, which form-action allows)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptes.models import EvenementSecurite, TypeEvenement
from tests.factories import UserFactory
from tests.oidc.fixtures import AGENT, INCONNU, MOT_DE_PASSE

BOUTON = re.compile(r"S’identifier avec\s+ProConnect")


@pytest.fixture
def agent():
    return UserFactory(agent=True, email=AGENT.lower(), first_name="Morgane", last_name="Lefebvre")


def chez_le_fournisseur(page, fournisseur, email):
    """The provider's login page: its address, then the person's password."""
    expect(page).to_have_url(re.compile(re.escape(f"{fournisseur.url}/connexion/")))
    page.get_by_label("Identifiant").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter au fournisseur").click()


def test_un_agent_se_connecte_avec_proconnect_puis_se_deconnecte(
    page, live_server, proconnect_navigateur, fournisseur_oidc_navigateur, agent, axe, capture
):
    page.goto("/compte/connexion/")
    bouton = page.get_by_role("link", name=BOUTON)
    expect(bouton).to_be_visible()
    expect(page.get_by_role("link", name="Qu’est-ce que ProConnect ?")).to_have_attribute(
        "href", "https://www.proconnect.gouv.fr/"
    )
    axe(page)
    capture(page, "proconnect_connexion")

    bouton.click()
    chez_le_fournisseur(page, fournisseur_oidc_navigateur, AGENT)
    # Back on the portal, logged in, on his space (the dossiers of his territory).
    expect(page).to_have_url(f"{live_server.url}{reverse('instruction:territoire')}")
    expect(page.get_by_role("link", name=re.compile("Morgane Lefebvre"))).to_be_visible()
    capture(page, "proconnect_espace")
    assert (
        EvenementSecurite.objects.filter(type=TypeEvenement.CONNEXION_PROCONNECT, compte=agent).count() == 1
    )

    # The logout ends the provider's session too, then comes back to the home page.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/") + r"\?state=\w{32,}$"))
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()

    # Back at the provider: it asks for the password again (its session is over).
    page.goto("/compte/connexion/")
    page.get_by_role("link", name=BOUTON).click()
    expect(page).to_have_url(re.compile(re.escape(f"{fournisseur_oidc_navigateur.url}/connexion/")))
    expect(page.get_by_label("Mot de passe")).to_be_visible()


def test_une_adresse_inconnue_arrive_sur_la_page_francaise(
    page, live_server, proconnect_navigateur, fournisseur_oidc_navigateur, axe, capture
):
    page.goto("/compte/connexion/")
    page.get_by_role("link", name=BOUTON).click()
    chez_le_fournisseur(page, fournisseur_oidc_navigateur, INCONNU)
    expect(page).to_have_url(f"{live_server.url}{reverse('comptes:proconnect_inconnu')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aucun compte ne correspond à votre identité ProConnect"
    )
    expect(page.get_by_text(INCONNU)).to_be_visible()
    expect(page.get_by_role("link", name="amispie@emploi.gouv.fr").first).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)  # nobody logged in
    axe(page)
    capture(page, "proconnect_inconnu")
