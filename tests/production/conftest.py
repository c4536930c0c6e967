"""The portal as deployed, for the smoke suite (issue 13): ``ami.settings_production`` on a fresh
PostgreSQL database with the demo data, collectstatic into STATIC_ROOT, gunicorn (its ``gunicorn.conf.py``,
3 workers) on 127.0.0.1 behind Debian's nginx, which terminates TLS with a certificate made here
(``DERRIERE_PROXY=true``, the README's server blocks), a Celery worker on Redis, the real clamd of
``tests/clamd.py``, the e-mails written to files the tests read. Everything is started once for the
session and stopped at the end; the database is dropped.

The same data served by ``runserver`` under the development settings (``portail_developpement``) gives
the layout the production pages are compared with."""

import contextlib
import email
import email.policy
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CAPTURES, CARET_PLAYWRIGHT, ECOUTE_CSP, EMPREINTE_CARET

RACINE = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # gunicorn and celery of the venv
NGINX = Path("/usr/sbin/nginx")  # Debian's, the HTTPS proxy in front of gunicorn (./bin/test installs it)
MOT_DE_PASSE = "demo-ami-spie-2021"  # ami/management/commands/demo.py
# A Redis database of the smoke suite's own, emptied at the start (never FLUSHALL): the worker of
# tests/conftest.py uses REDIS_URL's.
STATIQUES = RACINE / "test-artifacts" / "statiques-production"
REDIS_PRODUCTION = os.environ.get("AMI_PRODUCTION_REDIS_URL", "redis://127.0.0.1:6379/5")
# What the environment of the test run may hold and the portal's processes must not inherit.
ENV_EXCLU = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "STATIC_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "DERRIERE_PROXY",
    "SECURE_SSL_REDIRECT",
    "CSRF_TRUSTED_ORIGINS",
}


def absent(raison: str):
    """PostgreSQL or Redis unreachable: ./bin/test then runs the rest of the suite on SQLite, tasks inline
    (README); production is PostgreSQL, Redis and a worker, so its smoke suite is skipped, said — in CI
    (``CI`` set), where both must run, it fails."""
    if os.environ.get("CI"):
        pytest.fail(raison)
    pytest.skip(f"{raison} — la suite de fumée de production demande PostgreSQL et Redis")


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serveur_postgres() -> dict:
    """The PostgreSQL server of the test run (DATABASE_URL), or the machine's (127.0.0.1:5432)."""
    adresse = urlsplit(os.environ.get("DATABASE_URL", ""))
    if adresse.scheme.startswith("postgres"):
        return {
            "host": adresse.hostname or "127.0.0.1",
            "port": adresse.port or 5432,
            "user": adresse.username or "postgres",
            "password": adresse.password or "",
        }
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}


def sql_admin(serveur: dict, requete: str) -> None:
    import psycopg2

    connexion = psycopg2.connect(dbname="postgres", connect_timeout=5, **serveur)
    connexion.autocommit = True
    try:
        with connexion.cursor() as curseur:
            curseur.execute(requete)
    finally:
        connexion.close()


def executer(commande: list[str], env: dict, journal: Path, delai: float) -> None:
    with journal.open("ab") as sortie:
        resultat = subprocess.run(  # noqa: S603
            commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, timeout=delai
        )
    if resultat.returncode != 0:
        pytest.fail(f"{' '.join(commande)} a échoué ({resultat.returncode}) :\n{journal.read_text()[-4000:]}")


def empreinte_statiques() -> str:
    """What collectstatic reads: every file the finders list (path, size, modification time), and the
    versions of Django and whitenoise, which write the collected files."""
    import hashlib
    from importlib.metadata import version

    from django.contrib.staticfiles.finders import get_finders

    empreinte = hashlib.sha256(f"{version('django')} {version('whitenoise')}".encode())
    for finder in get_finders():
        for chemin, stockage in finder.list([]):
            etat = os.stat(stockage.path(chemin))
            empreinte.update(f"{chemin}\0{etat.st_size}\0{etat.st_mtime_ns}\n".encode())
    return empreinte.hexdigest()[:16]


def certificat(dossier: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl, as an operator would make one)."""
    cle, cert = dossier / "cle.pem", dossier / "cert.pem"
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(cle),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, cle


def attendre_http(url: str, processus: dict, journaux: dict, delai: float = 90) -> None:
    """Until ``url`` answers 200 (nginx answers 502 while gunicorn starts), or one of ``processus`` ends."""
    contexte = ssl.create_default_context()
    contexte.check_hostname = False
    contexte.verify_mode = ssl.CERT_NONE
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        for nom, un in processus.items():
            if un.poll() is not None:
                journal = journaux[nom].read_text(errors="replace")[-4000:]
                pytest.fail(f"{nom} s'est arrêté ({un.returncode}) :\n{journal}")
        try:
            with urllib.request.urlopen(url, timeout=5, context=contexte) as reponse:  # noqa: S310
                if reponse.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    derniers = {nom: journaux[nom].read_text(errors="replace")[-2000:] for nom in processus}
    pytest.fail(f"{url} ne répond pas après {delai} s :\n{derniers}")


def configuration_nginx(portail) -> Path:
    """The README's server blocks (« Mise en production »), on the test's ports: HTTP redirected to HTTPS,
    TLS with the test's certificate, the body bounded, X-Forwarded-Proto replaced. ``Host`` passes the
    port too (``$http_host``: the same as the README's ``$host`` on port 443), for the links the portal
    builds. Everything nginx writes stays in the test's folder."""
    dossier, ports = portail.dossier, portail.ports
    cert, cle = certificat(dossier)
    temporaires = "\n".join(
        f"    {nom}_temp_path {dossier / ('nginx-' + nom)};"
        for nom in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    configuration = dossier / "nginx.conf"
    configuration.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {dossier / "nginx.pid"};
error_log {portail.journaux["nginx"]} warn;
events {{ worker_connections 256; }}
http {{
    access_log {dossier / "nginx-acces.log"};
{temporaires}
    types {{ text/html html; text/css css; application/javascript js; }}
    server {{
        listen 127.0.0.1:{ports["http"]};
        return 301 https://$host:{ports["https"]}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{ports["https"]} ssl http2;
        ssl_certificate     {cert};
        ssl_certificate_key {cle};
        client_max_body_size 11m;
        location / {{
            proxy_pass http://127.0.0.1:{ports["gunicorn"]};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 75s;
            proxy_max_temp_file_size 4096m;
        }}
    }}
}}
""")
    return configuration


def lancer(commande: list[str], env: dict, journal: Path) -> subprocess.Popen:
    sortie = journal.open("ab")
    processus = subprocess.Popen(  # noqa: S603
        commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
    )
    sortie.close()
    return processus


def arreter(processus: subprocess.Popen | None) -> None:
    """The process and its children (gunicorn's and celery's workers), by its own process group."""
    if processus is None or processus.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(processus.pid, signal.SIGTERM)
    try:
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(processus.pid, signal.SIGKILL)
        processus.wait()


@dataclass
class Courriels:
    """The e-mails the portal sent (django's file backend: one file per connection)."""

    dossier: Path

    def tous(self) -> list[email.message.EmailMessage]:
        messages = []
        for fichier in sorted(self.dossier.glob("*.log")):
            for bloc in fichier.read_bytes().split(b"-" * 79):
                if bloc.strip():
                    messages.append(email.message_from_bytes(bloc.lstrip(), policy=email.policy.default))
        return messages

    def attendre(self, condition, delai: float = 30):
        """The first e-mail for which ``condition(message)`` holds, waited for (the worker sends them)."""
        fin = time.monotonic() + delai
        while True:
            trouves = [m for m in self.tous() if condition(m)]
            if trouves or time.monotonic() > fin:
                return trouves[0] if trouves else None
            time.sleep(0.2)


@dataclass
class Portail:
    url: str
    env: dict
    dossier: Path
    courriels: Courriels
    journaux: dict = field(default_factory=dict)
    gunicorn_conf: bool = False
    durees: dict = field(default_factory=dict)  # seconds of each step of the start
    ports: dict = field(default_factory=dict)

    def journal(self, nom: str) -> str:
        return self.journaux[nom].read_text(errors="replace") if nom in self.journaux else ""


@pytest.fixture(scope="session")
def portail_production(tmp_path_factory, _clamd):
    if not _clamd.actif and not _clamd.demarrer():
        pytest.fail(f"clamd ne tourne pas : {_clamd.erreur}")
    import redis

    dossier = tmp_path_factory.mktemp("production")
    for nom in ("prive", "courriels"):
        (dossier / nom).mkdir()
    if not NGINX.exists():
        pytest.fail(f"{NGINX} est absent : installez nginx (./bin/test le fait).")
    port, port_http, port_gunicorn = port_libre(), port_libre(), port_libre()
    url = f"https://127.0.0.1:{port}"
    serveur = serveur_postgres()
    # collectstatic with the production storage (manifest, gzip, brotli) takes minutes here: its result
    # is kept for the next runs, as long as no static file, Django or whitenoise changes.
    statiques = STATIQUES / empreinte_statiques()
    collecte_faite = (statiques / "staticfiles.json").exists()
    cible = statiques if collecte_faite else STATIQUES / f"{statiques.name}.{os.getpid()}"
    base = f"ami_prod_smoke_{os.getpid()}"
    motdepasse = f":{serveur['password']}" if serveur["password"] else ""
    env = {k: v for k, v in os.environ.items() if k not in ENV_EXCLU}
    env.update(
        DJANGO_SETTINGS_MODULE="ami.settings_production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{serveur['user']}{motdepasse}@{serveur['host']}:{serveur['port']}/{base}",
        REDIS_URL=REDIS_PRODUCTION,
        ANTIVIRUS="clamd",
        CLAMD_ADRESSE=str(_clamd.socket),
        STATIC_ROOT=str(statiques),
        PRIVATE_MEDIA_ROOT=str(dossier / "prive"),
        EMAIL_URL=f"filemail:///{dossier / 'courriels'}",  # an absolute path after the scheme's «//»
        PORTAIL_URL=url,
        # Behind nginx, as the README deploys it: X-Forwarded-Proto believed, the site's origin trusted.
        DERRIERE_PROXY="true",
        CSRF_TRUSTED_ORIGINS=url,
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    portail = Portail(url=url, env=env, dossier=dossier, courriels=Courriels(dossier / "courriels"))
    portail.ports = {"https": port, "http": port_http, "gunicorn": port_gunicorn}
    noms = ("preparation", "gunicorn", "celery", "nginx")
    journaux = portail.journaux = {n: dossier / f"{n}.log" for n in noms}

    try:
        redis.Redis.from_url(REDIS_PRODUCTION, socket_connect_timeout=3).flushdb()
    except redis.RedisError as erreur:
        absent(f"Redis ne répond pas ({REDIS_PRODUCTION}) : {erreur}")
    try:
        sql_admin(serveur, f'CREATE DATABASE "{base}"')
    except Exception as erreur:  # noqa: BLE001 — psycopg2's errors, the server down
        absent(f"PostgreSQL ne répond pas ({serveur['host']}:{serveur['port']}) : {erreur}")

    processus, collecte = {}, None
    try:
        python = [sys.executable, "manage.py"]
        debut = time.monotonic()
        # collectstatic (manifest, gzip and brotli: the longest step) while the database is filled.
        if not collecte_faite:
            cible.mkdir(parents=True)
            collecte = lancer(
                [*python, "collectstatic", "--noinput", "-v0"],
                {**env, "STATIC_ROOT": str(cible)},
                journaux["preparation"],
            )
        executer([*python, "migrate", "--noinput", "-v0"], env, journaux["preparation"], 300)
        portail.durees["migrate"] = time.monotonic() - debut
        # The demo's own pièces scanned as it makes them (tasks inline), before any worker runs.
        executer([*python, "demo", "--force"], {**env, "REDIS_URL": ""}, journaux["preparation"], 600)
        portail.durees["demo"] = time.monotonic() - debut - portail.durees["migrate"]
        if collecte is not None:
            if collecte.wait(timeout=900) != 0:
                pytest.fail(f"collectstatic a échoué :\n{journaux['preparation'].read_text()[-4000:]}")
            for ancienne in STATIQUES.iterdir():  # the collections of older static files
                if ancienne != cible:
                    shutil.rmtree(ancienne, ignore_errors=True)
            cible.rename(statiques)
        portail.durees["collectstatic (en parallèle)"] = time.monotonic() - debut

        conf = RACINE / "gunicorn.conf.py"
        portail.gunicorn_conf = conf.exists()
        processus["gunicorn"] = lancer(
            [
                str(BIN / "gunicorn"),
                *(["-c", str(conf)] if conf.exists() else []),
                "--bind",
                f"127.0.0.1:{port_gunicorn}",
                "--workers",
                "3",
                "--error-logfile",
                "-",
                "ami.wsgi:application",
            ],
            env,
            journaux["gunicorn"],
        )
        processus["nginx"] = lancer(
            [
                str(NGINX),
                "-e",
                str(journaux["nginx"]),
                "-p",
                str(dossier),
                "-c",
                str(configuration_nginx(portail)),
            ],
            env,
            journaux["nginx"],
        )
        processus["celery"] = lancer(
            [str(BIN / "celery"), "-A", "ami", "worker", "-l", "warning", "--concurrency", "1"],
            env,
            journaux["celery"],
        )
        attendre_http(f"{url}/compte/connexion/", processus, journaux)
        portail.durees["total"] = time.monotonic() - debut
        (dossier / "durees.txt").write_text(repr(portail.durees))
        yield portail
    finally:
        for nom in ("nginx", "gunicorn", "celery"):
            arreter(processus.get(nom))
        if collecte is not None and collecte.poll() is None:
            arreter(collecte)
        if cible != statiques:
            shutil.rmtree(cible, ignore_errors=True)
        with contextlib.suppress(Exception):
            redis.Redis.from_url(REDIS_PRODUCTION, socket_connect_timeout=3).flushdb()
        with contextlib.suppress(Exception):
            sql_admin(serveur, f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')


@pytest.fixture(scope="session")
def portail_developpement(portail_production, tmp_path_factory):
    """The same database served by ``runserver`` under the development settings (DEBUG, static files
    from the apps, tasks inline), as ./bin/demo serves it: the layout of reference."""
    port = port_libre()
    env = {
        **portail_production.env,
        "DJANGO_SETTINGS_MODULE": "ami.settings",
        "DEBUG": "True",
        "REDIS_URL": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    for cle in ("STATIC_ROOT", "PORTAIL_URL"):
        env.pop(cle)
    journal = portail_production.dossier / "runserver.log"
    processus = lancer(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], env, journal
    )
    try:
        attendre_http(
            f"http://127.0.0.1:{port}/compte/connexion/", {"runserver": processus}, {"runserver": journal}
        )
        yield f"http://127.0.0.1:{port}"
    finally:
        arreter(processus)


class Surveillance:
    """Everything a page of a context did wrong: console errors, uncaught exceptions, CSP violations,
    a response of 400 or more to any request (the page itself or its subresources), a failed request."""

    def __init__(self):
        self.problemes = []
        self.statuts_attendus = set()  # (path, status) a test provokes on purpose

    def brancher(self, contexte):
        contexte.expose_binding("__violationCsp", lambda _s, d: self._violation(d))
        contexte.add_init_script(ECOUTE_CSP)
        contexte.on("page", self._page)
        contexte.on("response", self._reponse)
        contexte.on("requestfailed", self._echec)

    def _violation(self, details):
        if details.get("extrait") != CARET_PLAYWRIGHT:  # Playwright's own style (screenshots)
            self.problemes.append(("CSP", details))

    def _page(self, page):
        def console(message):
            if message.type == "error" and EMPREINTE_CARET not in message.text:
                self.problemes.append(("console", page.url, message.text))

        page.on("console", console)
        page.on("pageerror", lambda e: self.problemes.append(("exception", page.url, str(e))))

    def _reponse(self, reponse):
        if (
            reponse.status >= 400
            and (urlsplit(reponse.url).path, reponse.status) not in self.statuts_attendus
        ):
            self.problemes.append(("HTTP", reponse.status, reponse.request.method, reponse.url))

    def _echec(self, requete):
        # A navigation that turns into a download, or an htmx poll cut by leaving the page: aborted.
        if requete.failure != "net::ERR_ABORTED":
            self.problemes.append(("échec", requete.method, requete.url, requete.failure))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    rapport = yield
    if rapport.when == "call":
        item.rapport_appel = rapport
    return rapport


@pytest.fixture
def ouvrir(navigateur, request):  # the session's Chromium (tests/conftest.py)
    """``ouvrir(base_url)``: a new watched context and its page; the test fails at teardown on any
    problem of ``Surveillance``."""
    from playwright.sync_api import Error

    ouverts = []

    def _ouvrir(base_url: str):
        contexte = navigateur._browser.new_context(
            base_url=base_url,
            ignore_https_errors=True,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        contexte.set_default_timeout(15_000)
        surveillance = Surveillance()
        surveillance.brancher(contexte)
        page = contexte.new_page()
        ouverts.append((contexte, surveillance))
        return page, surveillance

    yield _ouvrir
    problemes = []
    if getattr(request.node, "rapport_appel", None) and request.node.rapport_appel.failed:
        CAPTURES.mkdir(parents=True, exist_ok=True)
        for n, (contexte, _) in enumerate(ouverts):  # what the page showed when the test failed
            for page in contexte.pages:
                with contextlib.suppress(Error):
                    page.screenshot(path=str(CAPTURES / f"echec-{request.node.name}-{n}.png"), full_page=True)
    for contexte, surveillance in ouverts:
        for page in contexte.pages:  # a round trip: the last events are in before closing
            with contextlib.suppress(Error):
                page.evaluate("0")
        contexte.close()
        problemes += surveillance.problemes
    if problemes:
        pytest.fail(f"{len(problemes)} problème(s) dans le navigateur :\n" + "\n".join(map(str, problemes)))
