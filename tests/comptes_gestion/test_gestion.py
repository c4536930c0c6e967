"""« Comptes et rôles »: the administrateurs invite, edit, deactivate and reactivate accounts on the
portal; every change is in the log, before and after."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami.models import Journal
from comptes.models import (
    Organisation,
    Role,
    ServiceNational,
    ServiceTerritorial,
    TypeServiceTerritorial,
    User,
)
from tests.comptes_gestion.conftest import MOT_DE_PASSE_CHOISI, formulaire
from tests.factories import MOT_DE_PASSE, OrganisationFactory, ServiceTerritorialFactory, UserFactory

pytestmark = pytest.mark.django_db

GESTION = reverse("comptes:gestion")
INVITER = reverse("comptes:inviter")


def page(reponse) -> str:
    return reponse.content.decode()


def groupe(contenu: str, identifiant: str) -> str:
    """The DSFR group of a field (label, field, errors), by the field's id."""
    debut = contenu.index(f'id="{identifiant}-groupe"')
    return contenu[debut : contenu.index(f'id="{identifiant}-desc-error"', debut) + 400]


def lien_du_courriel(message) -> str:
    lien = re.search(r"(https?://\S+/compte/mot-de-passe/nouveau/\S+/\S+/)", message.body).group(1)
    assert lien.startswith(settings.PORTAIL_URL)
    return lien.removeprefix(settings.PORTAIL_URL)


def inviter(client, django_capture_on_commit_callbacks, **champs):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(INVITER, formulaire(**champs))


# --- Invitations -------------------------------------------------------------------------------------


def test_inviter_un_candidat_avec_une_nouvelle_organisation(
    client_admin, administrateur, django_capture_on_commit_callbacks
):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="Camille.Martin@PLIE-Lille.fr",
        first_name="Camille",
        last_name="Martin",
        role=Role.CANDIDAT,
        nouvelle_organisation__nom="PLIE de la métropole lilloise",
        nouvelle_organisation__siret="732 829 320 00074",
        nouvelle_organisation__type="plie",
        nouvelle_organisation__departement="59",
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == GESTION

    compte = User.objects.get(email="camille.martin@plie-lille.fr")
    assert compte.role == Role.CANDIDAT and compte.is_active
    assert not compte.has_usable_password()
    organisation = compte.organisation
    assert (organisation.nom, organisation.siret, organisation.departement_id) == (
        "PLIE de la métropole lilloise",
        "73282932000074",
        "59",
    )

    # One mail, after the commit, with the link to choose a password.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.martin@plie-lille.fr"]
    assert "vous êtes invité" in message.subject
    assert "Vous êtes invité à rejoindre le portail" in message.body
    assert "candidat (PLIE de la métropole lilloise)" in message.body
    lien = lien_du_courriel(message)

    # The log: the organisation created, then the account, with what they are.
    entrees = {e.objet: e for e in Journal.objects.all()}
    creation = entrees["Organisation PLIE de la métropole lilloise"]
    assert creation.action == "Création" and creation.par == administrateur
    assert ["SIRET", "—", "73282932000074"] in creation.changements
    assert ["Type de porteur", "—", "PLIE"] in creation.changements
    invitation = entrees["Compte camille.martin@plie-lille.fr"]
    assert invitation.action == "Invitation" and invitation.par == administrateur
    assert invitation.changements == [
        ["Adresse électronique", "—", "camille.martin@plie-lille.fr"],
        ["Prénom", "—", "Camille"],
        ["Nom", "—", "Martin"],
        ["Rôle", "—", "Candidat"],
        ["Rattachement", "—", "PLIE de la métropole lilloise"],
    ]

    # The success message, on the list that shows the new account.
    liste = page(client_admin.get(GESTION))
    assert "Camille Martin (candidat) est invité" in liste
    assert "Invitation en attente" in liste

    # The invited person follows the link, chooses a password, logs in.
    client_admin.logout()
    invite = client_admin
    reponse = invite.get(lien)
    assert reponse.status_code == 302  # Django puts the token in the session
    reponse = invite.post(
        reponse["Location"], {"new_password1": MOT_DE_PASSE_CHOISI, "new_password2": MOT_DE_PASSE_CHOISI}
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("comptes:mot_de_passe_modifie")
    reponse = invite.post(
        reverse("comptes:connexion"),
        {"username": "camille.martin@plie-lille.fr", "password": MOT_DE_PASSE_CHOISI},
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("comptes:espace")
    assert invite.get(reverse("candidatures:mes_dossiers")).status_code == 200
    # The link has served: it no longer works.
    assert "Ce lien n'est plus valable" in page(invite.get(lien, follow=True))


def test_inviter_un_instructeur(client_admin, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="alex.durand@emploi.gouv.fr",
        first_name="Alex",
        last_name="Durand",
        role=Role.INSTRUCTEUR,
        service_national=ServiceNational.DGCS,
        # Typed in another role's group, then the role changed: ignored, nothing created.
        nouvelle_organisation__nom="Brouillon",
        nouvelle_organisation__siret="123",
    )
    assert reponse.status_code == 302
    compte = User.objects.get(email="alex.durand@emploi.gouv.fr")
    assert (compte.role, compte.service_national, compte.organisation) == (Role.INSTRUCTEUR, "DGCS", None)
    assert not Organisation.objects.filter(nom="Brouillon").exists()
    assert len(mail.outbox) == 1 and "instructeur national (DGCS)" in mail.outbox[0].body
    assert Journal.objects.get(objet="Compte alex.durand@emploi.gouv.fr").action == "Invitation"


def test_inviter_un_agent_d_un_service_existant(client_admin, ddets_nord, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="agent@nord.gouv.fr",
        first_name="Sacha",
        last_name="Lefebvre",
        role=Role.AGENT,
        service_territorial=str(ddets_nord.pk),
    )
    assert reponse.status_code == 302
    compte = User.objects.get(email="agent@nord.gouv.fr")
    assert compte.service_territorial == ddets_nord
    assert ServiceTerritorial.objects.count() == 1
    assert "agent territorial (DDETS du Nord — Nord (59))" in mail.outbox[0].body
    assert Journal.objects.get(objet="Compte agent@nord.gouv.fr").changements[-1] == [
        "Rattachement",
        "—",
        "DDETS du Nord — Nord (59)",
    ]


def test_inviter_un_agent_d_un_nouveau_service_regional(client_admin, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="agent@dreets.gouv.fr",
        first_name="Sacha",
        last_name="Roux",
        role=Role.AGENT,
        nouveau_service__type=TypeServiceTerritorial.DREETS,
        nouveau_service__nom="DREETS Hauts-de-France",
        nouveau_service__region="32",
    )
    assert reponse.status_code == 302
    service = User.objects.get(email="agent@dreets.gouv.fr").service_territorial
    assert (service.nom, service.region_id, service.departement_id) == ("DREETS Hauts-de-France", "32", None)
    creation = Journal.objects.get(objet="Service territorial DREETS Hauts-de-France")
    assert ["Région", "—", "Hauts-de-France"] in creation.changements


def test_siret_invalide_erreur_a_cote_du_champ_et_saisie_conservee(
    client_admin, django_capture_on_commit_callbacks
):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="camille@exemple.fr",
        first_name="Camille",
        last_name="Martin",
        role=Role.CANDIDAT,
        nouvelle_organisation__nom="Mission locale de Roubaix",
        nouvelle_organisation__siret="73282932000075",
        nouvelle_organisation__type="mission_locale",
        nouvelle_organisation__departement="59",
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Ce SIRET n&#x27;est pas valide : vérifiez les 14 chiffres." in groupe(
        contenu, "id_nouvelle_organisation-siret"
    )
    assert "La nouvelle organisation n’est pas complète" in contenu
    for valeur in ("camille@exemple.fr", "Camille", "Martin", "Mission locale de Roubaix", "73282932000075"):
        assert f'value="{valeur}"' in contenu
    assert '<option value="mission_locale" selected>' in contenu
    assert '<option value="59" selected>' in contenu
    assert 'value="candidat"' in contenu and re.search(r'value="candidat"[^>]*checked', contenu)
    assert not User.objects.filter(email="camille@exemple.fr").exists()
    assert not Organisation.objects.exists() and not Journal.objects.exists() and not mail.outbox


def test_siret_deja_inscrit(client_admin, cd_nord, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="camille@exemple.fr",
        first_name="Camille",
        last_name="Martin",
        role=Role.CANDIDAT,
        nouvelle_organisation__nom="Doublon",
        nouvelle_organisation__siret=cd_nord.siret,
        nouvelle_organisation__type="conseil_departemental",
        nouvelle_organisation__departement="59",
    )
    assert reponse.status_code == 422
    assert "Une organisation avec ce SIRET est déjà inscrite" in groupe(
        page(reponse), "id_nouvelle_organisation-siret"
    )


def test_candidat_sans_organisation(client_admin, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="camille@exemple.fr",
        first_name="Camille",
        last_name="Martin",
        role=Role.CANDIDAT,
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Choisissez l’organisation du candidat, ou décrivez la nouvelle organisation." in groupe(
        contenu, "id_organisation"
    )
    # The empty new organisation is not reported field by field.
    assert "Saisissez le nom de la nouvelle organisation." not in contenu


@pytest.mark.parametrize(
    ("type_service", "champ", "message"),
    [
        ("prefecture", "id_nouveau_service-region", "Choisissez le territoire du service"),
        ("ddets", "id_nouveau_service-departement", "Une DDETS a pour territoire un département."),
        ("dreets", "id_nouveau_service-region", "Ce service a pour territoire une région."),
    ],
)
def test_nouveau_service_sans_territoire(
    client_admin, django_capture_on_commit_callbacks, type_service, champ, message
):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="agent@exemple.fr",
        first_name="Sacha",
        last_name="Roux",
        role=Role.AGENT,
        nouveau_service__type=type_service,
        nouveau_service__nom="Préfecture du Nord",
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert message in groupe(contenu, champ)
    assert 'value="Préfecture du Nord"' in contenu
    assert (
        not ServiceTerritorial.objects.exists() and not User.objects.filter(email="agent@exemple.fr").exists()
    )


def test_nouveau_service_avec_deux_territoires(client_admin, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="agent@exemple.fr",
        first_name="Sacha",
        last_name="Roux",
        role=Role.AGENT,
        nouveau_service__type="prefecture",
        nouveau_service__nom="Préfecture du Nord",
        nouveau_service__region="32",
        nouveau_service__departement="59",
    )
    assert reponse.status_code == 422
    assert "pas les deux" in groupe(page(reponse), "id_nouveau_service-departement")


def test_instructeur_sans_service(client_admin, django_capture_on_commit_callbacks):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="alex@exemple.fr",
        first_name="Alex",
        last_name="Durand",
        role=Role.INSTRUCTEUR,
    )
    assert reponse.status_code == 422
    assert "Choisissez le service national de l’instructeur." in groupe(page(reponse), "id_service_national")


def test_adresse_deja_utilisee(client_admin, cd_nord, django_capture_on_commit_callbacks):
    UserFactory(email="camille@exemple.fr", is_active=False)
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="Camille@Exemple.fr",
        first_name="Camille",
        last_name="Martin",
        role=Role.CANDIDAT,
        organisation=str(cd_nord.pk),
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Un compte existe déjà avec cette adresse électronique ; il est désactivé" in groupe(
        contenu, "id_email"
    )
    assert f'<option value="{cd_nord.pk}" selected>' in contenu
    assert User.objects.filter(email__iexact="camille@exemple.fr").count() == 1
    assert not mail.outbox


def test_champs_obligatoires(client_admin, django_capture_on_commit_callbacks):
    reponse = inviter(client_admin, django_capture_on_commit_callbacks)
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Saisissez l’adresse électronique de la personne invitée." in groupe(contenu, "id_email")
    assert "Saisissez le prénom." in groupe(contenu, "id_first_name")
    assert "Choisissez le rôle du compte." in contenu


# --- Editing an account ------------------------------------------------------------------------------


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
    entree = Journal.objects.get()
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
    assert not Journal.objects.exists()


def test_un_administrateur_retrograde_perd_l_administration_technique(client_admin):
    autre = UserFactory(administrateur=True, first_name="Ancien", last_name="Admin")
    reponse = client_admin.post(
        reverse("comptes:compte", args=[autre.pk]),
        formulaire(first_name="Ancien", last_name="Admin", role=Role.INSTRUCTEUR, service_national="DIPLP"),
    )
    assert reponse.status_code == 302
    autre.refresh_from_db()
    assert (autre.role, autre.is_staff, autre.is_superuser) == (Role.INSTRUCTEUR, False, False)
    assert ["Accès à l’administration technique", "Oui", "Non"] in Journal.objects.get().changements


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
    assert {e.action for e in Journal.objects.all()} == {"Création", "Changement de rôle"}


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
    assert administrateur.role == Role.ADMINISTRATEUR and administrateur.is_staff


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
    entree = Journal.objects.get()
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
    assert Journal.objects.count() == 1

    # Reactivated: it logs in again.
    reponse = client_admin.post(reverse("comptes:reactiver", args=[candidat.pk]), follow=True)
    assert "est réactivé" in page(reponse)
    assert Journal.objects.first().changements == [["Actif", "Non", "Oui"]]
    reponse = Client().post(
        reverse("comptes:connexion"), {"username": "camille@exemple.fr", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302


def test_un_administrateur_ne_se_desactive_pas(client_admin, administrateur):
    reponse = client_admin.post(reverse("comptes:desactiver", args=[administrateur.pk]), follow=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in page(reponse)
    administrateur.refresh_from_db()
    assert administrateur.is_active
    assert not Journal.objects.exists()


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
    assert Journal.objects.first().action == "Invitation renvoyée"


def test_pas_de_nouvelle_invitation_pour_qui_s_est_connecte(client_admin, django_capture_on_commit_callbacks):
    candidat = UserFactory()
    User.objects.filter(pk=candidat.pk).update(last_login="2021-09-01T10:00:00Z")
    assert "Renvoyer l’invitation" not in page(
        client_admin.get(reverse("comptes:compte", args=[candidat.pk]))
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(reverse("comptes:renvoyer_invitation", args=[candidat.pk]))
    assert not mail.outbox and not Journal.objects.exists()


# --- The list ----------------------------------------------------------------------------------------


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
    assert cible.is_active and not mail.outbox and not Journal.objects.exists()
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
