import os

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls that the
# browser tests make around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _rapide(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def celery_worker_si_redis():
    """With REDIS_URL, tasks go through Redis to a real worker (in this process, so it sees mail.outbox)."""
    if not settings.REDIS_URL:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    from ami.celery import app

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def courriels_immediats(monkeypatch):
    """The dépôt's mail sent inline (the Redis path is covered by the password-reset tests)."""
    from ami.tasks import envoyer_courriel

    monkeypatch.setattr(envoyer_courriel, "delay", lambda *a, **k: envoyer_courriel.run(*a, **k))


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
