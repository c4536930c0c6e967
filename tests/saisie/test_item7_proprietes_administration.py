"""Issue 12 item 7, property-based, the administration: arbitrary text and numbers posted to every field
of the call's parameters, the scoring grid and the R08 exclusions (formsets, their management forms
included), the invitation and the account page (with their sub-forms of a new organisation or service),
the API tokens, the accounts list's filters and the sign-in forms, through the real views, on
PostgreSQL: no server error, every error in French, what was typed comes back in the page."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import ExclusionR08Factory, UserFactory
from tests.saisie.formulaires import formulaires_de, poster_au_hasard
from tests.saisie.hostile import REGLAGES
from tests.saisie.outils import exemple_isole

pytestmark = pytest.mark.django_db

PAGES = {
    "parametres": lambda compte: reverse("ami:administration"),
    "grille": lambda compte: reverse("ami:grille"),
    "exclusions": lambda compte: reverse("ami:exclusions"),
    "invitation": lambda compte: reverse("comptes:inviter"),
    "compte": lambda compte: reverse("comptes:compte", args=[compte.pk]),
    "jetons": lambda compte: reverse("api:jetons"),
    "comptes": lambda compte: reverse("comptes:gestion"),
}


@pytest.fixture
def compte(appel_ouvert):
    """An agent's account (its page), and an exclusion for the exclusions' formset to show."""
    ExclusionR08Factory(appel=appel_ouvert)
    return UserFactory(agent=True)


@pytest.mark.parametrize("nom", list(PAGES))
@REGLAGES
@given(donnees=st.data())
def test_item7_toute_saisie_de_l_administration_sans_erreur_serveur(
    client, administrateur, compte, nom, donnees
):
    client.force_login(administrateur)
    client.raise_request_exception = True
    with exemple_isole():
        formulaires = formulaires_de(client, PAGES[nom](compte))
        assert formulaires, f"aucun formulaire sur la page {nom}"
        for formulaire in formulaires:
            with exemple_isole():
                poster_au_hasard(client, formulaire, donnees)


@pytest.mark.parametrize("url", ["comptes:connexion", "comptes:mot_de_passe_oublie"])
@REGLAGES
@given(donnees=st.data())
def test_item7_toute_saisie_de_la_connexion_sans_erreur_serveur(client, candidat, url, donnees):
    client.raise_request_exception = True
    with exemple_isole():
        for formulaire in formulaires_de(client, reverse(url)):
            poster_au_hasard(client, formulaire, donnees)
