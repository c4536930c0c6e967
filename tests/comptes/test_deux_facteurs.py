"""The second factor of a password login (issue 15 item 5, ``comptes.deux_facteurs``): mandatory for the
instructeurs and the administrateurs, offered to the others; the code page, the enrolment, the recovery
codes shown once, django-otp's throttling, the reset by an administrateur, « Mon compte »'s block."""

import base64
import datetime
import re

import pytest
import segno
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes import deux_facteurs
from comptes.models import EvenementSecurite, TypeEvenement
from comptes.views_deux_facteurs import EN_ATTENTE
from core import historique
from tests.browser.outils import code_totp
from tests.factories import CLE_TOTP, MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db

CONNEXION = reverse("comptes:connexion")
CODE = reverse("comptes:deux_facteurs")
ACTIVER = reverse("comptes:deux_facteurs_activer")
CODES = reverse("comptes:codes_de_secours")


def contenu(reponse) -> str:
    return reponse.content.decode()


def connecter(client, compte, suite=None):
    """The password step: its response (a redirection)."""
    donnees = {"username": compte.email, "password": MOT_DE_PASSE}
    if suite:
        donnees["next"] = suite
    return client.post(CONNEXION, donnees)


def evenements(type_) -> list[EvenementSecurite]:
    return list(EvenementSecurite.objects.filter(type=type_).order_by("pk"))


def cle_de_la_page(reponse) -> str:
    """The key the enrolment page prints (base32 by groups of four), as hex."""
    texte = re.search(r'id="cle-totp">([A-Z2-7 ]+)<', contenu(reponse)).group(1).replace(" ", "")
    return base64.b32decode(texte + "=" * (-len(texte) % 8)).hex()


def codes_de_la_page(reponse) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", contenu(reponse))


@pytest.fixture
def instructeur():
    return UserFactory(instructeur=True, email="isabelle@exemple.fr")


@pytest.fixture
def nouvel_instructeur():
    return UserFactory(instructeur=True, email="alex@exemple.fr", application_totp=False)


@pytest.fixture
def administrateur():
    return UserFactory(administrateur=True, email="admin@exemple.fr")


# Who is asked ---------------------------------------------------------------------------------------


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
    reponse = connecter(client, candidat)
    assert reponse["Location"] == reverse("comptes:espace")
    assert client.session["_auth_user_id"] == str(candidat.pk)


# The code ------------------------------------------------------------------------------------------


def test_le_mot_de_passe_seul_n_ouvre_pas_de_session(client, instructeur):
    suite = reverse("instruction:a_instruire") + "?etat=depose"
    reponse = connecter(client, instructeur, suite)
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
    connecter(client, instructeur)
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
    connecter(client, instructeur)
    code = code_totp(instructeur.email)
    assert client.post(CODE, {"code": f" {code[:3]} {code[3:]} "})["Location"] == reverse("comptes:espace")


def test_champ_vide(client, instructeur):
    connecter(client, instructeur)
    reponse = client.post(CODE, {"code": ""})
    assert reponse.status_code == 422
    assert "Saisissez le code affiché par votre application, ou un code de secours." in contenu(reponse)


def test_l_attente_est_courte(client, instructeur):
    connecter(client, instructeur)
    session = client.session
    session[EN_ATTENTE] = {**session[EN_ATTENTE], "jusqu_a": 0}
    session.save()
    reponse = client.get(CODE, follow=True)
    assert reponse.redirect_chain[0][0].startswith(CONNEXION)
    assert "Le délai pour terminer la connexion est dépassé : reconnectez-vous." in contenu(reponse)
    assert EN_ATTENTE not in client.session
    assert client.post(CODE, {"code": code_totp(instructeur.email)})["Location"].startswith(CONNEXION)


def test_mot_de_passe_change_ou_compte_desactive_entre_temps(client, instructeur):
    connecter(client, instructeur)
    instructeur.set_password("un-tout-autre-mot-de-passe-42")
    instructeur.save()
    assert client.post(CODE, {"code": code_totp(instructeur.email)})["Location"].startswith(CONNEXION)
    assert "_auth_user_id" not in client.session

    autre = Client()
    collegue = UserFactory(instructeur=True)
    connecter(autre, collegue)
    collegue.is_active = False
    collegue.save()
    assert autre.get(CODE)["Location"].startswith(CONNEXION)


def test_sans_mot_de_passe_la_page_du_code_renvoie_a_la_connexion(client):
    reponse = client.get(CODE)
    assert reponse["Location"].startswith(CONNEXION + "?next=")
    assert client.get(ACTIVER)["Location"].startswith(CONNEXION + "?next=")


# Recovery codes ------------------------------------------------------------------------------------


def test_un_code_de_secours_sert_une_fois(client, nouvel_instructeur):
    connecter(client, nouvel_instructeur)
    page = client.get(ACTIVER)
    client.post(ACTIVER, {"code": code_totp(cle=cle_de_la_page(page))})
    codes = codes_de_la_page(client.get(CODES))
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post(reverse("comptes:deconnexion"))

    connecter(client, nouvel_instructeur)
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

    connecter(client, nouvel_instructeur)
    reponse = client.post(CODE, {"code": codes[0]})
    assert reponse.status_code == 422 and "Code incorrect" in contenu(reponse)
    assert evenements(TypeEvenement.DEUX_FACTEURS_ECHEC)[-1].objet == "Code de secours refusé"


# Enrolment -----------------------------------------------------------------------------------------


def test_enrolement_obligatoire_a_la_premiere_connexion(client, nouvel_instructeur):
    suite = reverse("exports:exports")
    reponse = connecter(client, nouvel_instructeur, suite)
    assert reponse["Location"] == ACTIVER
    assert "_auth_user_id" not in client.session
    assert client.get(CODE)["Location"] == ACTIVER  # nothing to check a code against yet

    page = client.get(ACTIVER)
    assert page.status_code == 200
    html = contenu(page)
    assert "<h1>Activer la double authentification</h1>" in html
    assert re.search(r'<svg role="img" aria-labelledby="qr-code-titre" class="ami-qr-code"', html)
    assert re.search(r'<path fill="#000" d="(M\d+ \d+h\d+v1h-\d+z)+"/></svg>', html)
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    appareil = TOTPDevice.objects.get(user=nouvel_instructeur)
    assert not appareil.confirmed
    cle = cle_de_la_page(page)
    assert cle == appareil.key  # the printed key is the device's
    assert cle_de_la_page(client.get(ACTIVER)) == cle  # reloading keeps the same key

    # A wrong code: a French message next to the field, nothing enrolled.
    reponse = client.post(ACTIVER, {"code": "12345"})
    assert reponse.status_code == 422
    assert "Code incorrect. Saisissez les 6 chiffres affichés en ce moment" in contenu(reponse)
    assert cle_de_la_page(reponse) == cle
    TOTPDevice.objects.filter(pk=appareil.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )

    reponse = client.post(ACTIVER, {"code": code_totp(cle=cle)})
    assert reponse["Location"] == CODES
    assert client.session["_auth_user_id"] == str(nouvel_instructeur.pk)
    appareil.refresh_from_db()
    assert appareil.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == appareil.persistent_id
    [active] = evenements(TypeEvenement.DEUX_FACTEURS_ACTIVE)
    assert active.compte == nouvel_instructeur and "10 codes de secours" in active.objet

    # The recovery codes, once.
    page = client.get(CODES)
    codes = codes_de_la_page(page)
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=nouvel_instructeur).values_list("token", flat=True)
    )
    assert "Conservez ces codes maintenant : ils ne seront plus affichés" in contenu(page)
    assert f'href="{suite}">J’ai conservé mes codes, continuer' in contenu(page)
    encore = client.get(CODES)
    assert codes_de_la_page(encore) == []
    assert "ceux-ci ont déjà été affichés" in contenu(encore)


def test_un_compte_enrole_ne_peut_pas_changer_de_cle_sans_code(client, instructeur):
    connecter(client, instructeur)
    assert client.get(ACTIVER)["Location"] == CODE
    assert client.post(ACTIVER, {"code": "123456"})["Location"] == CODE
    assert TOTPDevice.objects.filter(user=instructeur).count() == 1


def test_la_cle_perdue_par_la_session_est_remplacee(client, nouvel_instructeur):
    connecter(client, nouvel_instructeur)
    client.get(ACTIVER)
    session = client.session
    del session["_deux_facteurs_enrolement"]
    session.save()
    reponse = client.post(ACTIVER, {"code": "123456"})
    assert reponse.status_code == 422
    assert "La clé a changé depuis l’affichage de la page" in contenu(reponse)
    assert TOTPDevice.objects.filter(user=nouvel_instructeur).count() == 1  # the earlier one dropped


# « Mon compte » ------------------------------------------------------------------------------------


def bloc(compte) -> str:
    requete = RequestFactory().get("/")
    requete.user = compte
    return Template('{% include "comptes/deux_facteurs/bloc_mon_compte.html" %}').render(
        Context({"request": requete, "csrf_token": "x"})
    )


def test_un_agent_active_puis_desactive_la_double_authentification(client):
    agent = UserFactory(agent=True, email="agent@exemple.fr")
    assert "Activer la double authentification" in bloc(agent)
    assert connecter(client, agent)["Location"] == reverse("comptes:espace")  # not asked

    page = client.get(ACTIVER)
    assert "Une étape de plus" not in contenu(page)
    assert client.post(ACTIVER, {"code": code_totp(cle=cle_de_la_page(page))})["Location"] == CODES
    assert len(codes_de_la_page(client.get(CODES))) == 10
    html = bloc(agent)
    assert "Activée" in html and "Codes de secours restants : <strong>10</strong>" in html
    assert "Désactiver la double authentification" in html

    # Now asked at each password login.
    client.post(reverse("comptes:deconnexion"))
    assert connecter(client, agent)["Location"] == CODE
    assert client.post(CODE, {"code": code_totp(agent.email)})["Location"] == reverse("comptes:espace")

    reponse = client.post(reverse("comptes:deux_facteurs_desactiver"), follow=True)
    assert "La double authentification est désactivée" in contenu(reponse)
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    assert evenements(TypeEvenement.DEUX_FACTEURS_REINITIALISE)[-1].objet == "Désactivée par la personne"
    client.post(reverse("comptes:deconnexion"))
    assert connecter(client, agent)["Location"] == reverse("comptes:espace")


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


def test_une_session_complete_sans_code_n_est_pas_redemandee(client, nouvel_instructeur):
    """ProConnect (and ``force_login``) open a session without the password login: nothing is asked."""
    client.force_login(nouvel_instructeur)
    session = client.session
    session["connexion_proconnect"] = True
    session.save()
    assert client.get(reverse("instruction:a_instruire")).status_code == 200


# The administrateur's reset ------------------------------------------------------------------------


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
    assert connecter(autre, instructeur)["Location"] == ACTIVER


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


def test_le_qr_code_dessine_la_cle(nouvel_instructeur):
    """The SVG path draws exactly the dark modules of the QR code of the key's ``otpauth://`` URL."""
    appareil = deux_facteurs.nouvelle_application(nouvel_instructeur)
    assert appareil.config_url.startswith("otpauth://totp/AMI%20SPIE%3Aalex%40exemple.fr?secret=")
    assert "issuer=AMI%20SPIE" in appareil.config_url
    qr = deux_facteurs.qr_code(appareil)
    dessinees = set()
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", qr.chemin):
        dessinees |= {(int(x) + i, int(y)) for i in range(int(n))}
    matrice = list(segno.make(appareil.config_url, error="m").matrix_iter(border=4))
    assert qr.taille == len(matrice)
    sombres = {(x, y) for y, ligne in enumerate(matrice) for x, sombre in enumerate(ligne) if sombre}
    assert dessinees == sombres


def test_une_connexion_sans_code_efface_celle_en_attente(client, instructeur):
    connecter(client, instructeur)
    assert EN_ATTENTE in client.session
    connecter(client, UserFactory())
    assert EN_ATTENTE not in client.session


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
