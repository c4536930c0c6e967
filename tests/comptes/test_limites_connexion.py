"""Issue 15 item 6: 30 wrong passwords in 56 s were all answered and the right one then logged in; each
attempt cost ~1.5 s of CPU; nothing was limited. Now logins (portal and /django-admin/) are locked per
account and per IP address (comptes.verrouillage, django-axes), counted in the cache. The public forms
(django-ratelimit): ``test_limites_formulaires.py``; Redis in production, shared by the gunicorn workers:
``test_limites_production.py``."""

import datetime
import io
import re
import time
from pathlib import Path
from unittest import mock

import pytest
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse
from django.utils import timezone

from comptes.backends import EmailBackend
from comptes.securite import adresse_ip
from comptes.verrouillage import heure_fr
from tests.browser.outils import code_totp
from tests.comptes.outils import CONNEXION, connexion
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parents[2]
OUBLI = reverse("comptes:mot_de_passe_oublie")
INCORRECT = "Adresse électronique ou mot de passe incorrect"


def essai(client, email, mot_de_passe="faux-mot-de-passe", ip="192.0.2.10", url=CONNEXION):
    return connexion(client, email, mot_de_passe, url=url, REMOTE_ADDR=ip)


def heures_possibles(minutes=15):
    """The end the page may give, « 9 h 42 », within the test's own minute."""
    maintenant = timezone.now()
    return {heure_fr(maintenant + datetime.timedelta(minutes=minutes, seconds=s)) for s in (-60, 0, 60)}


def verifier_page_de_blocage(reponse, minutes=15):
    assert reponse.status_code == 429
    contenu = reponse.content.decode()
    assert "<h1>Connexion suspendue pour 15 minutes</h1>" in contenu
    heure = re.search(
        r"Vous pourrez réessayer à partir de (\d+ h \d\d(?: le \d+ \w+)?) \(dans (\d+) minutes\)", contenu
    )
    assert heure, contenu
    assert heure.group(1) in heures_possibles(minutes)
    assert "même le bon mot de passe est refusé" in contenu
    assert reverse("comptes:mot_de_passe_oublie") in contenu and "Réinitialiser mon mot de passe" in contenu
    assert 14 * 60 <= int(reponse["Retry-After"]) <= 15 * 60 + 1
    return contenu


# Per account and per address ---------------------------------------------------------------------------


def test_cinq_echecs_bloquent_le_compte_meme_le_bon_mot_de_passe_sans_hacher(client):
    camille = UserFactory(email="camille@exemple.fr")
    for _ in range(4):
        reponse = essai(client, "camille@exemple.fr")
        assert reponse.status_code == 200 and INCORRECT in reponse.content.decode()
    contenu = verifier_page_de_blocage(essai(client, "Camille@Exemple.fr"))  # the 5th, whatever its case
    assert "Après 5 mots de passe erronés pour cette adresse électronique" in contenu

    # The right password now: refused by django-axes before any backend checks (hashes) it.
    with mock.patch.object(EmailBackend, "authenticate", autospec=True) as verification:
        verifier_page_de_blocage(essai(client, "camille@exemple.fr", MOT_DE_PASSE, ip="198.51.100.3"))
    assert verification.call_count == 0
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("comptes:espace")).status_code == 302  # still anonymous

    # Another account from the same address is not concerned.
    UserFactory(email="dominique@exemple.fr")
    assert essai(client, "dominique@exemple.fr", MOT_DE_PASSE).status_code == 302

    # 15 minutes later (the cache's entries expire: here, emptied), the right password logs in.
    from django.core.cache import cache

    cache.clear()
    client.logout()
    assert essai(client, camille.email, MOT_DE_PASSE).status_code == 302


def test_une_adresse_ip_bloquee_apres_trop_d_echecs_sur_plusieurs_comptes(client, settings):
    settings.CONNEXION_ECHECS_ADRESSE_IP = 8
    UserFactory(email="agent@exemple.fr")
    for n in range(7):  # one failure per account: no account reaches its limit
        assert essai(client, f"personne{n}@exemple.fr", ip="203.0.113.7").status_code == 200
    contenu = essai(client, "personne7@exemple.fr", ip="203.0.113.7").content.decode()
    assert "Trop d’essais infructueux (8) sont venus de votre réseau" in contenu
    assert "pour cette adresse électronique" not in contenu
    # Any account from that address is refused, even with its right password…
    verifier_page_de_blocage(essai(client, "agent@exemple.fr", MOT_DE_PASSE, ip="203.0.113.7"))
    # … and from another address it logs in.
    assert essai(client, "agent@exemple.fr", MOT_DE_PASSE, ip="203.0.113.8").status_code == 302


def test_un_compte_bloque_quelle_que_soit_l_adresse_des_essais(client):
    UserFactory(email="camille@exemple.fr")
    for n in range(4):
        assert essai(client, "camille@exemple.fr", ip=f"198.51.100.{n}").status_code == 200
    verifier_page_de_blocage(essai(client, "camille@exemple.fr", ip="198.51.100.4"))
    verifier_page_de_blocage(essai(client, "camille@exemple.fr", MOT_DE_PASSE, ip="198.51.100.5"))


def test_fenetre_fixe_des_echecs_espaces_ne_s_additionnent_pas(client, settings):
    """The typos of a département's agents, spread over the day, never lock their shared address: the
    failures are counted over a window from the first one (here 2 s instead of 15 minutes), not kept alive
    by each new one."""
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=2)
    settings.CONNEXION_ECHECS_ADRESSE_IP = 3
    for n in range(3):  # at 0 s, 1.2 s, 2.4 s: the window of the first closed at 2 s
        assert essai(client, f"personne{n}@exemple.fr").status_code == 200
        time.sleep(1.2)
    assert essai(client, "personne3@exemple.fr").status_code == 200  # 2nd of the new window
    assert essai(client, "personne4@exemple.fr").status_code == 429  # 3rd: locked


def test_ipv6_comptee_par_son_reseau_de_64(client, settings):
    settings.CONNEXION_ECHECS_ADRESSE_IP = 3
    for n in range(2):
        assert essai(client, f"personne{n}@exemple.fr", ip=f"2001:db8:1:2::{n + 1}").status_code == 200
    assert essai(client, "personne2@exemple.fr", ip="2001:db8:1:2:ffff::9").status_code == 429
    assert essai(client, "personne3@exemple.fr", ip="2001:db8:1:3::1").status_code == 200


def test_une_connexion_remet_le_compte_a_zero_pas_l_adresse(client, settings):
    settings.CONNEXION_ECHECS_ADRESSE_IP = 7
    UserFactory(email="camille@exemple.fr")
    for _ in range(4):
        assert essai(client, "camille@exemple.fr").status_code == 200
    assert essai(client, "camille@exemple.fr", MOT_DE_PASSE).status_code == 302
    client.logout()
    for _ in range(2):  # the account's count starts again: 4 more would be allowed
        assert essai(client, "camille@exemple.fr").status_code == 200
    # The address's count was kept (4 + 2): its 7th failure, on another account, locks it.
    assert "sont venus de votre réseau" in essai(client, "autre@exemple.fr").content.decode()


def test_derriere_le_proxy_l_adresse_est_celle_que_le_proxy_ajoute(client, settings):
    """Behind nginx every request comes from 127.0.0.1: the address counted is the last of X-Forwarded-For
    (the one nginx appended), not REMOTE_ADDR — nor the first, which the client writes itself."""
    settings.DERRIERE_PROXY = True
    settings.CONNEXION_ECHECS_ADRESSE_IP = 3

    def par_le_proxy(email, client_ip, faux=""):
        transmis = f"{faux}, {client_ip}" if faux else client_ip
        return client.post(
            CONNEXION,
            {"username": email, "password": "faux"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=transmis,
        )

    for n in range(2):
        assert par_le_proxy(f"p{n}@exemple.fr", "203.0.113.50", faux=f"10.0.0.{n}").status_code == 200
    assert par_le_proxy("p2@exemple.fr", "203.0.113.50").status_code == 429
    assert par_le_proxy("p3@exemple.fr", "203.0.113.51").status_code == 200  # another client, same proxy


# /django-admin/, the second factor, the operator, the signals ------------------------------------------


def test_django_admin_bloque_apres_cinq_echecs_avec_la_page_francaise(client):
    technique = UserFactory(technique=True, email="exploitation@exemple.fr")
    connexion_admin = reverse("admin:login")
    for _ in range(4):
        assert essai(client, technique.email, url=connexion_admin).status_code == 200
    contenu = verifier_page_de_blocage(essai(client, technique.email, url=connexion_admin))
    assert "Retour à la connexion de l’administration technique" in contenu
    verifier_page_de_blocage(essai(client, technique.email, MOT_DE_PASSE, url=connexion_admin))
    # The portal's login counts the same account.
    verifier_page_de_blocage(essai(client, technique.email, MOT_DE_PASSE))


def test_avec_la_double_authentification_le_blocage_precede_le_code_et_le_code_remet_a_zero(client):
    instructeur = UserFactory(instructeur=True, email="alex@exemple.fr")  # a confirmed TOTP application
    for _ in range(4):
        assert essai(client, instructeur.email).status_code == 200
    # The right password: the code is asked (no session yet); the code typed, logged in, count cleared.
    reponse = essai(client, instructeur.email, MOT_DE_PASSE)
    assert reponse["Location"].startswith(reverse("comptes:deux_facteurs"))
    reponse = client.post(reverse("comptes:deux_facteurs"), {"code": code_totp(instructeur.email)})
    assert reponse.status_code == 302 and client.session["_auth_user_id"] == str(instructeur.pk)
    client.logout()
    for _ in range(4):
        assert essai(client, instructeur.email).status_code == 200
    # The 5th failure locks: the right password no longer reaches the code.
    verifier_page_de_blocage(essai(client, instructeur.email))
    verifier_page_de_blocage(essai(client, instructeur.email, MOT_DE_PASSE))


def test_l_exploitant_debloque_un_compte_par_la_commande_d_axes(client):
    from django.core.management import call_command

    UserFactory(email="camille@exemple.fr")
    for _ in range(5):
        essai(client, "Camille@exemple.fr")
    assert essai(client, "camille@exemple.fr", MOT_DE_PASSE).status_code == 429
    call_command("axes_reset_username", "camille@exemple.fr", stdout=io.StringIO())
    assert essai(client, "camille@exemple.fr", MOT_DE_PASSE).status_code == 302


def test_l_identifiant_saisi_et_l_adresse_arrivent_aux_signaux(client):
    UserFactory(email="camille@exemple.fr")
    echecs, blocages = [], []

    def echec(sender, credentials, request=None, **kwargs):
        echecs.append((credentials.get("username"), adresse_ip(request)))

    def blocage(sender, request, username, ip_address, **kwargs):
        blocages.append((username, ip_address, adresse_ip(request)))

    user_login_failed.connect(echec)
    user_locked_out.connect(blocage)
    try:
        for _ in range(5):
            essai(client, "Camille@Exemple.fr", ip="192.0.2.44")
        essai(client, "camille@exemple.fr", MOT_DE_PASSE, ip="192.0.2.45")
    finally:
        user_login_failed.disconnect(echec)
        user_locked_out.disconnect(blocage)
    assert echecs == [("Camille@Exemple.fr", "192.0.2.44")] * 5 + [("camille@exemple.fr", "192.0.2.45")]
    # The lockout (5th failure), then the refused right password: each one is signalled.
    assert blocages == [
        ("camille@exemple.fr", "192.0.2.44", "192.0.2.44"),
        ("camille@exemple.fr", "192.0.2.45", "192.0.2.45"),
    ]
