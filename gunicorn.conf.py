"""gunicorn's configuration in production: ``gunicorn -c gunicorn.conf.py`` from the project's root.

Every value comes from the environment (same names as gunicorn's settings, prefixed ``GUNICORN_``), with the
production default; an option on the command line wins over this file (``--bind 127.0.0.1:8000``).

How the timeouts fit (issue 13): a request waits at most ``DB_DELAI_CONNEXION`` (3 s) to connect to
PostgreSQL and ``DB_DELAI_REQUETE`` (15 s) per SQL statement (``ami/base_de_donnees.py``); past those the
portal answers its French 503 page itself. gunicorn's ``timeout`` is only the last bound, for a worker that
is stuck elsewhere (a frozen database process on a host that still answers TCP, an endless loop): the
worker is killed and the client gets no page from the portal (the proxy's 502). It stays well above the
database's limits so that they always fire first.
"""

import os


def _entier(nom: str, defaut: int) -> int:
    valeur = os.environ.get(nom, "").strip()
    return int(valeur) if valeur else defaut


wsgi_app = "ami.wsgi:application"

# Only the HTTPS proxy on the same host reaches gunicorn (README, « Production »).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers: one request at a time each; (2 × cores) + 1 is gunicorn's advice for a portal whose
# requests wait mostly on PostgreSQL. Each worker holds at most one database connection.
workers = _entier("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)

# Seconds a worker may spend on one request before the arbiter kills it (and restarts it).
timeout = _entier("GUNICORN_TIMEOUT", 60)

# On a restart or stop (SIGTERM, SIGHUP), seconds a worker gets to finish the request in progress.
graceful_timeout = _entier("GUNICORN_GRACEFUL_TIMEOUT", 30)

# Seconds an idle keep-alive connection from the proxy stays open; above nginx's default of reusing its
# upstream connections within a few seconds, below its own keepalive_timeout (75 s).
keepalive = _entier("GUNICORN_KEEPALIVE", 5)

# Addresses whose X-Forwarded-* headers gunicorn believes (the proxy on this host). The portal itself only
# believes X-Forwarded-Proto with DERRIERE_PROXY=true (ami/settings_production.py).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# A worker replaced after this many requests (plus up to the jitter), against a slow memory growth; 0, the
# default, never. A new worker imports the portal again (about 3 s) while the others take its share: under
# 200 candidats saving every 5 s (bench/charge.py) a worker was replaced every ~80 s at 1000 and each
# replacement put 2 s on the saves of that moment (p99 2.0 s, p95 344 ms; 0: p99 338 ms, p95 224 ms).
# Exports and PDFs of archives are written by the Celery worker, not here; set it (e.g. 20000) only if the
# memory of the workers is seen to grow.
max_requests = _entier("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _entier("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Access log on standard output (journald, docker logs…), « - » by default; a path to write a file.
# Combined log format plus the duration in milliseconds and the client address the proxy gives:
#   127.0.0.1 - - [02/Dec/2026:01:02:03 +0100] "GET /instruction/ HTTP/1.1" 200 5123 "…" "…" 87ms 203.0.113.7
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT",
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %({x-forwarded-for}i)s',
)
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# gunicorn's control socket (``gunicornc``): off unless a path is given — its default path,
# ~/.gunicorn/gunicorn.ctl, is shared by every gunicorn of the user (a second instance takes it over).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def post_worker_init(worker):
    """Import every view (the URLconf, WeasyPrint, openpyxl…) when the worker starts, not during its first
    request: about 3 s here, which the first user after each restart of a worker would wait."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)
