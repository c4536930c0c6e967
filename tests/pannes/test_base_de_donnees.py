"""Issue 13: a database that accepts connections and never answers froze every request for 121 s until
gunicorn killed the worker (no page); a refused connection gave the 500 « Erreur inattendue ». Now every
wait on PostgreSQL is bounded (``ami/base_de_donnees.py``) and the database unavailable, wherever the error
is raised (a view, the session read by a middleware), gives the French 503 page with ``Retry-After``
(``ami/erreurs.py``), in seconds.

The regressions run the portal as deployed: gunicorn with ``gunicorn.conf.py`` on ``ami.settings_production``
(``tests/pannes/reglages_production.py``: only the static files are not collected), ``DATABASE_URL``
pointing at a socket that accepts and never answers, at a closed port, or at the real PostgreSQL with a
1 s ``statement_timeout``."""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from ami.base_de_donnees import options_postgresql
from tests.processus import port_libre

RACINE = Path(__file__).resolve().parents[2]
TITRE_503 = "Service momentanément indisponible"
# The web's connect timeout (DB_DELAI_CONNEXION's default): a hanging database is given up after it.
DELAI_CONNEXION = 3
EN_SECONDES = 5  # what « in seconds » means for these tests: the 503 before this


class ServeurMuet:
    """A database host whose PostgreSQL hangs: accepts TCP connections, reads nothing, never answers."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connexions: list[socket.socket] = []
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._accepter, daemon=True)
        self._fil.start()

    def _accepter(self):
        while not self._arret.is_set():
            try:
                connexion, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connexions.append(connexion)

    def fermer(self):
        self._arret.set()
        self._fil.join(5)
        for connexion in self.connexions:
            connexion.close()
        self.socket.close()


def base_postgresql_reelle() -> str:
    """The URL of the test server's ``postgres`` database (always there), for the tests that need
    PostgreSQL to answer; they only run on PostgreSQL."""
    reglages = settings.DATABASES["default"]
    if reglages["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("PostgreSQL seulement : statement_timeout et les options TCP de libpq")
    identite = reglages["USER"] + (f":{reglages['PASSWORD']}" if reglages.get("PASSWORD") else "")
    return f"postgres://{identite}@{reglages['HOST'] or '127.0.0.1'}:{reglages['PORT'] or 5432}/postgres"


def environnement(database_url: str, **variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for Playwright
    env.update(
        DJANGO_SETTINGS_MODULE="tests.pannes.reglages_production",
        SECRET_KEY="k3y-de-pr0duction-très-longue-et-aléatoire-pour-le-test-0123456789abcdef",
        ALLOWED_HOSTS="127.0.0.1",
        DERRIERE_PROXY="true",
        DATABASE_URL=database_url,
        # Required in production; these pages read no cache and send no task: a Redis that refuses is enough.
        REDIS_URL=f"redis://127.0.0.1:{port_libre()}/0",
        **variables,
    )
    return env


class Portail:
    """gunicorn started as in production (``-c gunicorn.conf.py``, one worker), on a free port."""

    def __init__(self, journal: Path, database_url: str, **variables):
        self.port = port_libre()
        self.journal = journal
        env = environnement(
            database_url, GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS="1", **variables
        )
        with journal.open("wb") as sortie:
            self.processus = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=RACINE,
                env=env,
                stdout=sortie,
                stderr=subprocess.STDOUT,
            )
        self._attendre_le_worker()

    def _attendre_le_worker(self):
        """Until the worker has loaded the portal: a static file (no database) is served."""
        fin = time.monotonic() + 60
        while time.monotonic() < fin:
            if self.processus.poll() is not None:
                pytest.fail(f"gunicorn s'est arrêté :\n{self.journal.read_text()}")
            with contextlib.suppress(OSError):
                if self.demander("/static/ami/portail.js")[0] == 200:
                    return
            time.sleep(0.2)
        pytest.fail(f"gunicorn ne répond pas :\n{self.journal.read_text()}")

    def demander(self, chemin: str, entetes: dict | None = None) -> tuple[int, dict, str, float]:
        """(status, headers, body, seconds) of a GET through the proxy's headers (HTTPS)."""
        connexion = http.client.HTTPConnection("127.0.0.1", self.port, timeout=150)
        debut = time.monotonic()
        try:
            connexion.request("GET", chemin, headers={"X-Forwarded-Proto": "https", **(entetes or {})})
            reponse = connexion.getresponse()
            corps = reponse.read().decode()
        finally:
            connexion.close()
        return reponse.status, dict(reponse.getheaders()), corps, time.monotonic() - debut

    def arreter(self):
        self.processus.terminate()
        try:
            self.processus.wait(15)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait()


@pytest.fixture(scope="module")
def serveur_muet():
    serveur = ServeurMuet()
    yield serveur
    serveur.fermer()


@pytest.fixture(scope="module")
def portail_base_muette(serveur_muet, tmp_path_factory):
    portail = Portail(
        tmp_path_factory.mktemp("gunicorn") / "journal.log",
        f"postgres://postgres@127.0.0.1:{serveur_muet.port}/ami",
    )
    yield portail
    portail.arreter()


@pytest.fixture(scope="module")
def portail_connexion_refusee(tmp_path_factory):
    portail = Portail(
        tmp_path_factory.mktemp("gunicorn") / "journal.log",
        f"postgres://postgres@127.0.0.1:{port_libre()}/ami",
    )
    yield portail
    portail.arreter()


SESSION = {"Cookie": "sessionid=0123456789abcdefghijklmnopqrstuv"}
HTMX = {"HX-Request": "true", **SESSION}


def verifier_page_503(statut, entetes, corps):
    assert statut == 503, corps
    assert entetes["Retry-After"] == "30"
    assert f"<h1>{TITRE_503}</h1>" in corps and "Erreur 503" in corps
    assert "fr-header" in corps and "République<br>Française" in corps  # the DSFR page
    assert "Traceback" not in corps and "OperationalError" not in corps and "Erreur inattendue" not in corps


@pytest.mark.parametrize(
    "chemin, entetes",
    [
        ("/", {}),  # the view reads the call
        ("/candidatures/", SESSION),  # ConnexionRequiseMiddleware reads the session, before any view
    ],
    ids=["vue", "middleware"],
)
def test_base_qui_ne_repond_pas_donne_503_en_secondes(portail_base_muette, serveur_muet, chemin, entetes):
    connexions = len(serveur_muet.connexions)
    statut, reponse, corps, duree = portail_base_muette.demander(chemin, entetes)
    verifier_page_503(statut, reponse, corps)
    # The portal did wait for the hanging server (its connect timeout), then answered, in seconds.
    assert len(serveur_muet.connexions) > connexions
    assert DELAI_CONNEXION - 0.5 <= duree < EN_SECONDES, duree


def test_base_qui_ne_repond_pas_htmx_recoit_un_fragment_503(portail_base_muette):
    """The autosave (htmx) gets a short fragment and the 503 that static/ami/portail.js explains in the
    save status; what was typed stays in the page."""
    statut, entetes, corps, duree = portail_base_muette.demander("/candidatures/", HTMX)
    assert (statut, entetes["Retry-After"]) == (503, "30")
    assert corps.startswith('<p class="fr-message fr-message--error">Service momentanément indisponible')
    assert "<html" not in corps
    assert duree < EN_SECONDES
    script = (RACINE / "static/ami/portail.js").read_text()
    assert '503: "Le portail est momentanément indisponible' in script


@pytest.mark.parametrize(
    "chemin, entetes", [("/", {}), ("/candidatures/", SESSION)], ids=["vue", "middleware"]
)
def test_connexion_refusee_donne_503_et_non_500(portail_connexion_refusee, chemin, entetes):
    statut, reponse, corps, duree = portail_connexion_refusee.demander(chemin, entetes)
    verifier_page_503(statut, reponse, corps)
    assert duree < 2, duree  # refused at once: nothing to wait for


def test_connexion_refusee_api_repond_503_en_json(portail_connexion_refusee):
    statut, entetes, corps, _ = portail_connexion_refusee.demander(
        "/api/v1/dossiers", {"Authorization": "Bearer ami_jeton"}
    )
    assert (statut, entetes["Retry-After"], entetes["Content-Type"]) == (503, "30", "application/json")
    assert json.loads(corps)["detail"].startswith(TITRE_503)


def test_connexion_refusee_journalisee_avec_sa_cause(portail_connexion_refusee):
    """The operator sees why in the log (Django's django.request, error level, with the traceback)."""
    portail_connexion_refusee.demander("/")
    journal = portail_connexion_refusee.journal.read_text()
    assert "Service Unavailable: /" in journal
    assert "Connection refused" in journal


def test_delai_de_requete_depasse_donne_503(tmp_path):
    """PostgreSQL's statement_timeout (DB_DELAI_REQUETE, here 1 s) cancels a statement of 31 s: the page
    is the 503, in seconds."""
    portail = Portail(
        tmp_path / "journal.log",
        base_postgresql_reelle(),
        DB_DELAI_REQUETE="1",
        AMI_URLCONF_DE_TEST="tests.pannes.urls_lentes",
    )
    try:
        statut, entetes, corps, duree = portail.demander("/lente/")
    finally:
        portail.arreter()
    verifier_page_503(statut, entetes, corps)
    assert duree < EN_SECONDES, duree
    assert "canceling statement due to statement timeout" in portail.journal.read_text()


# What a statement of 1.5 s gives with DB_DELAI_REQUETE=1: cancelled in the web, run to its end by the
# Celery worker and by the management commands (DB_DELAI_REQUETE_LONGUE, 600 s by default).
REQUETE_LONGUE = """
from django.db import connection
with connection.cursor() as curseur:
    curseur.execute("SHOW statement_timeout")
    print(curseur.fetchone()[0])
    try:
        curseur.execute("SELECT pg_sleep(1.5)")
        print("terminée")
    except Exception as erreur:
        print(type(erreur).__name__)
"""


def executer(*arguments: str) -> list[str]:
    """The last two lines printed by ``python *arguments`` (REQUETE_LONGUE's)."""
    resultat = subprocess.run(  # noqa: S603 (the test's own arguments)
        [sys.executable, *arguments],
        cwd=RACINE,
        env=environnement(base_postgresql_reelle(), DB_DELAI_REQUETE="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    return resultat.stdout.split()[-2:]


def test_le_web_annule_une_requete_plus_longue_que_son_delai():
    assert executer("-c", "import django; django.setup()\n" + REQUETE_LONGUE) == [
        "1s",
        "OperationalError",
    ]


def test_le_worker_celery_n_est_pas_tue_par_le_delai_du_web():
    """``celery -A ami worker`` sends worker_init before its pool starts: ami.celery gives its connections
    the long timeout."""
    worker = "import django; django.setup()\nfrom celery import signals\nimport ami.celery\n"
    worker += "signals.worker_init.send(sender=None)\n"
    assert executer("-c", worker + REQUETE_LONGUE) == ["10min", "terminée"]


def test_les_commandes_de_gestion_ne_sont_pas_tuees_par_le_delai_du_web():
    assert executer("manage.py", "shell", "-c", REQUETE_LONGUE) == ["10min", "terminée"]


RECONNEXION = """
import psycopg2
from django.core.signals import request_finished, request_started
from django.db import connection

def pid():
    request_started.send(sender=None)
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_backend_pid()")
        return curseur.fetchone()[0]

avant = pid()
request_finished.send(sender=None)
administration = psycopg2.connect(**connection.get_connection_params())
administration.autocommit = True
administration.cursor().execute("SELECT pg_terminate_backend(%s)", [avant])  # the database restarted
print(pid() != avant)
"""


def test_connexion_persistante_coupee_la_requete_suivante_se_reconnecte():
    """With CONN_MAX_AGE, a connection killed between two requests (PostgreSQL restarted) is checked
    before reuse (CONN_HEALTH_CHECKS): the next request reconnects instead of a 503."""
    resultat = subprocess.run(  # noqa: S603 (the test's own arguments)
        [sys.executable, "-c", "import django; django.setup()\n" + RECONNEXION],
        cwd=RACINE,
        env=environnement(base_postgresql_reelle(), CONN_MAX_AGE="60"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == ["True"]


def test_keepalive_et_tcp_user_timeout_sur_la_connexion():
    """A server gone from the network mid-query is noticed by TCP (keepalives every 2 s after 5 s of
    silence, unacknowledged data dropped after DB_DELAI_RESEAU): libpq did set them on its socket."""
    import psycopg2

    options = options_postgresql(
        delai_connexion=settings.DB_DELAI_CONNEXION,
        delai_requete=settings.DB_DELAI_REQUETE,
        delai_reseau=settings.DB_DELAI_RESEAU,
    )
    connexion = psycopg2.connect(base_postgresql_reelle(), **options)
    try:
        with socket.socket(fileno=os.dup(connexion.fileno())) as sock:
            reglages = {
                "keepalive": sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
                "inactivite": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE),
                "intervalle": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL),
                "essais": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT),
                "user_timeout_ms": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT),
            }
    finally:
        connexion.close()
    assert reglages == {
        "keepalive": 1,
        "inactivite": 5,
        "intervalle": 2,
        "essais": 3,
        "user_timeout_ms": round(settings.DB_DELAI_RESEAU * 1000),
    }
