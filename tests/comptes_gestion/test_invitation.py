"""« Inviter une personne »: a candidat with a new or existing organisation, an instructeur, an agent
with an existing or new service; a mail with the link to choose a password; errors next to the field,
nothing typed lost; every invitation in the log."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from comptes.models import (
    Organisation,
    Role,
    ServiceNational,
    ServiceTerritorial,
    TypeServiceTerritorial,
    User,
)
from tests.comptes_gestion.outils import (
    GESTION,
    MOT_DE_PASSE_CHOISI,
    groupe,
    inviter,
    lien_du_courriel,
    page,
)
from tests.factories import UserFactory
from tests.historique import journal, une_entree

pytestmark = pytest.mark.django_db


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
    entrees = {e.objet: e for e in journal()}
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
    assert une_entree(objet="Compte alex.durand@emploi.gouv.fr").action == "Invitation"


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
    assert une_entree(objet="Compte agent@nord.gouv.fr").changements[-1] == [
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
    creation = une_entree(objet="Service territorial DREETS Hauts-de-France")
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
    assert not Organisation.objects.exists() and not journal() and not mail.outbox


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
