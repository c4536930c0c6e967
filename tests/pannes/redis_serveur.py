"""A redis-server of the test's own (``/usr/bin/redis-server`` on a free port, nothing written to disk),
that the test stops, suspends (SIGSTOP: it accepts connections and never answers) and starts again; and
the portal pointed at it — the cache and Celery's broker — as ``REDIS_URL`` would in production."""

import contextlib
import signal
import subprocess
import time

import redis

from tests.processus import port_libre

EXECUTABLE = "/usr/bin/redis-server"


class RedisServeur:
    def __init__(self):
        self.port = port_libre()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.processus = None

    def demarrer(self) -> None:
        self.processus = subprocess.Popen(  # noqa: S603 — redis-server of Debian, fixed arguments
            [EXECUTABLE, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        fin = time.monotonic() + 10
        while time.monotonic() < fin:
            with contextlib.suppress(redis.RedisError):
                if self.client().ping():
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server ne répond pas sur le port {self.port}")

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)

    def arreter(self) -> None:
        """Killed: connections refused at once (a crash, a restart)."""
        if self.processus is not None:
            self.processus.send_signal(signal.SIGCONT)
            self.processus.kill()
            self.processus.wait(10)
            self.processus = None

    def suspendre(self) -> None:
        """Frozen: the kernel still accepts connections, nothing ever answers (a hung host, a partition)."""
        self.processus.send_signal(signal.SIGSTOP)

    def reprendre(self) -> None:
        self.processus.send_signal(signal.SIGCONT)


@contextlib.contextmanager
def portail_sur(url: str, settings):
    """The cache and the broker at ``url`` (tasks sent, not run inline), as with REDIS_URL; then back."""
    from ami.celery import app

    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_DELAI,
                "socket_timeout": settings.REDIS_DELAI,
            },
        }
    }
    avant = app.conf.broker_url, app.conf.task_always_eager

    def _connexions(broker):
        # The pools are kombu's, one per broker URL: built again for ``broker`` (the session's, with
        # REDIS_URL, stays open for the session's worker).
        app._pool = None  # noqa: SLF001
        app.amqp._producer_pool = None  # noqa: SLF001
        app.conf.broker_url = broker

    _connexions(url)
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.pool.force_close_all()  # this server's connections: its port is never used again
        _connexions(avant[0])
        app.conf.task_always_eager = avant[1]
