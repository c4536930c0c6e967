"""The list of accounts (filters, search, pagination, constant queries) and who may reach each page."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptes.models import User
from tests.comptes_gestion.outils import GESTION, INVITER, formulaire, page
from tests.factories import OrganisationFactory, ServiceTerritorialFactory, UserFactory
from tests.historique import journal

pytestmark = pytest.mark.django_db


def test_la_liste_montre_role_rattachement_etat(client_admin, ddets_nord):
    UserFactory(first_name="Camille", last_name="Martin", organisation__nom="PLIE de Lille")
    UserFactory(instructeur=True, first_name="Alex", last_name="Durand")
    UserFactory(agent=True, service_territorial=ddets_nord, first_name="Sacha", last_name="Lefebvre")
    UserFactory(
        agent_regional=True, first_name="Noa", last_name="Roux", service_territorial__nom="DREETS HdF"
    )
    UserFactory(first_name="Parti", last_name="Ailleurs", is_active=False)
    contenu = page(client_admin.get(GESTION))
    for attendu in (
        "PLIE de Lille",
        "DGEFP",
        "DDETS du Nord — Nord (59)",
        "DREETS HdF — région Hauts-de-France",
        "Instructeur national",
        "Agent territorial",
        "Désactivé",
        "jamais",
        "6 comptes",
    ):
        assert attendu in contenu, attendu


def test_filtres_et_recherche(client_admin):
    UserFactory(first_name="Camille", last_name="Martin", email="camille@plie.fr")
    UserFactory(instructeur=True, first_name="Alex", last_name="Durand", email="alex@dgefp.fr")
    UserFactory(
        instructeur=True, first_name="Lou", last_name="Bernard", email="lou@dgefp.fr", is_active=False
    )

    def noms(**params):
        contenu = page(client_admin.get(GESTION, params))
        return {
            nom
            for nom in ("Camille Martin", "Alex Durand", "Lou Bernard", "Dominique Admin")
            if f">{nom}</a></td>" in contenu
        }

    assert noms(role="instructeur") == {"Alex Durand", "Lou Bernard"}
    assert noms(q="dgefp") == {"Alex Durand", "Lou Bernard"}
    assert noms(q="camille MARTIN") == {"Camille Martin"}
    assert noms(etat="desactive") == {"Lou Bernard"}
    assert noms(role="instructeur", etat="actif") == {"Alex Durand"}
    assert noms(role="inconnu") == {"Camille Martin", "Alex Durand", "Lou Bernard", "Dominique Admin"}


def test_pagination_par_50(client_admin):
    UserFactory.create_batch(55, instructeur=True, last_name="Zorro")
    premiere = page(client_admin.get(GESTION))
    assert "56 comptes" in premiere and "page 1 sur 2" in premiere
    assert premiere.count('id="compte-') == 50
    seconde = page(client_admin.get(GESTION, {"page": "2"}))
    assert seconde.count('id="compte-') == 6


def test_nombre_de_requetes_constant(client_admin, ddets_nord):
    def requetes() -> int:
        with CaptureQueriesContext(connection) as capture:
            assert client_admin.get(GESTION).status_code == 200
        return len(capture)

    for _ in range(3):
        UserFactory(organisation=OrganisationFactory())
    peu = requetes()
    for _ in range(9):
        UserFactory(organisation=OrganisationFactory())
        UserFactory(agent=True, service_territorial=ServiceTerritorialFactory())
        UserFactory(agent_regional=True)
    beaucoup = requetes()
    assert User.objects.count() == 31
    assert peu == beaucoup == 4  # session, user, COUNT, the page's rows (joined)


# --- Permissions and rendering -----------------------------------------------------------------------

PAGES = ["comptes:gestion", "comptes:inviter", "comptes:compte"]
ACTIONS = ["comptes:desactiver", "comptes:reactiver", "comptes:renvoyer_invitation"]


@pytest.mark.parametrize("trait", [{}, {"instructeur": True}, {"agent": True}])
def test_reserve_aux_administrateurs(client, trait, django_capture_on_commit_callbacks):
    cible = UserFactory(instructeur=True)
    client.force_login(UserFactory(**trait))
    for nom in PAGES + ACTIONS:
        args = [] if nom in ("comptes:gestion", "comptes:inviter") else [cible.pk]
        url = reverse(nom, args=args)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(url).status_code == 403, nom
            assert (
                client.post(url, formulaire(email="x@exemple.fr", role="administrateur")).status_code == 403
            ), nom
    cible.refresh_from_db()
    assert cible.is_active and not mail.outbox and not journal()
    assert not User.objects.filter(email="x@exemple.fr").exists()


def test_chaque_page_s_affiche(client_admin, administrateur, cd_nord, ddets_nord):
    comptes = [
        UserFactory(organisation=cd_nord),
        UserFactory(instructeur=True),
        UserFactory(agent=True, service_territorial=ddets_nord),
        UserFactory(is_active=False),
        administrateur,
    ]
    assert client_admin.get(GESTION).status_code == 200
    contenu = page(client_admin.get(INVITER))
    assert "Pour un candidat : son organisation" in contenu
    assert "Pour un agent territorial : son service et son territoire" in contenu
    assert "Comptes et rôles" in contenu  # the administration's side menu
    for compte in comptes:
        reponse = client_admin.get(reverse("comptes:compte", args=[compte.pk]))
        assert reponse.status_code == 200
        assert compte.email in page(reponse)
    assert client_admin.get(reverse("comptes:compte", args=[999999])).status_code == 404
