"""Issue 15 item 3, « Mon compte », the e-mail address: the current password required; a link to the new
address, signed, valid 24 h, once; the old address told; an address already taken said only in the mail
to that address; the change in the security journal."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from comptes import jetons, moncompte
from comptes.models import User
from comptes.models_securite import TypeEvenement
from core import historique
from tests.comptes.outils import (
    LIEN_NOUVELLE_ADRESSE,
    NOUVEAU,
    connexion,
    courriels_a,
    evenements,
    lien_du_courriel,
    navigateur_connecte,
    un_courriel_a,
)
from tests.comptes_gestion.outils import page
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db

MON_COMPTE = reverse("comptes:mon_compte")
MOT_DE_PASSE_URL = reverse("comptes:modifier_mot_de_passe")
ADRESSE_URL = reverse("comptes:changer_adresse")
FERMER = reverse("comptes:fermer_sessions")


def demander(client, adresse, mot_de_passe=MOT_DE_PASSE):
    return client.post(ADRESSE_URL, {"email": adresse, "mot_de_passe": mot_de_passe})


# E-mail address ----------------------------------------------------------------------------------------


def test_changer_d_adresse(client, camille):
    client.force_login(camille)
    reponse = demander(client, "Camille.Martin@Nouvelle.fr")
    assert reponse.status_code == 302
    assert "Un courriel est envoyé à camille.martin@nouvelle.fr" in page(client.get(MON_COMPTE))
    camille.refresh_from_db()
    assert camille.email == "camille@exemple.fr"  # nothing changes before the link
    courriel = un_courriel_a("camille.martin@nouvelle.fr")
    assert "confirmez votre nouvelle adresse" in courriel.sujet and "valable 24 heures" in courriel.texte
    lien = lien_du_courriel(courriel.texte, LIEN_NOUVELLE_ADRESSE)
    assert not courriels_a("camille@exemple.fr")

    # Opened (by anyone: a mail scanner, another device), the link changes nothing; its button does.
    ailleurs = Client()
    reponse = ailleurs.get(lien)
    assert reponse.status_code == 200 and "camille.martin@nouvelle.fr" in page(reponse)
    assert "Confirmer cette adresse" in page(reponse)
    camille.refresh_from_db()
    assert camille.email == "camille@exemple.fr"
    reponse = ailleurs.post(lien)
    assert reponse.status_code == 200 and "Votre adresse est changée" in page(reponse)
    camille.refresh_from_db()
    assert camille.email == "camille.martin@nouvelle.fr" and camille.adresse_confirmee
    # The old address is told; the journal and the history record it.
    ancien = un_courriel_a("camille@exemple.fr")
    assert (
        "l'adresse de votre compte a été changée" in ancien.sujet
        and "camille.martin@nouvelle.fr" in ancien.texte
    )
    (evenement,) = evenements(TypeEvenement.ADRESSE_CHANGEE)
    assert evenement.compte == camille
    assert evenement.details == {"ancienne": "camille@exemple.fr", "nouvelle": "camille.martin@nouvelle.fr"}
    entree = historique.entrees(historique.pour(camille), limite=1)[0]
    assert entree.par == camille
    # The session in use stays open; the new address logs in, the old one no longer does.
    assert client.get(MON_COMPTE).status_code == 200
    assert navigateur_connecte(User.objects.get(pk=camille.pk))  # by the new address
    ancienne = connexion(Client(), "camille@exemple.fr")
    assert ancienne.status_code == 200 and "Adresse électronique ou mot de passe incorrect" in page(ancienne)
    # Once used, the link is refused.
    reponse = Client().post(lien)
    assert reponse.status_code == 400 and "Ce lien n’est plus valable" in page(reponse)
    assert "Ce lien n’est plus valable" in page(Client().get(lien))
    assert len(evenements(TypeEvenement.ADRESSE_CHANGEE)) == 1


def test_le_mot_de_passe_est_exige_et_l_adresse_doit_changer(client, camille):
    client.force_login(camille)
    reponse = demander(client, "nouvelle@exemple.fr", "pas-le-bon")
    assert reponse.status_code == 422 and "Le mot de passe actuel est incorrect." in page(reponse)
    assert 'value="nouvelle@exemple.fr"' in page(reponse)
    reponse = demander(client, "Camille@Exemple.fr")
    assert reponse.status_code == 422 and "C’est déjà l’adresse de votre compte." in page(reponse)
    reponse = demander(client, "pas une adresse")
    assert reponse.status_code == 422 and "Saisissez une adresse électronique valide" in page(reponse)
    assert not courriels_a("nouvelle@exemple.fr")


def test_une_adresse_deja_prise_n_est_dite_qu_a_cette_adresse(client, camille):
    """The page says the same as for a free address (anyone who signs up could otherwise learn who has an
    account); the mail to that address says it, and no link leaves."""
    UserFactory(email="dominique@exemple.fr")
    client.force_login(camille)
    demander(client, "dominique@exemple.fr")
    libre = Client()
    libre.force_login(UserFactory(email="sacha@exemple.fr"))
    demander(libre, "personne@exemple.fr")
    message = "Un courriel est envoyé à {}. Ouvrez le lien"
    assert message.format("dominique@exemple.fr") in page(client.get(MON_COMPTE))
    assert message.format("personne@exemple.fr") in page(libre.get(MON_COMPTE))
    courriel = un_courriel_a("dominique@exemple.fr")
    assert "cette adresse a déjà un compte" in courriel.sujet and "rien n'est changé" in courriel.texte
    assert "/compte/mon-compte/adresse/confirmer/" not in courriel.texte
    assert camille.email not in courriel.texte  # nor who asked
    camille.refresh_from_db()
    assert camille.email == "camille@exemple.fr"


def test_une_adresse_prise_entre_la_demande_et_le_lien(client, camille):
    client.force_login(camille)
    demander(client, "nouvelle@exemple.fr")
    lien = lien_du_courriel(un_courriel_a("nouvelle@exemple.fr").texte, LIEN_NOUVELLE_ADRESSE)
    UserFactory(email="nouvelle@exemple.fr")
    reponse = client.post(lien)
    assert reponse.status_code == 400 and "est déjà celle d’un autre compte du portail" in page(reponse)
    camille.refresh_from_db()
    assert camille.email == "camille@exemple.fr" and not evenements(TypeEvenement.ADRESSE_CHANGEE)


def test_le_lien_expire_apres_24_heures(client, camille, monkeypatch):
    maintenant = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: maintenant - 24 * 3600 - 60)
    jeton = jetons.nouvelle_adresse(camille, "nouvelle@exemple.fr")
    monkeypatch.undo()
    assert jetons.lire_nouvelle_adresse(camille, jeton) is None
    lien = reverse(
        "comptes:confirmer_nouvelle_adresse",
        kwargs={"uidb64": moncompte.urlsafe_base64_encode(str(camille.pk).encode()), "token": jeton},
    )
    assert Client().post(lien).status_code == 400
    camille.refresh_from_db()
    assert camille.email == "camille@exemple.fr"
    # Less than 24 h: good.
    monkeypatch.setattr(signing.time, "time", lambda: maintenant - 23 * 3600)
    jeton = jetons.nouvelle_adresse(camille, "nouvelle@exemple.fr")
    monkeypatch.undo()
    assert jetons.lire_nouvelle_adresse(camille, jeton) == "nouvelle@exemple.fr"


def test_un_lien_altere_ou_d_un_autre_compte_est_refuse(camille):
    autre = UserFactory()
    jeton = jetons.nouvelle_adresse(camille, "nouvelle@exemple.fr")
    assert jetons.lire_nouvelle_adresse(camille, jeton) == "nouvelle@exemple.fr"
    assert jetons.lire_nouvelle_adresse(autre, jeton) is None
    charge, horodatage, signature = jeton.split(":")
    falsifie = signing.dumps(
        {"a": "pirate@exemple.fr", "e": "0" * 32}, salt="comptes.jetons.nouvelle_adresse"
    )
    assert jetons.lire_nouvelle_adresse(camille, falsifie) is None
    assert jetons.lire_nouvelle_adresse(camille, f"{charge}x:{horodatage}:{signature}") is None
    assert jetons.lire_nouvelle_adresse(camille, "abc-123") is None
    # A password changed, or the account deactivated, since: refused too.
    camille.set_password(NOUVEAU)
    assert jetons.lire_nouvelle_adresse(camille, jeton) is None
    jeton = jetons.nouvelle_adresse(camille, "nouvelle@exemple.fr")
    camille.is_active = False
    assert jetons.lire_nouvelle_adresse(camille, jeton) is None


def test_deux_demandes_un_seul_changement(client, camille):
    client.force_login(camille)
    demander(client, "premiere@exemple.fr")
    demander(client, "seconde@exemple.fr")
    premier = lien_du_courriel(un_courriel_a("premiere@exemple.fr").texte, LIEN_NOUVELLE_ADRESSE)
    second = lien_du_courriel(un_courriel_a("seconde@exemple.fr").texte, LIEN_NOUVELLE_ADRESSE)
    assert Client().post(second).status_code == 200
    assert Client().post(premier).status_code == 400  # the address it was made for has changed
    camille.refresh_from_db()
    assert camille.email == "seconde@exemple.fr"
