"""The team (issue 15 item 2): the page « Mon équipe »; the référent removes a member or passes his role
on; a member leaves (``comptes.equipe``). Every change goes by mail (the outbox) and into the security
journal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from comptes import equipe, invitations
from comptes.models import (
    DemandeAdhesion,
    InvitationEquipe,
    SessionUtilisateur,
    TypeEvenement,
)
from tests.comptes.outils import EQUIPE, connecte, evenements, un_courriel_a
from tests.comptes_gestion.outils import page
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


# ----- The page -----------------------------------------------------------------------------------


def test_la_page_montre_l_equipe(referent, collegue, organisation):
    collegue.telephone = "03 20 00 00 00"
    collegue.save(update_fields=["telephone"])
    UserFactory(organisation=organisation, is_active=False, email="parti@exemple.fr")
    UserFactory(email="ailleurs@exemple.fr")
    contenu = page(connecte(collegue).get(EQUIPE))
    assert "Mon équipe" in contenu and organisation.nom in contenu
    for texte in ("Camille Martin", referent.email, "Dominique Petit", collegue.email, "03 20 00 00 00"):
        assert texte in contenu
    assert "Référent" in contenu
    assert "parti@exemple.fr" not in contenu and "ailleurs@exemple.fr" not in contenu
    # Only the référent has the buttons.
    assert reverse("comptes:equipe_retirer", args=[referent.pk]) not in contenu
    contenu = page(connecte(referent).get(EQUIPE))
    assert reverse("comptes:equipe_retirer", args=[collegue.pk]) in contenu
    assert reverse("comptes:equipe_referent", args=[collegue.pk]) in contenu
    assert reverse("comptes:equipe_retirer", args=[referent.pk]) not in contenu


def test_mon_equipe_au_menu_des_candidats(candidat, instructeur):
    assert 'href="/compte/equipe/"' in page(connecte(candidat).get(EQUIPE))
    assert connecte(instructeur).get(EQUIPE).status_code == 403


def test_le_nombre_de_requetes_de_la_page_ne_grandit_pas(
    referent, organisation, django_assert_max_num_queries
):
    client = connecte(referent)

    def peupler(n):
        for i in range(n):
            UserFactory(organisation=organisation)
            equipe.demander_adhesion(UserFactory(organisation=None), organisation)
            invitations.inviter_collegue(referent, f"invite{i}-{InvitationEquipe.objects.count()}@exemple.fr")

    peupler(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as une:
        assert client.get(EQUIPE).status_code == 200
    peupler(4)
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert client.get(EQUIPE).status_code == 200


# ----- The members --------------------------------------------------------------------------------


def test_le_referent_retire_un_membre(referent, collegue, organisation):
    dossier = DossierFactory(organisation=organisation)
    session_du_collegue = Client()
    session_du_collegue.force_login(collegue)
    invitation = invitations.inviter_collegue(collegue, "lou@exemple.fr")
    assert SessionUtilisateur.objects.filter(compte=collegue).count() == 1
    client = connecte(referent)
    confirmation = page(client.get(reverse("comptes:equipe_retirer", args=[collegue.pk])))
    assert "Retirer Dominique Petit de l’équipe ?" in confirmation

    reponse = client.post(reverse("comptes:equipe_retirer", args=[collegue.pk]), follow=True)

    assert "ne fait plus partie de l’équipe" in page(reponse)
    collegue.refresh_from_db()
    assert collegue.organisation is None and collegue.is_active
    assert not SessionUtilisateur.objects.filter(compte=collegue).exists()
    reponse = session_du_collegue.get(reverse("candidatures:apercu", args=[dossier.pk]))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    assert "vous ne faites plus partie" in un_courriel_a(collegue.email).sujet
    (evenement,) = evenements(TypeEvenement.MEMBRE_RETIRE)
    assert evenement.compte == referent and evenement.details["sessions_fermees"] == 1
    assert evenement.details["invitations_annulees"] == 1  # his invitation no longer lets anyone in
    assert "a été annulée" in page(
        Client().get(reverse("comptes:invitation_equipe", args=[invitation.jeton]))
    )
    # Logged in again: nothing of the organisation.
    revenu = connecte(collegue)
    assert revenu.get(reverse("candidatures:apercu", args=[dossier.pk])).status_code == 404
    assert referent.email not in page(revenu.get(EQUIPE))


def test_seul_le_referent_retire_ou_transmet(referent, collegue):
    client = connecte(collegue)
    for nom in ("comptes:equipe_retirer", "comptes:equipe_referent"):
        assert client.get(reverse(nom, args=[referent.pk])).status_code == 403
        assert client.post(reverse(nom, args=[referent.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        equipe.retirer(collegue, referent)
    referent.refresh_from_db()
    assert referent.organisation_id and referent.referent


def test_le_referent_n_agit_pas_sur_une_autre_organisation(referent):
    autre = UserFactory()
    client = connecte(referent)
    for nom in ("comptes:equipe_retirer", "comptes:equipe_referent"):
        assert client.get(reverse(nom, args=[autre.pk])).status_code == 404
        assert client.post(reverse(nom, args=[autre.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        equipe.retirer(referent, autre)
    autre.refresh_from_db()
    assert autre.organisation_id


def test_transmettre_le_role_de_referent(referent, collegue):
    client = connecte(referent)
    assert "Transmettre le rôle de référent à Dominique Petit ?" in page(
        client.get(reverse("comptes:equipe_referent", args=[collegue.pk]))
    )
    client.post(reverse("comptes:equipe_referent", args=[collegue.pk]))
    referent.refresh_from_db()
    collegue.refresh_from_db()
    assert (referent.referent, collegue.referent) == (False, True)
    assert "vous êtes le référent" in un_courriel_a(collegue.email).sujet
    assert len(evenements(TypeEvenement.REFERENT_TRANSMIS)) == 1
    # The former référent is a member like any other now.
    assert client.get(reverse("comptes:equipe_retirer", args=[collegue.pk])).status_code == 403


def test_quitter(referent, collegue, organisation):
    client = connecte(collegue)
    assert "Quitter l’organisation ?" in page(client.get(reverse("comptes:equipe_quitter")))
    reponse = client.post(reverse("comptes:equipe_quitter"), follow=True)
    assert f"Vous avez quitté {organisation.nom}" in page(reponse)
    collegue.refresh_from_db()
    assert collegue.organisation is None
    assert "Dominique Petit a quitté votre organisation" in un_courriel_a(referent.email).sujet
    (evenement,) = evenements(TypeEvenement.DEPART)
    assert evenement.compte == collegue and not evenement.details["dernier_membre"]


def test_le_referent_transmet_avant_de_quitter(referent, collegue):
    client = connecte(referent)
    contenu = page(client.get(reverse("comptes:equipe_quitter")))
    assert "transmettez d’abord ce rôle" in contenu and '<form method="post" class' not in contenu
    reponse = client.post(reverse("comptes:equipe_quitter"), follow=True)
    assert "transmettez d’abord ce rôle" in page(reponse)
    referent.refresh_from_db()
    assert referent.organisation_id and referent.referent
    assert not evenements(TypeEvenement.DEPART)


def test_le_dernier_membre_quitte_l_organisation_qui_reste(referent, organisation):
    dossier = DossierFactory(organisation=organisation)
    client = connecte(referent)
    assert "Vous êtes le dernier membre" in page(client.get(reverse("comptes:equipe_quitter")))
    client.post(reverse("comptes:equipe_quitter"))
    referent.refresh_from_db()
    assert (referent.organisation, referent.referent) == (None, False)
    dossier.refresh_from_db()
    assert dossier.organisation == organisation and not organisation.membres.exists()
    (evenement,) = evenements(TypeEvenement.DEPART)
    assert evenement.details["dernier_membre"]
    assert "Vous n’êtes membre d’aucune organisation" in page(client.get(EQUIPE))


def test_sans_organisation_demander_a_rejoindre(referent, organisation):
    parti = UserFactory(organisation=None, first_name="Sam", last_name="Parti")
    client = connecte(parti)
    assert "Demander à rejoindre une organisation" in page(client.get(EQUIPE))
    reponse = client.post(reverse("comptes:equipe_demander"), {"siret": "732 829 320 00074"})
    assert reponse.status_code == 422 and "Aucune organisation n’est inscrite avec ce SIRET" in page(reponse)
    reponse = client.post(reverse("comptes:equipe_demander"), {"siret": "123"})
    assert reponse.status_code == 422 and 'value="123"' in page(reponse)
    reponse = client.post(reverse("comptes:equipe_demander"), {"siret": organisation.siret}, follow=True)
    assert f"Votre demande pour rejoindre {organisation.nom} est envoyée" in page(reponse)
    assert "Votre demande est en attente" in page(reponse)
    assert "Demander à rejoindre une organisation" not in page(reponse)
    assert DemandeAdhesion.objects.get().demandeur == parti
    assert "Sam Parti demande à rejoindre" in un_courriel_a(referent.email).sujet
    # A member asks nothing.
    assert (
        connecte(referent).post(reverse("comptes:equipe_demander"), {"siret": organisation.siret}).status_code
        == 404
    )
