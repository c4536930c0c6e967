"""The second factor at a password login (issue 15 item 5, ``comptes.deux_facteurs``): who is asked, the code
page, django-otp's throttling, the recovery codes. Enrolment: ``test_deux_facteurs_enrolement.py``; « Mon
compte »'s block and the administrateur's reset: ``test_deux_facteurs_gestion.py``."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes import deux_facteurs
from comptes.models import TypeEvenement
from comptes.views_deux_facteurs import EN_ATTENTE
from tests.browser.outils import code_totp
from tests.comptes.outils import (
    ACTIVER,
    CODE,
    CODES,
    CONNEXION,
    cle_de_la_page,
    codes_de_la_page,
    connexion,
    evenements,
)
from tests.comptes_gestion.outils import page as contenu
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# Who is asked ------------------------------------------------------------------------------------------


def test_qui_doit_saisir_un_code():
    assert deux_facteurs.code_demande(UserFactory(instructeur=True, application_totp=False))
    assert deux_facteurs.code_demande(UserFactory(administrateur=True, application_totp=False))
    assert not deux_facteurs.code_demande(UserFactory(agent=True))
    assert not deux_facteurs.code_demande(UserFactory())
    # Offered: once turned on, asked at each login.
    assert deux_facteurs.code_demande(UserFactory(agent=True, application_totp=True))
    assert deux_facteurs.code_demande(UserFactory(application_totp=True))
    assert not deux_facteurs.est_proposee(UserFactory(technique=True))


def test_un_candidat_sans_application_se_connecte_avec_son_mot_de_passe(client):
    candidat = UserFactory()
    reponse = connexion(client, candidat.email)
    assert reponse["Location"] == reverse("comptes:espace")
    assert client.session["_auth_user_id"] == str(candidat.pk)


def test_une_session_complete_sans_code_n_est_pas_redemandee(client, nouvel_instructeur):
    """ProConnect (and ``force_login``) open a session without the password login: nothing is asked."""
    client.force_login(nouvel_instructeur)
    session = client.session
    session["connexion_proconnect"] = True
    session.save()
    assert client.get(reverse("instruction:a_instruire")).status_code == 200


def test_une_connexion_sans_code_efface_celle_en_attente(client, instructeur):
    connexion(client, instructeur.email)
    assert EN_ATTENTE in client.session
    connexion(client, UserFactory().email)
    assert EN_ATTENTE not in client.session


# The code ----------------------------------------------------------------------------------------------


def test_le_mot_de_passe_seul_n_ouvre_pas_de_session(client, instructeur):
    suite = reverse("instruction:a_instruire") + "?etat=depose"
    reponse = connexion(client, instructeur.email, suite=suite)
    assert reponse.status_code == 302 and reponse["Location"] == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("instruction:a_instruire"))["Location"].startswith(CONNEXION)

    page = client.get(CODE)
    assert page.status_code == 200
    assert "<h1>Double authentification</h1>" in contenu(page)
    assert "Code de vérification" in contenu(page) and instructeur.email in contenu(page)

    reponse = client.post(CODE, {"code": code_totp(instructeur.email)})
    assert reponse.status_code == 302 and reponse["Location"] == suite  # the ``next`` kept
    assert client.session["_auth_user_id"] == str(instructeur.pk)
    appareil = TOTPDevice.objects.get(user=instructeur)
    assert client.session[DEVICE_ID_SESSION_KEY] == appareil.persistent_id
    assert EN_ATTENTE not in client.session
    assert client.get(suite).status_code == 200
    assert appareil.last_used_at is not None
    # Done: the code page sends the person on.
    assert client.get(CODE)["Location"] == reverse("comptes:espace")


def test_un_code_faux_est_refuse_en_francais_et_consigne(client, instructeur):
    connexion(client, instructeur.email)
    bon = code_totp(instructeur.email)
    faux = f"{(int(bon) + 1) % 1_000_000:06d}"
    reponse = client.post(CODE, {"code": faux})
    assert reponse.status_code == 422
    page = contenu(reponse)
    assert "Code incorrect. Saisissez le code affiché en ce moment par votre application" in page
    assert 'aria-invalid="true"' in page or "fr-input-group--error" in page
    assert "_auth_user_id" not in client.session
    echec = evenements(TypeEvenement.DEUX_FACTEURS_ECHEC)
    assert [(e.compte, e.objet) for e in echec] == [(instructeur, "Code de l’application refusé")]
    assert echec[0].adresse_ip == "127.0.0.1"

    # django-otp's throttling: right after a wrong code, even the right one waits (1 s, then 2, 4…).
    reponse = client.post(CODE, {"code": bon})
    assert reponse.status_code == 422
    assert (
        "Trop de codes erronés à la suite : attendez 1 seconde avant de saisir un nouveau code."
        in contenu(reponse)
    )
    assert "_auth_user_id" not in client.session
    appareil = TOTPDevice.objects.get(user=instructeur)
    assert appareil.throttling_failure_count == 1
    # The second passes (the wait is over).
    TOTPDevice.objects.filter(pk=appareil.pk).update(
        throttling_failure_timestamp=appareil.throttling_failure_timestamp - datetime.timedelta(seconds=2)
    )
    assert client.post(CODE, {"code": bon})["Location"] == reverse("comptes:espace")
    assert TOTPDevice.objects.get(pk=appareil.pk).throttling_failure_count == 0


def test_les_essais_attendent_de_plus_en_plus(instructeur):
    appareil = TOTPDevice.objects.filter(user=instructeur)
    for _ in range(5):
        appareil.update(throttling_failure_timestamp=None)  # each wrong code typed after its wait
        assert not deux_facteurs.verifier(instructeur, "000000").acceptee
    assert appareil.get().throttling_failure_count == 5
    refus = deux_facteurs.verifier(instructeur, code_totp(instructeur.email))
    assert not refus.acceptee and refus.attendre == 16  # 2^(5-1) seconds after 5 wrong codes in a row
    assert len(evenements(TypeEvenement.DEUX_FACTEURS_ECHEC)) == 6


def test_un_code_ne_sert_qu_une_fois(instructeur):
    code = code_totp(instructeur.email)
    assert deux_facteurs.verifier(instructeur, code).acceptee
    assert not deux_facteurs.verifier(instructeur, code).acceptee


def test_le_code_peut_etre_saisi_avec_des_espaces(client, instructeur):
    connexion(client, instructeur.email)
    code = code_totp(instructeur.email)
    assert client.post(CODE, {"code": f" {code[:3]} {code[3:]} "})["Location"] == reverse("comptes:espace")


def test_champ_vide(client, instructeur):
    connexion(client, instructeur.email)
    reponse = client.post(CODE, {"code": ""})
    assert reponse.status_code == 422
    assert "Saisissez le code affiché par votre application, ou un code de secours." in contenu(reponse)


def test_l_attente_est_courte(client, instructeur):
    connexion(client, instructeur.email)
    session = client.session
    session[EN_ATTENTE] = {**session[EN_ATTENTE], "jusqu_a": 0}
    session.save()
    reponse = client.get(CODE, follow=True)
    assert reponse.redirect_chain[0][0].startswith(CONNEXION)
    assert "Le délai pour terminer la connexion est dépassé : reconnectez-vous." in contenu(reponse)
    assert EN_ATTENTE not in client.session
    assert client.post(CODE, {"code": code_totp(instructeur.email)})["Location"].startswith(CONNEXION)


def test_mot_de_passe_change_ou_compte_desactive_entre_temps(client, instructeur):
    connexion(client, instructeur.email)
    instructeur.set_password("un-tout-autre-mot-de-passe-42")
    instructeur.save()
    assert client.post(CODE, {"code": code_totp(instructeur.email)})["Location"].startswith(CONNEXION)
    assert "_auth_user_id" not in client.session

    autre = Client()
    collegue = UserFactory(instructeur=True)
    connexion(autre, collegue.email)
    collegue.is_active = False
    collegue.save()
    assert autre.get(CODE)["Location"].startswith(CONNEXION)


def test_sans_mot_de_passe_la_page_du_code_renvoie_a_la_connexion(client):
    reponse = client.get(CODE)
    assert reponse["Location"].startswith(CONNEXION + "?next=")
    assert client.get(ACTIVER)["Location"].startswith(CONNEXION + "?next=")


# Recovery codes ----------------------------------------------------------------------------------------


def test_un_code_de_secours_sert_une_fois(client, nouvel_instructeur):
    connexion(client, nouvel_instructeur.email)
    page = client.get(ACTIVER)
    client.post(ACTIVER, {"code": code_totp(cle=cle_de_la_page(page))})
    codes = codes_de_la_page(client.get(CODES))
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post(reverse("comptes:deconnexion"))

    connexion(client, nouvel_instructeur.email)
    reponse = client.post(CODE, {"code": codes[0].upper()}, follow=True)  # typed in capitals: accepted
    assert reponse.redirect_chain[-1][0] == reverse("instruction:a_instruire")
    assert (
        "Vous vous êtes connecté avec un code de secours, qui ne servira plus. Il vous en reste 9"
        in contenu(reponse)
    )
    assert (
        client.session[DEVICE_ID_SESSION_KEY]
        == StaticDevice.objects.get(user=nouvel_instructeur).persistent_id
    )
    client.post(reverse("comptes:deconnexion"))

    connexion(client, nouvel_instructeur.email)
    reponse = client.post(CODE, {"code": codes[0]})
    assert reponse.status_code == 422 and "Code incorrect" in contenu(reponse)
    assert evenements(TypeEvenement.DEUX_FACTEURS_ECHEC)[-1].objet == "Code de secours refusé"
