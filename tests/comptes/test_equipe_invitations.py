"""The team (issue 15 item 2): the invitation of a colleague, sent again, cancelled, expired, followed
(``comptes.invitations``); by mail (the outbox) and into the security journal."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptes import invitations
from comptes.models import (
    InvitationEquipe,
    Role,
    TypeEvenement,
    User,
)
from tests.comptes.outils import EQUIPE, connecte, courriels_a, evenements, lien_d_invitation, un_courriel_a
from tests.comptes_gestion.outils import MOT_DE_PASSE_CHOISI, page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# ----- Invitations --------------------------------------------------------------------------------


def test_inviter_un_collegue_puis_creer_son_compte(referent, organisation):
    client = connecte(referent)
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": "Nouvelle@Exemple.fr"}, follow=True)
    assert "L’invitation est envoyée à nouvelle@exemple.fr" in page(reponse)
    invitation = InvitationEquipe.objects.get()
    assert (invitation.email, invitation.organisation, invitation.invite_par) == (
        "nouvelle@exemple.fr",
        organisation,
        referent,
    )
    courriel = un_courriel_a("nouvelle@exemple.fr")
    assert "Camille Martin vous invite à rejoindre" in courriel.sujet
    lien = lien_d_invitation(courriel.texte)
    jeton = lien.rstrip("/").rsplit("/", 1)[1]
    assert (
        invitation.empreinte == hashlib.sha256(jeton.encode()).hexdigest()
        and jeton not in invitation.empreinte
    )
    assert "nouvelle@exemple.fr" in page(client.get(EQUIPE))  # « Invitations en cours »
    assert len(evenements(TypeEvenement.INVITATION_EQUIPE)) == 1

    invite = Client()
    contenu = page(invite.get(lien))
    assert f"Rejoindre l’équipe de {organisation.nom}" in contenu and "nouvelle@exemple.fr" in contenu
    reponse = invite.post(
        lien,
        {
            "first_name": "Lou",
            "last_name": "Bernard",
            "password1": MOT_DE_PASSE_CHOISI,
            "password2": MOT_DE_PASSE_CHOISI,
        },
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("candidatures:mes_dossiers")
    compte = User.objects.get(email="nouvelle@exemple.fr")
    assert (
        compte.role,
        compte.organisation,
        compte.is_active,
        compte.adresse_confirmee,
        compte.referent,
    ) == (
        Role.CANDIDAT,
        organisation,
        True,
        True,
        False,
    )
    assert compte.get_full_name() == "Lou Bernard" and compte.check_password(MOT_DE_PASSE_CHOISI)
    assert invite.get(reverse("candidatures:mes_dossiers")).status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.acceptee_le and invitation.compte == compte
    (evenement,) = evenements(TypeEvenement.INVITATION_ACCEPTEE)
    assert evenement.compte == compte
    assert "Lou Bernard a rejoint votre équipe" in un_courriel_a(referent.email).sujet
    # One use.
    assert "a déjà servi" in page(Client().get(lien))
    connexion = {"username": "nouvelle@exemple.fr", "password": MOT_DE_PASSE_CHOISI}
    assert Client().post(reverse("comptes:connexion"), connexion).status_code == 302


def test_renvoyer_une_invitation_remplace_le_lien(referent):
    invitations.inviter_collegue(referent, "lou@exemple.fr")
    ancien = lien_d_invitation(courriels_a("lou@exemple.fr")[0].texte)
    client = connecte(referent)
    client.post(reverse("comptes:equipe_inviter"), {"email": "lou@exemple.fr"})  # the same address again
    invitation = InvitationEquipe.objects.get()
    client.post(reverse("comptes:equipe_renvoyer", args=[invitation.pk]))  # « Renvoyer »
    assert InvitationEquipe.objects.count() == 1
    liens = [lien_d_invitation(c.texte) for c in courriels_a("lou@exemple.fr")]
    assert len(set(liens)) == 3
    for lien in liens[:2]:
        assert "une invitation plus récente l’a remplacé" in page(Client().get(lien))
    assert "Créer mon compte" in page(Client().get(liens[2]))
    assert ancien == liens[0]
    assert [e.details["renvoi"] for e in evenements(TypeEvenement.INVITATION_EQUIPE)] == [False, True, True]


def test_annuler_une_invitation(referent):
    invitation = invitations.inviter_collegue(referent, "lou@exemple.fr")
    lien = reverse("comptes:invitation_equipe", args=[invitation.jeton])
    connecte(referent).post(reverse("comptes:equipe_annuler", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.annulee_le
    assert "a été annulée" in page(Client().get(lien))
    assert "lou@exemple.fr" not in page(connecte(referent).get(EQUIPE))
    # A new invitation may be sent after a cancelled one.
    assert invitations.inviter_collegue(referent, "lou@exemple.fr").pk != invitation.pk


def test_une_invitation_expire(referent, settings):
    invitation = invitations.inviter_collegue(referent, "lou@exemple.fr")
    lien = reverse("comptes:invitation_equipe", args=[invitation.jeton])
    InvitationEquipe.objects.filter(pk=invitation.pk).update(
        envoyee_le=timezone.now() - timedelta(days=settings.INVITATION_EQUIPE_JOURS, minutes=1)
    )
    contenu = page(Client().get(lien))
    assert "a expiré" in contenu and "7 jours" in contenu
    assert "Expiré" in page(connecte(referent).get(EQUIPE))
    reponse = Client().post(
        lien,
        {
            "first_name": "Lou",
            "last_name": "B",
            "password1": MOT_DE_PASSE_CHOISI,
            "password2": MOT_DE_PASSE_CHOISI,
        },
    )
    assert "a expiré" in page(reponse) and not User.objects.filter(email="lou@exemple.fr").exists()


def test_un_lien_inconnu(client):
    reponse = client.get(reverse("comptes:invitation_equipe", args=["n-importe-quoi"]))
    assert reponse.status_code == 200
    assert "Cette invitation n’est pas valable" in page(reponse)


def test_une_adresse_deja_d_un_compte(referent, collegue):
    client = connecte(referent)
    UserFactory(email="pris@exemple.fr")
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": "PRIS@exemple.fr"})
    assert reponse.status_code == 422
    assert "Un compte existe déjà avec l’adresse pris@exemple.fr" in page(reponse)
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": collegue.email})
    assert "est déjà membre de votre équipe" in page(reponse)
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": "pas une adresse"})
    assert reponse.status_code == 422 and "Saisissez une adresse électronique valide" in page(reponse)
    assert not InvitationEquipe.objects.exists()


def test_le_formulaire_de_l_invitation_garde_la_saisie(referent):
    invitation = invitations.inviter_collegue(referent, "lou@exemple.fr")
    lien = reverse("comptes:invitation_equipe", args=[invitation.jeton])
    reponse = Client().post(
        lien, {"first_name": "Lou", "last_name": "Bernard", "password1": "court", "password2": "autre"}
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Les deux mots de passe ne sont pas identiques." in contenu and 'value="Bernard"' in contenu
    reponse = Client().post(
        lien,
        {
            "first_name": "Lou",
            "last_name": "Bernard",
            "password1": "123456789012",
            "password2": "123456789012",
        },
    )
    assert reponse.status_code == 422 and "entièrement numérique" in page(reponse)
    reponse = Client().post(lien, {"first_name": "", "last_name": "", "password1": "", "password2": ""})
    assert "Saisissez votre prénom." in page(reponse)
    assert not User.objects.filter(email="lou@exemple.fr").exists()


def test_un_compte_connecte_ne_prend_pas_l_invitation(referent, collegue):
    invitation = invitations.inviter_collegue(referent, "lou@exemple.fr")
    contenu = page(connecte(collegue).get(reverse("comptes:invitation_equipe", args=[invitation.jeton])))
    assert "déconnectez-vous" in contenu and "Créer mon compte" not in contenu


def test_une_invitation_d_une_autre_organisation(referent):
    invitation = invitations.inviter_collegue(referent, "lou@exemple.fr")
    autre = connecte(UserFactory())
    assert autre.post(reverse("comptes:equipe_annuler", args=[invitation.pk])).status_code == 404
    assert autre.post(reverse("comptes:equipe_renvoyer", args=[invitation.pk])).status_code == 404
    assert "lou@exemple.fr" not in page(autre.get(EQUIPE))
    invitation.refresh_from_db()
    assert invitation.annulee_le is None
