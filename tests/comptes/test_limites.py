"""Issue 15 item 6: 30 wrong passwords in 56 s were all answered and the right one then logged in; each
attempt cost ~1.5 s of CPU; nothing was limited. Now logins (portal and /django-admin/) are locked per
account and per IP address (comptes.verrouillage, django-axes), the public forms are limited per IP and per
address (comptes.limites, django-ratelimit), both counted in the cache — Redis in production, shared by
every gunicorn worker (the last test starts two on a Redis of its own)."""

import datetime
import http.client
import io
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from unittest import mock

import pytest
from axes.signals import user_locked_out
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse
from django.utils import timezone

from comptes.backends import EmailBackend
from comptes.securite import adresse_ip
from comptes.verrouillage import heure_fr
from courriels.models import Courriel
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.processus import port_libre

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parents[2]
CONNEXION = reverse("comptes:connexion")
OUBLI = reverse("comptes:mot_de_passe_oublie")
INCORRECT = "Adresse électronique ou mot de passe incorrect"


def essai(client, email, mot_de_passe="faux-mot-de-passe", ip="192.0.2.10", url=CONNEXION):
    return client.post(url, {"username": email, "password": mot_de_passe}, REMOTE_ADDR=ip)


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
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    instructeur = UserFactory(instructeur=True, email="alex@exemple.fr")  # a confirmed TOTP application
    for _ in range(4):
        assert essai(client, instructeur.email).status_code == 200
    # The right password: the code is asked (no session yet); the code typed, logged in, count cleared.
    reponse = essai(client, instructeur.email, MOT_DE_PASSE)
    assert reponse["Location"].startswith(reverse("comptes:deux_facteurs"))
    cle = TOTPDevice.objects.get(user=instructeur).key
    reponse = client.post(
        reverse("comptes:deux_facteurs"), {"code": f"{TOTP(bytes.fromhex(cle)).token():06d}"}
    )
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


def test_mot_de_passe_oublie_limite_par_adresse_et_par_ip(client, settings):
    UserFactory(email="camille@exemple.fr")
    for _ in range(5):
        assert client.post(OUBLI, {"email": "camille@exemple.fr"}, REMOTE_ADDR="192.0.2.1").status_code == 302
    reponse = client.post(OUBLI, {"email": "Camille@exemple.fr"}, REMOTE_ADDR="192.0.2.2")
    assert reponse.status_code == 429
    contenu = reponse.content.decode()
    assert "Trop de demandes de nouveau mot de passe ont été faites" in contenu
    assert re.search(
        r"Vous pourrez réessayer à partir de \d+ h \d\d(?: le \d+ \w+)? "
        r"\(dans \d+ (minutes?|h \d\d|heures?)\)",
        contenu,
    )
    assert 0 < int(reponse["Retry-After"]) <= 3600
    assert Courriel.objects.filter(destinataires=["camille@exemple.fr"]).count() == 5
    assert client.get(OUBLI, REMOTE_ADDR="192.0.2.2").status_code == 200  # the form is still shown

    settings.LIMITES = {"mot_de_passe_ip": "3/h"}
    for n in range(3):
        assert client.post(OUBLI, {"email": f"p{n}@exemple.fr"}, REMOTE_ADDR="192.0.2.9").status_code == 302
    assert client.post(OUBLI, {"email": "p3@exemple.fr"}, REMOTE_ADDR="192.0.2.9").status_code == 429
    assert client.post(OUBLI, {"email": "p3@exemple.fr"}, REMOTE_ADDR="192.0.2.10").status_code == 302


@pytest.mark.parametrize(
    "nom, arguments, methode",
    [
        ("comptes:inscription", {}, "post"),
        ("comptes:inscription_nouveau_lien", {}, "post"),
        ("comptes:confirmer_adresse", {"uidb64": "MQ", "token": "abc-123"}, "get"),
        ("comptes:confirmer_nouvelle_adresse", {"uidb64": "MQ", "token": "abc-123"}, "get"),
        ("comptes:invitation_equipe", {"token": "abc-123"}, "get"),
    ],
)
def test_inscription_confirmation_et_invitation_limitees(client, settings, nom, arguments, methode):
    settings.LIMITES = {
        f"{g}_{p}": "2/h" for g in ("inscription", "confirmation", "invitation") for p in ("ip", "adresse")
    }
    url = reverse(nom, kwargs=arguments)
    envoyer = getattr(client, methode)
    donnees = {"email": "camille@exemple.fr"} if methode == "post" else {}
    for _ in range(2):
        assert envoyer(url, donnees, REMOTE_ADDR="192.0.2.20").status_code != 429
    reponse = envoyer(url, donnees, REMOTE_ADDR="192.0.2.20")
    assert reponse.status_code == 429, nom
    assert "Vous pourrez réessayer à partir de" in reponse.content.decode()


def test_redis_injoignable_la_connexion_et_l_oubli_repondent(client, settings):
    """The cache down: nothing is counted nor refused (the error is logged), no page fails."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port_libre()}/0",  # nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    camille = UserFactory(email="camille@exemple.fr")
    assert essai(client, camille.email).status_code == 200
    assert client.post(OUBLI, {"email": camille.email}).status_code == 302
    assert essai(client, camille.email, MOT_DE_PASSE).status_code == 302


def _production(**variables):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="ami.settings_production",
        SECRET_KEY="k3y-de-pr0duction-très-longue-et-aléatoire-pour-le-test-0123456789abcdef",
        ALLOWED_HOSTS="ami-spie.example.fr",
        **variables,
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_la_production_exige_redis():
    refus = _production()
    assert refus.returncode != 0
    assert "En production, REDIS_URL est obligatoire" in refus.stderr
    accepte = _production(REDIS_URL="redis://127.0.0.1:6379/0")
    assert accepte.returncode == 0, accepte.stderr
    assert accepte.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


# Two gunicorn workers, one Redis: the count is the same for both. ------------------------------------


def _mot_de_passe_pbkdf2(user):
    """The password hashed as the server hashes it (the tests' MD5 is unknown to it)."""
    user.password = PBKDF2PasswordHasher().encode(MOT_DE_PASSE, "sel-du-test-limites")
    user.save(update_fields=["password"])


class Serveur:
    """gunicorn, ``workers`` workers, on the test database and ``redis_url``; its access log gives the pid
    of the worker that answered each request."""

    def __init__(self, tmp_path, redis_url, workers=2, **variables):
        from django.conf import settings

        base = settings.DATABASES["default"]
        identite = base["USER"] + (f":{base['PASSWORD']}" if base.get("PASSWORD") else "")
        hote = f"{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}"
        self.port = port_libre()
        self.acces = tmp_path / "acces.log"
        self.journal = tmp_path / "gunicorn.log"
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="ami.settings",
            DATABASE_URL=f"postgres://{identite}@{hote}/{base['NAME']}",
            REDIS_URL=redis_url,
            ALLOWED_HOSTS="127.0.0.1",
            **variables,
        )
        commande = [
            sys.executable, "-m", "gunicorn", "ami.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--access-logfile", str(self.acces), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
        ]  # fmt: skip
        with self.journal.open("wb") as sortie:
            self.processus = subprocess.Popen(  # noqa: S603
                commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
            )
        fin = time.monotonic() + 60
        while time.monotonic() < fin:
            if self.processus.poll() is not None:
                pytest.fail(f"gunicorn s'est arrêté :\n{self.journal.read_text()}")
            try:
                if self.demander("GET", CONNEXION)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn ne répond pas :\n{self.journal.read_text()}")

    def demander(self, methode, chemin, donnees=None):
        """(status, body) of one request on a connection of its own (a CSRF pair made here)."""
        connexion = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            entetes = {}
            corps = None
            if donnees is not None:
                jeton = "a" * 32
                corps = urllib.parse.urlencode({**donnees, "csrfmiddlewaretoken": jeton})
                entetes = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={jeton}",
                }
            connexion.request(methode, chemin, body=corps, headers=entetes)
            reponse = connexion.getresponse()
            return reponse.status, reponse.read().decode()
        finally:
            connexion.close()

    def pids(self, statut=None) -> list[str]:
        lignes = [ligne.split() for ligne in self.acces.read_text().splitlines() if " POST " in ligne]
        return [ligne[0] for ligne in lignes if statut is None or ligne[3] == str(statut)]

    def arreter(self):
        import signal

        os.killpg(self.processus.pid, signal.SIGTERM)
        try:
            self.processus.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.processus.pid, signal.SIGKILL)
            self.processus.wait()


@pytest.fixture
def redis_serveur():
    from tests.pannes.redis_serveur import RedisServeur

    serveur = RedisServeur()
    serveur.demarrer()
    yield serveur
    serveur.arreter()


@pytest.mark.django_db(transaction=True)
def test_deux_workers_gunicorn_partagent_le_compte_sur_redis(tmp_path, redis_serveur):
    camille = UserFactory(email="camille@exemple.fr")
    _mot_de_passe_pbkdf2(camille)
    serveur = Serveur(tmp_path, redis_serveur.url, CONNEXION_ECHECS_COMPTE="6")
    try:
        # The password is the right one for the server (and resets nothing yet).
        assert (
            serveur.demander("POST", CONNEXION, {"username": camille.email, "password": MOT_DE_PASSE})[0]
            == 302
        )

        # 12 wrong passwords, two at a time: both workers answer (each one is busy hashing in turn).
        statuts = []

        def essais():
            for _ in range(6):
                statuts.append(
                    serveur.demander("POST", CONNEXION, {"username": camille.email, "password": "faux"})[0]
                )

        fils = [threading.Thread(target=essais) for _ in range(2)]
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join(120)
        # Counted together, atomically (Redis INCR): exactly 5 answered « incorrect », the 6th locks, even
        # with two in flight at once. Counted per worker, 10 would have been answered.
        assert sorted(statuts) == [200] * 5 + [429] * 7, statuts
        assert len(set(serveur.pids())) == 2, serveur.acces.read_text()

        # The right password, on either worker: refused with the French page.
        refus = []

        def bon():
            for _ in range(3):
                refus.append(
                    serveur.demander("POST", CONNEXION, {"username": camille.email, "password": MOT_DE_PASSE})
                )

        fils = [threading.Thread(target=bon) for _ in range(2)]
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join(120)
        assert [statut for statut, _ in refus] == [429] * 6
        assert all("Vous pourrez réessayer à partir de" in corps for _, corps in refus)
        assert any(b":axes-" in cle for cle in redis_serveur.client().scan_iter())  # Django's ":1:" prefix
    finally:
        serveur.arreter()
