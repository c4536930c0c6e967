"""Issue 15 item 6, the counts' cache: Redis required in production, the pages answering when it is down,
and one count shared by two gunicorn workers (started on a Redis of its own)."""

import http.client
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from tests.comptes.outils import CONNEXION, connexion
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.processus import arreter, lancer, port_libre

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parents[2]
OUBLI = reverse("comptes:mot_de_passe_oublie")
INCORRECT = "Adresse électronique ou mot de passe incorrect"


def essai(client, email, mot_de_passe="faux-mot-de-passe", ip="192.0.2.10", url=CONNEXION):
    return connexion(client, email, mot_de_passe, url=url, REMOTE_ADDR=ip)


# Redis -------------------------------------------------------------------------------------------------


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


# Two gunicorn workers, one Redis: the count is the same for both. --------------------------------------


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
        self.processus = lancer(commande, env, self.journal, RACINE)
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
        arreter(self.processus)


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
