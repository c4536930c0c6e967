"""Issue 15 item 3: « Mon compte ». Every business role sees and changes their name and telephone (a French
number, checked), their password (the current one required, Django's validators; this session stays open,
the others are closed, a mail says it), their e-mail address (the current password required; a link to the
new address, signed, valid 24 h, once; the old address told; an address already taken said only in the
mail to that address), and their open sessions (browser, IP, opened, last activity, « this one »), the
others closed at once. Each change is in the security journal; so are the requests of « Mot de passe
oublié » and the use of its link."""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptes import jetons, moncompte
from comptes.forms_compte import telephone_francais
from comptes.models import Role, SessionUtilisateur, User
from comptes.models_securite import EvenementSecurite, TypeEvenement
from comptes.sessions import ACTIVITE
from core import historique
from tests.comptes.outils import courriels_a, un_courriel_a
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db

MON_COMPTE = reverse("comptes:mon_compte")
MOT_DE_PASSE_URL = reverse("comptes:modifier_mot_de_passe")
ADRESSE_URL = reverse("comptes:changer_adresse")
FERMER = reverse("comptes:fermer_sessions")
NOUVEAU = "Un-nouveau-mot-de-passe-2021"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


def page(reponse) -> str:
    return reponse.content.decode()


def connecter(compte, navigateur=FIREFOX, ip="127.0.0.1") -> Client:
    """A browser logged in through the login form (so the login's receivers run)."""
    client = Client(HTTP_USER_AGENT=navigateur, REMOTE_ADDR=ip)
    reponse = client.post(reverse("comptes:connexion"), {"username": compte.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302, page(reponse)
    return client


def connecte(client) -> bool:
    return SESSION_KEY in client.session


def evenements(type_):
    return list(EvenementSecurite.objects.filter(type=type_).order_by("pk"))


@pytest.fixture
def camille():
    return UserFactory(email="camille@exemple.fr", first_name="Camille", last_name="Martin")


# The page ---------------------------------------------------------------------------------------------


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


def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_sessions(camille, django_assert_max_num_queries):
    client = connecter(camille)
    client.get(MON_COMPTE)  # the last activity just written: no UPDATE below
    with CaptureQueriesContext(connection) as une:
        assert client.get(MON_COMPTE).status_code == 200
    requetes = len(une)  # now: the next request empties Django's log of queries
    for _ in range(5):
        connecter(camille, CHROME)
    with django_assert_max_num_queries(requetes):
        contenu = page(client.get(MON_COMPTE))
    assert contenu.count("Chrome sur Linux") == 5


# Name and telephone -----------------------------------------------------------------------------------


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


# Password ---------------------------------------------------------------------------------------------


def test_changer_de_mot_de_passe(camille):
    ici, ailleurs = connecter(camille, FIREFOX), connecter(camille, CHROME, ip="10.0.0.2")
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
    assert connecte(ici) and SessionUtilisateur.objects.filter(compte=camille).count() == 1
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


# E-mail address ---------------------------------------------------------------------------------------


def lien_de_confirmation(texte: str) -> str:
    lien = re.search(r"(https?://\S+/compte/mon-compte/adresse/confirmer/[^/\s]+/[^/\s]+/)", texte).group(1)
    assert lien.startswith(settings.PORTAIL_URL)
    return lien.removeprefix(settings.PORTAIL_URL)


def demander(client, adresse, mot_de_passe=MOT_DE_PASSE):
    return client.post(ADRESSE_URL, {"email": adresse, "mot_de_passe": mot_de_passe})


def test_changer_d_adresse(client, camille):
    client.force_login(camille)
    reponse = demander(client, "Camille.Martin@Nouvelle.fr")
    assert reponse.status_code == 302
    assert "Un courriel est envoyé à camille.martin@nouvelle.fr" in page(client.get(MON_COMPTE))
    camille.refresh_from_db()
    assert camille.email == "camille@exemple.fr"  # nothing changes before the link
    courriel = un_courriel_a("camille.martin@nouvelle.fr")
    assert "confirmez votre nouvelle adresse" in courriel.sujet and "valable 24 heures" in courriel.texte
    lien = lien_de_confirmation(courriel.texte)
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
    assert connecter(User.objects.get(pk=camille.pk))  # by the new address
    ancienne = Client().post(
        reverse("comptes:connexion"), {"username": "camille@exemple.fr", "password": MOT_DE_PASSE}
    )
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
    lien = lien_de_confirmation(un_courriel_a("nouvelle@exemple.fr").texte)
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
    premier = lien_de_confirmation(un_courriel_a("premiere@exemple.fr").texte)
    second = lien_de_confirmation(un_courriel_a("seconde@exemple.fr").texte)
    assert Client().post(second).status_code == 200
    assert Client().post(premier).status_code == 400  # the address it was made for has changed
    camille.refresh_from_db()
    assert camille.email == "seconde@exemple.fr"


# Sessions ---------------------------------------------------------------------------------------------


def test_les_sessions_ouvertes(camille):
    avant = timezone.now()
    ici = connecter(camille, FIREFOX, ip="192.0.2.10")
    connecter(camille, CHROME, ip="2001:db8::1")
    session = SessionUtilisateur.objects.get(session_key=ici.session.session_key)
    assert (session.compte, session.appareil, session.adresse_ip) == (camille, FIREFOX, "192.0.2.10")
    assert avant <= session.ouverte_le <= timezone.now() and session.derniere_activite >= session.ouverte_le
    contenu = page(ici.get(MON_COMPTE))
    tableau = contenu[contenu.index("Mes sessions ouvertes") :]
    lignes = re.findall(r"<tr>(.*?)</tr>", tableau, re.S)[1:]
    assert len(lignes) == 2
    assert "Firefox sur Windows" in lignes[0] and "Cette session" in lignes[0] and "192.0.2.10" in lignes[0]
    assert "Chrome sur Linux" in lignes[1] and "Cette session" not in lignes[1] and "2001:db8::1" in lignes[1]
    assert timezone.localtime(session.ouverte_le).strftime("%d/%m/%Y à %H:%M") in lignes[0]
    assert "Fermer les autres sessions" in contenu


def test_fermer_les_autres_sessions(camille):
    ici, ailleurs, encore = connecter(camille), connecter(camille, CHROME), connecter(camille, CHROME)
    collegue = connecter(UserFactory(organisation=camille.organisation))
    reponse = ici.post(FERMER, follow=True)
    assert "2 autres sessions ouvertes sont fermées" in page(reponse)
    assert "Vous n’êtes connecté dans aucun autre navigateur." in page(reponse)
    assert connecte(ici) and ici.get(MON_COMPTE).status_code == 200
    for client in (ailleurs, encore):
        assert client.get(MON_COMPTE)["Location"].startswith(reverse("comptes:connexion"))
    assert collegue.get(MON_COMPTE).status_code == 200  # someone else's sessions stay
    (evenement,) = evenements(TypeEvenement.SESSIONS_FERMEES)
    assert evenement.compte == camille and evenement.details == {"nombre": 2}
    # Nothing left to close: said so, nothing journaled.
    assert "Aucune autre session n’était ouverte." in page(ici.post(FERMER, follow=True))
    assert len(evenements(TypeEvenement.SESSIONS_FERMEES)) == 1
    assert ici.get(FERMER).status_code == 405


def test_la_derniere_activite_est_ecrite_toutes_les_quelques_minutes(camille, django_assert_num_queries):
    client = connecter(camille)
    cle = client.session.session_key
    client.get(MON_COMPTE)
    with CaptureQueriesContext(connection) as fraiche:
        client.get(MON_COMPTE)
    assert not [q for q in fraiche.captured_queries if q["sql"].startswith("UPDATE")]
    requetes = len(fraiche)  # now: the next request empties Django's log of queries
    ancienne = timezone.now() - ACTIVITE - datetime.timedelta(seconds=1)
    SessionUtilisateur.objects.filter(session_key=cle).update(derniere_activite=ancienne)
    with django_assert_num_queries(requetes + 1):  # one UPDATE, once
        client.get(MON_COMPTE)
    assert SessionUtilisateur.objects.get(session_key=cle).derniere_activite > ancienne
    with django_assert_num_queries(requetes):
        client.get(MON_COMPTE)


# « Mot de passe oublié » ------------------------------------------------------------------------------


def test_la_demande_de_reinitialisation_est_au_journal(client, camille):
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "Camille@Exemple.fr"})
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "inconnu@exemple.fr"})
    connu, inconnu = evenements(TypeEvenement.REINITIALISATION_DEMANDEE)
    assert (connu.compte, connu.identifiant) == (camille, "Camille@Exemple.fr")
    assert (inconnu.compte, inconnu.identifiant) == (None, "inconnu@exemple.fr")
    assert "Adresse inconnue" in inconnu.objet


def test_le_lien_de_reinitialisation_utilise(camille):
    ouverte = connecter(camille)
    anonyme = Client()
    anonyme.post(reverse("comptes:mot_de_passe_oublie"), {"email": "camille@exemple.fr"})
    courriel = next(c for c in courriels_a("camille@exemple.fr") if "nouveau mot de passe" in c.sujet)
    lien = re.search(r"https?://\S+(/compte/mot-de-passe/nouveau/\S+/)", courriel.texte).group(1)
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


def test_navigateur_lisible():
    assert moncompte.navigateur(FIREFOX) == "Firefox sur Windows"
    assert moncompte.navigateur(CHROME) == "Chrome sur Linux"
    edge = CHROME.replace("Safari/537.36", "Safari/537.36 Edg/120.0.0.0").replace(
        "X11; Linux x86_64", "Windows NT"
    )
    assert moncompte.navigateur(edge) == "Edge sur Windows"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
    assert moncompte.navigateur(iphone) == "Safari sur iOS"
    assert moncompte.navigateur("") == "Navigateur inconnu"
    assert moncompte.navigateur("curl/8.0") == "Navigateur inconnu"
