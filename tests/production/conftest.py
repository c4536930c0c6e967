"""The portal as deployed, for the smoke suite (issue 13): ``ami.settings_production`` on a fresh
PostgreSQL database with the demo data, collectstatic into STATIC_ROOT, gunicorn (its ``gunicorn.conf.py``,
3 workers) on 127.0.0.1 behind Debian's nginx, which terminates TLS with a certificate made here
(``DERRIERE_PROXY=true``, the README's server blocks), a Celery worker on Redis, the real clamd of
``tests/clamd.py``, the e-mails written to files the tests read. Everything is started once for the
session and stopped at the end; the database is dropped.

The same data served by ``runserver`` under the development settings (``portail_developpement``) gives
the layout the production pages are compared with."""

import contextlib
import os
import secrets
import shutil
import sys
import time

import pytest

from tests.browser.outils import CAPTURES
from tests.production.deploiement import (
    BIN,
    ENV_EXCLU,
    NGINX,
    RACINE,
    REDIS_PRODUCTION,
    STATIQUES,
    Courriels,
    Portail,
    arreter,
    attendre_http,
    configuration_nginx,
    empreinte_statiques,
    executer,
    lancer,
    port_libre,
    serveur_postgres,
    sql_admin,
)
from tests.production.outils import Surveillance, absent


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
        # Under the development settings (the production ones require REDIS_URL), same database and files.
        executer(
            [*python, "demo", "--force"],
            {**env, "DJANGO_SETTINGS_MODULE": "ami.settings", "REDIS_URL": ""},
            journaux["preparation"],
            600,
        )
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
