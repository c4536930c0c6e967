"""The page of an account: role and rattachement changed, logged before and after; deactivation (no
login, no session), reactivation, invitation sent again."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from comptes.models import Role, User
from tests.comptes_gestion.outils import formulaire, groupe, inviter, lien_du_courriel, page
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.historique import journal, une_entree

pytestmark = pytest.mark.django_db


def test_changer_le_role_et_le_rattachement(client_admin, administrateur, ddets_nord):
    candidat = UserFactory(first_name="Camille", last_name="Martin", organisation__nom="PLIE de Lille")
    reponse = client_admin.post(
        reverse("comptes:compte", args=[candidat.pk]),
        formulaire(
            first_name="Camille",
            last_name="Martin-Dupont",
            role=Role.AGENT,
            organisation=str(candidat.organisation_id),  # left selected in the hidden group: ignored
            service_territorial=str(ddets_nord.pk),
        ),
    )
    assert reponse.status_code == 302
    candidat.refresh_from_db()
    assert (candidat.role, candidat.organisation, candidat.service_territorial) == (
        Role.AGENT,
        None,
        ddets_nord,
    )
    assert candidat.last_name == "Martin-Dupont"
    entree = une_entree()
    assert (entree.objet, entree.action, entree.par) == (
        f"Compte {candidat.email}",
        "Changement de rôle",
        administrateur,
    )
    assert entree.changements == [
        ["Nom", "Martin", "Martin-Dupont"],
        ["Rôle", "Candidat", "Agent territorial"],
        ["Rattachement", "PLIE de Lille", "DDETS du Nord — Nord (59)"],
    ]
    contenu = page(client_admin.get(reverse("comptes:compte", args=[candidat.pk])))
    assert f"Le compte de {candidat.email} est modifié." in contenu
    assert "Rôle : Candidat → Agent territorial" in contenu  # the account's history


def test_modifier_sans_rien_changer_n_ecrit_rien(client_admin, cd_nord):
    candidat = UserFactory(first_name="Camille", last_name="Martin", organisation=cd_nord)
    reponse = client_admin.post(
        reverse("comptes:compte", args=[candidat.pk]),
        formulaire(
            first_name="Camille", last_name="Martin", role=Role.CANDIDAT, organisation=str(cd_nord.pk)
        ),
        follow=True,
    )
    assert "Aucune modification" in page(reponse)
    assert not journal()


def test_un_administrateur_retrograde(client_admin):
    autre = UserFactory(administrateur=True, first_name="Ancien", last_name="Admin")
    reponse = client_admin.post(
        reverse("comptes:compte", args=[autre.pk]),
        formulaire(first_name="Ancien", last_name="Admin", role=Role.INSTRUCTEUR, service_national="DIPLP"),
    )
    assert reponse.status_code == 302
    autre.refresh_from_db()
    assert (autre.role, autre.is_staff, autre.is_superuser) == (Role.INSTRUCTEUR, False, False)
    assert ["Rôle", "Administrateur", "Instructeur national"] in une_entree().changements


def test_nouvelle_organisation_a_la_modification(client_admin, django_capture_on_commit_callbacks):
    instructeur = UserFactory(instructeur=True, first_name="Alex", last_name="Durand")
    reponse = client_admin.post(
        reverse("comptes:compte", args=[instructeur.pk]),
        formulaire(
            first_name="Alex",
            last_name="Durand",
            role=Role.CANDIDAT,
            nouvelle_organisation__nom="Association Tremplin",
            nouvelle_organisation__siret="73282932000074",
            nouvelle_organisation__type="association",
            nouvelle_organisation__departement="62",
        ),
    )
    assert reponse.status_code == 302
    instructeur.refresh_from_db()
    assert instructeur.organisation.nom == "Association Tremplin" and instructeur.service_national == ""
    assert {e.action for e in journal()} == {"Création", "Changement de rôle"}


def test_erreur_a_la_modification_garde_la_saisie(client_admin, cd_nord):
    candidat = UserFactory(organisation=cd_nord)
    reponse = client_admin.post(
        reverse("comptes:compte", args=[candidat.pk]),
        formulaire(first_name="Camille", last_name="", role=Role.AGENT),
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Saisissez le nom." in groupe(contenu, "id_last_name")
    assert "Choisissez le service de l’agent, ou décrivez le nouveau service." in groupe(
        contenu, "id_service_territorial"
    )
    assert 'value="Camille"' in contenu
    candidat.refresh_from_db()
    assert candidat.role == Role.CANDIDAT


def test_un_administrateur_ne_change_pas_son_propre_role(client_admin, administrateur):
    url = reverse("comptes:compte", args=[administrateur.pk])
    contenu = page(client_admin.get(url))
    assert "Vous ne pouvez pas changer votre propre rôle." in contenu
    assert "Désactiver le compte" not in contenu
    reponse = client_admin.post(
        url, formulaire(first_name="Dominique", last_name="Admin", role=Role.CANDIDAT, organisation="")
    )
    assert reponse.status_code == 302  # the role field is disabled: the posted role is ignored
    administrateur.refresh_from_db()
    assert administrateur.role == Role.ADMINISTRATEUR and not administrateur.is_staff


# --- Deactivation, reactivation, invitation sent again ------------------------------------------------


def test_desactiver_ferme_la_connexion_et_les_sessions(client_admin, administrateur):
    candidat = UserFactory(email="camille@exemple.fr")
    session_du_candidat = Client()
    session_du_candidat.force_login(candidat)
    assert session_du_candidat.get(reverse("candidatures:mes_dossiers")).status_code == 200

    reponse = client_admin.post(reverse("comptes:desactiver", args=[candidat.pk]), follow=True)
    assert "est désactivé" in page(reponse)
    candidat.refresh_from_db()
    assert not candidat.is_active
    entree = une_entree()
    assert (entree.action, entree.changements, entree.par) == (
        "Désactivation",
        [["Actif", "Oui", "Non"]],
        administrateur,
    )

    # Its open session no longer gives access…
    reponse = session_du_candidat.get(reverse("candidatures:mes_dossiers"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    # …and it cannot log in again.
    reponse = Client().post(
        reverse("comptes:connexion"), {"username": "camille@exemple.fr", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 200 and not reponse.wsgi_request.user.is_authenticated

    # A second click writes nothing.
    client_admin.post(reverse("comptes:desactiver", args=[candidat.pk]))
    assert len(journal()) == 1

    # Reactivated: it logs in again.
    reponse = client_admin.post(reverse("comptes:reactiver", args=[candidat.pk]), follow=True)
    assert "est réactivé" in page(reponse)
    assert journal()[0].changements == [["Actif", "Non", "Oui"]]
    reponse = Client().post(
        reverse("comptes:connexion"), {"username": "camille@exemple.fr", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302


def test_un_administrateur_ne_se_desactive_pas(client_admin, administrateur):
    reponse = client_admin.post(reverse("comptes:desactiver", args=[administrateur.pk]), follow=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in page(reponse)
    administrateur.refresh_from_db()
    assert administrateur.is_active
    assert not journal()


def test_desactiver_et_reactiver_en_post_seulement(client_admin):
    candidat = UserFactory()
    assert client_admin.get(reverse("comptes:desactiver", args=[candidat.pk])).status_code == 405
    assert client_admin.get(reverse("comptes:reactiver", args=[candidat.pk])).status_code == 405


def test_renvoyer_l_invitation(client_admin, cd_nord, django_capture_on_commit_callbacks):
    inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="camille@exemple.fr",
        first_name="Camille",
        last_name="Martin",
        role=Role.CANDIDAT,
        organisation=str(cd_nord.pk),
    )
    compte = User.objects.get(email="camille@exemple.fr")
    url = reverse("comptes:compte", args=[compte.pk])
    assert "Renvoyer l’invitation" in page(client_admin.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_admin.post(reverse("comptes:renvoyer_invitation", args=[compte.pk]), follow=True)
    assert "Une nouvelle invitation est envoyée à camille@exemple.fr." in page(reponse)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["camille@exemple.fr"]
    lien_du_courriel(mail.outbox[1])
    assert journal()[0].action == "Invitation renvoyée"


def test_pas_de_nouvelle_invitation_pour_qui_s_est_connecte(client_admin, django_capture_on_commit_callbacks):
    candidat = UserFactory()
    User.objects.filter(pk=candidat.pk).update(last_login="2021-09-01T10:00:00Z")
    assert "Renvoyer l’invitation" not in page(
        client_admin.get(reverse("comptes:compte", args=[candidat.pk]))
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(reverse("comptes:renvoyer_invitation", args=[candidat.pk]))
    assert not mail.outbox and not journal()
