"""The suite's guards against a hang (a CI run that timed out on a test that never ended, stop 25): a lock
wait is bounded on PostgreSQL, a test that hangs fails after its timeout with every thread's stack."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_attente_de_verrou_bornee_sur_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("lock_timeout : PostgreSQL seulement (SQLite attend au plus son timeout de connexion)")
    with connection.cursor() as curseur:
        curseur.execute("SHOW lock_timeout")
        assert curseur.fetchone()[0] == "2min"


def test_un_test_bloque_echoue_avec_les_piles(pytestconfig):
    assert float(pytestconfig.getini("timeout")) == 900
    assert pytestconfig.getini("timeout_method") == "signal"
    assert float(pytestconfig.getini("faulthandler_timeout")) < float(pytestconfig.getini("timeout"))


def test_chaque_processus_a_sa_base_redis(settings):
    """Under pytest-xdist, the Celery queue of process gwN is Redis database 15 - N - 1 (tests/parallele.py):
    never the one of another process, nor 5 (the production smoke suite) or 6 (the benches)."""
    import os

    travailleur = os.environ.get("PYTEST_XDIST_WORKER")
    if not travailleur or not settings.REDIS_URL:
        pytest.skip("un seul processus, ou sans Redis : une seule file")
    base = int(settings.REDIS_URL.rpartition("/")[2])
    assert base == 14 - int(travailleur.removeprefix("gw"))
    assert base not in (5, 6)
    from ami.celery import app

    assert app.conf.broker_url.endswith(f"/{base}")
