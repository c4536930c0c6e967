"""Issue 15 item 3: « Mon compte », the page, the name and telephone, the password. Every business role sees
and changes their name and telephone (a French number, checked), their password (the current one
required, Django's validators; this session stays open, the others are closed, a mail says it). Each
change is in the security journal; so are the requests of « Mot de passe oublié » and the use of its
link. The e-mail address: ``test_mon_compte_adresse.py``; the sessions: ``test_mon_compte_sessions.py``."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comptes.champs import telephone_francais
from comptes.models import Role, SessionUtilisateur
from comptes.models_securite import TypeEvenement
from core import historique
from tests.comptes.outils import (
    CHROME,
    FIREFOX,
    LIEN_MOT_DE_PASSE,
    NOUVEAU,
    courriels_a,
    evenements,
    lien_du_courriel,
    navigateur_connecte,
    session_ouverte,
    un_courriel_a,
)
from tests.comptes_gestion.outils import page
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db

MON_COMPTE = reverse("comptes:mon_compte")
MOT_DE_PASSE_URL = reverse("comptes:modifier_mot_de_passe")
ADRESSE_URL = reverse("comptes:changer_adresse")
FERMER = reverse("comptes:fermer_sessions")


# The page ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("trait", [{}, {"instructeur": True}, {"agent": True}, {"administrateur": True}])
def test_chaque_role_metier_atteint_mon_compte_depuis_l_en_tete(client, trait):
    compte = UserFactory(**trait)
    client.force_login(compte)
    contenu = page(client.get(reverse("comptes:espace"), follow=True))
    assert f'href="{MON_COMPTE}"' in contenu and "Mon compte" in contenu
    reponse = client.get(MON_COMPTE)
    assert reponse.status_code == 200
    contenu = page(reponse)
    assert "<h1>Mon compte</h1>" in contenu and compte.email in contenu
    for url in (MOT_DE_PASSE_URL, ADRESSE_URL):
        assert client.get(url).status_code == 200


def test_le_compte_technique_n_a_pas_de_mon_compte(client):
    """``createsuperuser``'s account has no page of the portal (its password: ``changepassword``)."""
    client.force_login(UserFactory(technique=True))
    for url in (MON_COMPTE, MOT_DE_PASSE_URL, ADRESSE_URL):
        assert client.get(url).status_code == 403
    assert client.post(FERMER).status_code == 403


# Name and telephone ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("saisi", "enregistre"),
    [
        ("0123456789", "01 23 45 67 89"),
        ("01.23.45.67.89", "01 23 45 67 89"),
        ("06-12-34-56-78", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("+33 (0)1 23 45 67 89", "01 23 45 67 89"),
        ("0033 1 23 45 67 89", "01 23 45 67 89"),
        ("0262 12 34 56", "02 62 12 34 56"),  # La Réunion: a French number too
        ("  ", ""),
    ],
)
def test_telephone_francais(saisi, enregistre):
    assert telephone_francais(saisi) == enregistre


@pytest.mark.parametrize(
    "saisi", ["12345", "0023456789", "+44 20 7946 0958", "01 23 45 67 8", "06 ab 34 56 78"]
)
def test_telephone_refuse(saisi):
    with pytest.raises(Exception, match="numéro de téléphone français"):
        telephone_francais(saisi)


def test_changer_son_nom_et_son_telephone(client, camille):
    client.force_login(camille)
    reponse = client.post(
        MON_COMPTE,
        {"first_name": "Camille", "last_name": "Durand", "telephone": "+33 6 12 34 56 78"},
        follow=True,
    )
    assert "Vos coordonnées sont enregistrées." in page(reponse)
    camille.refresh_from_db()
    assert (camille.last_name, camille.telephone) == ("Durand", "06 12 34 56 78")
    assert 'value="06 12 34 56 78"' in page(reponse)
    # The history says who changed it: the person themselves.
    entree = historique.entrees(historique.pour(camille), limite=1)[0]
    assert entree.par == camille and ["Nom", "Martin", "Durand"] in entree.changements
    # Nothing changed: nothing written.
    reponse = client.post(
        MON_COMPTE,
        {"first_name": "Camille", "last_name": "Durand", "telephone": "06 12 34 56 78"},
        follow=True,
    )
    assert "Aucune modification" in page(reponse)


def test_une_mauvaise_saisie_est_dite_en_francais_et_rien_n_est_perdu(client, camille):
    client.force_login(camille)
    reponse = client.post(MON_COMPTE, {"first_name": "", "last_name": "Durand", "telephone": "12 34"})
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Saisissez votre prénom." in contenu
    assert "Saisissez un numéro de téléphone français de 10 chiffres" in contenu
    assert 'value="Durand"' in contenu and 'value="12 34"' in contenu
    camille.refresh_from_db()
    assert (camille.first_name, camille.last_name, camille.telephone) == ("Camille", "Martin", "")
    # The header still shows the name saved, not the one typed.
    assert "Camille Martin" in contenu


# Password ----------------------------------------------------------------------------------------------


def test_changer_de_mot_de_passe(camille):
    ici, ailleurs = navigateur_connecte(camille, FIREFOX), navigateur_connecte(camille, CHROME, ip="10.0.0.2")
    assert SessionUtilisateur.objects.filter(compte=camille).count() == 2
    reponse = ici.post(
        MOT_DE_PASSE_URL, {"old_password": MOT_DE_PASSE, "new_password1": NOUVEAU, "new_password2": NOUVEAU}
    )
    assert reponse.status_code == 302 and reponse["Location"] == MON_COMPTE
    contenu = page(ici.get(MON_COMPTE))
    assert "Votre mot de passe est changé" in contenu and "1 autre session ouverte est fermée" in contenu
    camille.refresh_from_db()
    assert camille.check_password(NOUVEAU)
    # This session stays open (a new key), the other one is closed: its next page is the login.
    assert session_ouverte(ici) and SessionUtilisateur.objects.filter(compte=camille).count() == 1
    reponse = ailleurs.get(MON_COMPTE)
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    # A mail tells the account's address; the journal records it.
    courriel = un_courriel_a("camille@exemple.fr")
    assert "votre mot de passe a été changé" in courriel.sujet
    assert (
        "Firefox sur Windows" in courriel.texte and reverse("comptes:mot_de_passe_oublie") in courriel.texte
    )
    (evenement,) = evenements(TypeEvenement.MOT_DE_PASSE_CHANGE)
    assert evenement.compte == camille and evenement.details == {"sessions_fermees": 1}


def test_le_mot_de_passe_actuel_est_exige(client, camille):
    client.force_login(camille)
    reponse = client.post(
        MOT_DE_PASSE_URL, {"old_password": "pas-le-bon", "new_password1": NOUVEAU, "new_password2": NOUVEAU}
    )
    assert reponse.status_code == 422
    assert "Le mot de passe actuel est incorrect." in page(reponse)
    camille.refresh_from_db()
    assert camille.check_password(MOT_DE_PASSE) and not evenements(TypeEvenement.MOT_DE_PASSE_CHANGE)
    assert not courriels_a("camille@exemple.fr")


@pytest.mark.parametrize(
    ("nouveau", "confirmation", "message"),
    [
        ("court-2021", "court-2021", "au minimum 12 caractères"),
        ("123456789012345", "123456789012345", "entièrement numérique"),
        ("camille@exemple.fr", "camille@exemple.fr", "trop semblable"),
        (NOUVEAU, NOUVEAU + "x", "Les deux nouveaux mots de passe ne sont pas identiques."),
    ],
)
def test_les_validateurs_de_django(client, camille, nouveau, confirmation, message):
    client.force_login(camille)
    reponse = client.post(
        MOT_DE_PASSE_URL,
        {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": confirmation},
    )
    assert reponse.status_code == 422
    assert message in page(reponse)
    camille.refresh_from_db()
    assert camille.check_password(MOT_DE_PASSE)


# « Mot de passe oublié » -------------------------------------------------------------------------------


def test_la_demande_de_reinitialisation_est_au_journal(client, camille):
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "Camille@Exemple.fr"})
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "inconnu@exemple.fr"})
    connu, inconnu = evenements(TypeEvenement.REINITIALISATION_DEMANDEE)
    assert (connu.compte, connu.identifiant) == (camille, "Camille@Exemple.fr")
    assert (inconnu.compte, inconnu.identifiant) == (None, "inconnu@exemple.fr")
    assert "Adresse inconnue" in inconnu.objet


def test_le_lien_de_reinitialisation_utilise(camille):
    ouverte = navigateur_connecte(camille)
    anonyme = Client()
    anonyme.post(reverse("comptes:mot_de_passe_oublie"), {"email": "camille@exemple.fr"})
    courriel = next(c for c in courriels_a("camille@exemple.fr") if "nouveau mot de passe" in c.sujet)
    lien = lien_du_courriel(courriel.texte, LIEN_MOT_DE_PASSE, portail=False)
    formulaire = anonyme.get(lien, follow=True)
    reponse = anonyme.post(
        formulaire.redirect_chain[-1][0], {"new_password1": NOUVEAU, "new_password2": NOUVEAU}
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("comptes:mot_de_passe_modifie")
    camille.refresh_from_db()
    assert camille.check_password(NOUVEAU)
    (evenement,) = evenements(TypeEvenement.MOT_DE_PASSE_CHANGE)
    assert evenement.compte == camille and "Mot de passe oublié" in evenement.objet
    # The session opened before is closed; a mail says the password changed.
    assert not SessionUtilisateur.objects.filter(compte=camille).exists()
    assert ouverte.get(MON_COMPTE).status_code == 302
    assert any("votre mot de passe a été changé" in c.sujet for c in courriels_a("camille@exemple.fr"))


def test_le_premier_mot_de_passe_d_une_invitation_n_envoie_pas_de_courriel():
    invite = UserFactory(email="invite@exemple.fr", role=Role.CANDIDAT)
    invite.set_unusable_password()
    invite.save()
    from comptes.gestion import lien_invitation

    lien = lien_invitation(invite).removeprefix(settings.PORTAIL_URL)
    client = Client()
    formulaire = client.get(lien, follow=True)
    client.post(formulaire.redirect_chain[-1][0], {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    invite.refresh_from_db()
    assert invite.check_password(NOUVEAU)
    (evenement,) = evenements(TypeEvenement.MOT_DE_PASSE_CHANGE)
    assert "invitation" in evenement.objet
    assert not courriels_a("invite@exemple.fr")
