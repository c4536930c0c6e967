import os

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls that the
# browser tests make around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _attente_de_verrou_bornee(sender, connection, **kwargs):
    """On PostgreSQL, a statement waits two minutes at most for a lock (a connection left in a
    transaction by a thread, a TRUNCATE behind it): the test fails with « canceling statement due to lock
    timeout » instead of hanging the suite (a wait inside libpq is beyond pytest-timeout's signal)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("SET lock_timeout = '120s'")


def pytest_configure(config):
    from django.db.backends.signals import connection_created

    connection_created.connect(_attente_de_verrou_bornee, dispatch_uid="tests-lock-timeout")


@pytest.fixture(autouse=True)
def _rapide(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A cache of the test's own (who has a dossier open…): nothing left by another test, nor by Redis.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _taches_immediates():
    """Tasks run inline unless a test asks for the Redis worker: a test without a worker must never
    leave a task in Redis, for the next test's worker to run (and mail into that test's outbox)."""
    from ami.celery import app

    app.conf.task_always_eager = True


@pytest.fixture(scope="session", autouse=True)
def _worker_redis():
    """With REDIS_URL, one worker for the session, started before any test opens the database
    (celery closes Django's connections when a worker starts)."""
    if not settings.REDIS_URL:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    from ami.celery import app

    app.control.purge()  # what an interrupted run may have left
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture(scope="session", autouse=True)
def _clamd(tmp_path_factory):
    """ClamAV's daemon for the session (tests/clamd.py), with the EICAR signature: every pièce a test
    makes is scanned by the real clamd. Not started (clamav-daemon missing): the pièces stay « en cours
    d'analyse », and the tests that ask for ``clamd`` fail with the reason — none is skipped."""
    from tests.clamd import Clamd

    clamd = Clamd(tmp_path_factory.mktemp("clamd"))
    clamd.demarrer()
    settings.ANTIVIRUS = "clamd"
    settings.CLAMD_ADRESSE = str(clamd.socket)
    yield clamd
    clamd.arreter()


@pytest.fixture
def clamd(_clamd):
    if not _clamd.actif and not _clamd.demarrer():
        pytest.fail(f"clamd ne tourne pas : {_clamd.erreur}")
    return _clamd


@pytest.fixture
def celery_worker_si_redis(_worker_redis):
    """With REDIS_URL, this test's tasks go through Redis to a real worker (in this process, so it
    sees mail.outbox); without, they run inline."""
    if not settings.REDIS_URL:
        yield None
        return
    from ami.celery import app

    app.conf.task_always_eager = False
    yield _worker_redis
    app.conf.task_always_eager = True


@pytest.fixture
def attendre():
    """Wait for a condition made true by a background task (Celery worker or inline)."""
    import time

    def _attendre(condition, delai=10.0):
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            valeur = condition()
            if valeur:
                return valeur
            time.sleep(0.05)
        return condition()

    return _attendre


@pytest.fixture
def candidat():
    """A candidat of a conseil départemental (tests/dossier, tests/instruction)."""
    from tests.factories import UserFactory

    return UserFactory(first_name="Camille", last_name="Martin")


@pytest.fixture
def collegue(candidat):
    """Another member of the candidat's porteur."""
    from tests.factories import UserFactory

    return UserFactory(organisation=candidat.organisation, first_name="Dominique", last_name="Petit")


@pytest.fixture
def dossier(candidat):
    """A draft dossier of the candidat's porteur."""
    from tests.factories import DossierFactory

    return DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)


@pytest.fixture
def connecte(client, candidat):
    """The test client, logged in as the candidat."""
    client.force_login(candidat)
    return client


def retablir_donnees_des_migrations():
    """What the data migrations filled (the INSEE référentiel with each région's service, the 2021 call
    with its grid), put back after a transactional test's flush emptied every table (idempotent)."""
    from auditlog.context import disable_auditlog

    from ami.models import Appel
    from territoires.models import Departement, Region
    from territoires.referentiel import charger, charger_services_regionaux

    with disable_auditlog():  # as a migration does it: nobody's change, no line in the journal
        if not Region.objects.exists():
            charger(Region, Departement)
            charger_services_regionaux(Region)
        if not Appel.objects.exists():
            Appel.objects.create()  # with the 2021 grid (Appel.save)


_TRANSACTIONNELS = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _transactionnel(item):
    marque = item.get_closest_marker("django_db")
    return bool(_TRANSACTIONNELS & set(getattr(item, "fixturenames", ()))) or bool(
        marque and marque.kwargs.get("transaction")
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test (a browser test, a live server), its flush has emptied the tables the
    data migrations filled: they are put back before the next test, whatever it is. Serially, pytest-django
    runs the transactional tests last; on several processes (``--dist loadfile``) a process runs the files
    it is given in turn, and a file of ordinary tests after a browser test found no call, no département
    (stop 26's CI: 80 failures). ``nextitem`` is None at the session's end: the database is gone."""
    yield
    if nextitem is None or not _transactionnel(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        retablir_donnees_des_migrations()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, dropped at the end only once every other connection to it is closed:
    a connection a thread left open (the Celery worker's, a live server's) made PostgreSQL refuse the
    DROP DATABASE, an error of the session's last test (stop 27's CI)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as curseur:
        curseur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def donnees_de_base(transactional_db):
    """Browser tests run in transactional tests: the test before may have been one (its flush is undone
    after it, ``pytest_runtest_teardown``); the loaders are idempotent."""
    retablir_donnees_des_migrations()


# The State's users and a deposited dossier, shared by tests/instruction, exports, api, pilotage. -----


@pytest.fixture
def appel_ouvert(settings, tmp_path):
    """The 2021 call's deadline is past: open it for a month; pièces go to ``tmp_path``. Folders whose
    every test needs it make it autouse in their conftest."""
    import datetime

    from django.utils import timezone

    from ami.models import Appel

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    retablir_donnees_des_migrations()  # a transactional test's flush emptied what data migrations filled
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    return Appel.objects.courant()


@pytest.fixture
def depose(candidat, collegue):
    """A complete dossier of the candidat's conseil départemental (Nord, 59), deposited."""
    from tests.depots import deposer_dossier

    return deposer_dossier(candidat)


@pytest.fixture
def instructeur():
    from tests.factories import UserFactory

    return UserFactory(instructeur=True, first_name="Alex", last_name="Durand")


@pytest.fixture
def instructeur2():
    from tests.factories import UserFactory

    return UserFactory(instructeur=True, first_name="Sacha", last_name="Bernard")


@pytest.fixture
def agent_nord():
    """An agent of the DDETS du Nord: sees the dossiers of the 59."""
    from tests.factories import DepartementFactory, ServiceTerritorialFactory, UserFactory

    return UserFactory(
        agent=True,
        first_name="Morgane",
        last_name="Lefebvre",
        service_territorial=ServiceTerritorialFactory(departement=DepartementFactory(), nom="DDETS du Nord"),
    )


@pytest.fixture
def agent_region():
    """An agent of the DREETS Hauts-de-France (02, 59, 60, 62, 80)."""
    from tests.factories import UserFactory

    return UserFactory(agent_regional=True)


@pytest.fixture
def agent_ailleurs():
    """An agent of the DDETS d'Ille-et-Vilaine: sees none of the Nord's dossiers."""
    from tests.factories import DepartementFactory, ServiceTerritorialFactory, UserFactory

    bretagne = DepartementFactory(code="35", nom="Ille-et-Vilaine", region__code="53", region__nom="Bretagne")
    return UserFactory(agent=True, service_territorial=ServiceTerritorialFactory(departement=bretagne))


@pytest.fixture
def administrateur():
    from tests.factories import UserFactory

    return UserFactory(administrateur=True, first_name="Dominique", last_name="Admin")


@pytest.fixture(scope="session")
def navigateur():
    """The session's Chromium (Debian's, tests/browser/conftest.py's flags), shared by the browser tests and
    the production smoke suite: Playwright's sync API runs one instance per thread."""
    from playwright.sync_api import sync_playwright

    from tests.browser.outils import ARGS, CHROMIUM, NavigateurSurveille

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield NavigateurSurveille(browser)
        browser.close()
