"""The second factor once enrolled (issue 15 item 5, ``comptes.deux_facteurs``): « Mon compte »'s block (turn
it on or off, change the application, new recovery codes), the reset by an administrateur, the technical
administration that shows neither keys nor codes."""

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes import deux_facteurs
from comptes.models import TypeEvenement
from core import historique
from tests.browser.outils import code_totp
from tests.comptes.outils import (
    ACTIVER,
    CODE,
    CODES,
    cle_de_la_page,
    codes_de_la_page,
    connexion,
    evenements,
)
from tests.comptes_gestion.outils import page as contenu
from tests.factories import CLE_TOTP, UserFactory

pytestmark = pytest.mark.django_db


# « Mon compte » ----------------------------------------------------------------------------------------


def bloc(compte) -> str:
    requete = RequestFactory().get("/")
    requete.user = compte
    return Template('{% include "comptes/deux_facteurs/bloc_mon_compte.html" %}').render(
        Context({"request": requete, "csrf_token": "x"})
    )


def test_un_agent_active_puis_desactive_la_double_authentification(client):
    agent = UserFactory(agent=True, email="agent@exemple.fr")
    assert "Activer la double authentification" in bloc(agent)
    assert connexion(client, agent.email)["Location"] == reverse("comptes:espace")  # not asked

    page = client.get(ACTIVER)
    assert "Une étape de plus" not in contenu(page)
    assert client.post(ACTIVER, {"code": code_totp(cle=cle_de_la_page(page))})["Location"] == CODES
    assert len(codes_de_la_page(client.get(CODES))) == 10
    html = bloc(agent)
    assert "Activée" in html and "Codes de secours restants : <strong>10</strong>" in html
    assert "Désactiver la double authentification" in html

    # Now asked at each password login.
    client.post(reverse("comptes:deconnexion"))
    assert connexion(client, agent.email)["Location"] == CODE
    assert client.post(CODE, {"code": code_totp(agent.email)})["Location"] == reverse("comptes:espace")

    reponse = client.post(reverse("comptes:deux_facteurs_desactiver"), follow=True)
    assert "La double authentification est désactivée" in contenu(reponse)
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    assert evenements(TypeEvenement.DEUX_FACTEURS_REINITIALISE)[-1].objet == "Désactivée par la personne"
    client.post(reverse("comptes:deconnexion"))
    assert connexion(client, agent.email)["Location"] == reverse("comptes:espace")


def test_un_instructeur_ne_desactive_pas_mais_change_d_application(client, instructeur):
    client.force_login(instructeur)
    assert "Désactiver" not in bloc(instructeur)
    reponse = client.post(reverse("comptes:deux_facteurs_desactiver"), follow=True)
    assert "obligatoire pour votre profil" in contenu(reponse)
    assert TOTPDevice.objects.filter(user=instructeur, confirmed=True).exists()

    # Changing the application: the earlier one works until the new one is confirmed.
    page = client.get(ACTIVER)
    assert "Vous allez remplacer l’application d’authentification enregistrée" in contenu(page)
    nouvelle = cle_de_la_page(page)
    assert nouvelle != CLE_TOTP and deux_facteurs.application(instructeur).key == CLE_TOTP
    assert client.post(ACTIVER, {"code": code_totp(cle=nouvelle)})["Location"] == CODES
    assert list(TOTPDevice.objects.filter(user=instructeur).values_list("key", "confirmed")) == [
        (nouvelle, True)
    ]


def test_nouveaux_codes_de_secours(client, instructeur):
    client.force_login(instructeur)
    anciens = deux_facteurs.nouveaux_codes_de_secours(instructeur)
    reponse = client.post(reverse("comptes:deux_facteurs_nouveaux_codes"))
    assert reponse["Location"] == CODES
    nouveaux = codes_de_la_page(client.get(CODES))
    assert len(nouveaux) == 10 and not set(nouveaux) & set(anciens)
    assert not deux_facteurs.verifier(instructeur, anciens[0]).acceptee
    StaticDevice.objects.filter(user=instructeur).update(throttling_failure_timestamp=None)  # its wait over
    assert deux_facteurs.verifier(instructeur, nouveaux[0]).acceptee
    assert evenements(TypeEvenement.DEUX_FACTEURS_ACTIVE)[-1].objet.startswith("Nouveaux codes de secours")


def test_le_compte_technique_n_a_pas_de_double_authentification(client):
    client.force_login(UserFactory(technique=True))
    assert client.get(ACTIVER).status_code == 403


# The administrateur's reset ----------------------------------------------------------------------------


def test_un_administrateur_reinitialise_le_second_facteur(client, administrateur, instructeur):
    deux_facteurs.nouveaux_codes_de_secours(instructeur)
    client.force_login(administrateur)
    fiche = contenu(client.get(reverse("comptes:compte", args=[instructeur.pk])))
    assert '<h2 class="fr-mt-4w">Double authentification</h2>' in fiche
    assert "10 codes de secours restants" in fiche
    url = reverse("comptes:deux_facteurs_reinitialiser", args=[instructeur.pk])
    assert f'action="{url}"' in fiche

    assert client.get(url).status_code == 405
    reponse = client.post(url, follow=True)
    assert f"La double authentification de {instructeur.email} est réinitialisée" in contenu(reponse)
    assert "Pas encore activée : elle est obligatoire pour ce profil" in contenu(reponse)
    assert not TOTPDevice.objects.filter(user=instructeur).exists()
    assert not StaticDevice.objects.filter(user=instructeur).exists()
    [evenement] = evenements(TypeEvenement.DEUX_FACTEURS_REINITIALISE)
    assert (evenement.compte, evenement.details) == (instructeur, {"par": administrateur.email})
    entree = historique.entrees(historique.pour(instructeur), limite=5)[0]
    assert entree.action == "Double authentification réinitialisée" and entree.par == administrateur
    assert "Double authentification réinitialisée" in contenu(reponse)  # the account's history
    # Nothing more to reset.
    assert "n’avait pas de double authentification" in contenu(client.post(url, follow=True))

    # At the next login, the person enrols again.
    autre = Client()
    assert connexion(autre, instructeur.email)["Location"] == ACTIVER


@pytest.mark.parametrize("trait", [{}, {"agent": True}, {"instructeur": True}, {"technique": True}])
def test_reinitialisation_reservee_aux_administrateurs(client, instructeur, trait):
    url = reverse("comptes:deux_facteurs_reinitialiser", args=[instructeur.pk])
    client.force_login(UserFactory(**trait))
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=instructeur).exists()


def test_un_administrateur_ne_reinitialise_pas_la_sienne(client, administrateur):
    client.force_login(administrateur)
    reponse = client.post(
        reverse("comptes:deux_facteurs_reinitialiser", args=[administrateur.pk]), follow=True
    )
    assert "Vous ne pouvez pas réinitialiser votre propre double authentification" in contenu(reponse)
    assert TOTPDevice.objects.filter(user=administrateur).exists()
    assert client.post(reverse("comptes:deux_facteurs_reinitialiser", args=[10**6])).status_code == 404


def test_l_administration_technique_ne_montre_ni_les_cles_ni_les_codes(client, instructeur):
    codes = deux_facteurs.nouveaux_codes_de_secours(instructeur)
    client.force_login(UserFactory(technique=True))
    application = TOTPDevice.objects.get(user=instructeur)
    secours = StaticDevice.objects.get(user=instructeur)
    for url in (
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[application.pk]),
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[secours.pk]),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        page = contenu(reponse)
        assert str(instructeur) in page and "Lecture seule. La double authentification" in page
        assert CLE_TOTP not in page and deux_facteurs.cle_en_texte(CLE_TOTP) not in page
        assert not any(code in page for code in codes)
        assert "qrcode" not in page
