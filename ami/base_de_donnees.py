"""How long the portal waits for PostgreSQL (issue 13): every wait on the database is bounded, so that a
database that is down, hangs or has gone from the network gives the French 503 page (``ami.erreurs``) in
seconds instead of holding the request until gunicorn kills the worker.

- **connexion** (``DB_DELAI_CONNEXION``, 3 s): libpq's ``connect_timeout``, the whole connection (TCP,
  TLS negotiation, authentication), for each address of the host: a server that accepts the connection and
  never answers, or a host that drops the packets, fails in 3 s. Refused at once if nothing listens.
- **requête** (``DB_DELAI_REQUETE``, 15 s): PostgreSQL's ``statement_timeout``, sent at connection (no
  extra round trip), for the web: no page waits more than this on one SQL statement.
- **requête longue** (``DB_DELAI_REQUETE_LONGUE``, 600 s; 0: no limit): the same for the processes that
  legitimately run long statements — the Celery worker (archives, re-evaluation of the dossiers,
  ``ami.celery``) and the management commands (``manage.py migrate``, ``demo``…, ``manage.py``; not
  ``runserver``, which serves pages). Set once per process by :func:`prolonger_delai_requetes`, before
  its first connection.
- **réseau** (``DB_DELAI_RESEAU``, 10 s): TCP keepalives on the connection (first probe after 5 s of
  silence, then every 2 s, 3 failures) and ``tcp_user_timeout`` (data sent and unacknowledged that long):
  a server gone from the network mid-query (host down, link cut) is noticed in about 10 s instead of the
  kernel's 15 minutes of retransmissions. A server process that is frozen on a host that still answers
  TCP is not detected by these: ``statement_timeout`` cannot fire either, gunicorn's ``timeout``
  (``gunicorn.conf.py``) is then the last bound.
"""

import re

KEEPALIVE_INACTIVITE = 5  # seconds of silence before the first probe
KEEPALIVE_INTERVALLE = 2  # seconds between probes
KEEPALIVE_ESSAIS = 3  # unanswered probes before the connection is dropped


def statement_timeout(secondes: float) -> str:
    """The libpq ``options`` that set the statement timeout at connection (0: no limit)."""
    return f"-c statement_timeout={round(secondes * 1000)}"


def options_postgresql(*, delai_connexion: int, delai_requete: float, delai_reseau: float) -> dict:
    """The libpq parameters of every connection (``DATABASES["default"]["OPTIONS"]``)."""
    return {
        # libpq's minimum is 2 s (a 1 is read as 2).
        "connect_timeout": max(int(delai_connexion), 2),
        "options": statement_timeout(delai_requete),
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_INACTIVITE,
        "keepalives_interval": KEEPALIVE_INTERVALLE,
        "keepalives_count": KEEPALIVE_ESSAIS,
        "tcp_user_timeout": round(delai_reseau * 1000),
    }


def prolonger_delai_requetes() -> None:
    """This process runs long statements (Celery worker, management command): its connections get
    ``DB_DELAI_REQUETE_LONGUE`` instead of the web's ``DB_DELAI_REQUETE``. Changes the settings in place
    (Django's connections read them at each connection) and closes this thread's open connections, so the
    next query reconnects with it."""
    from django.conf import settings
    from django.db import connections

    for alias, reglages in settings.DATABASES.items():
        options = reglages.get("OPTIONS", {})
        if "postgresql" in reglages.get("ENGINE", "") and "statement_timeout" in options.get("options", ""):
            options["options"] = re.sub(
                r"-c statement_timeout=\d+",
                statement_timeout(settings.DB_DELAI_REQUETE_LONGUE),
                options["options"],
            )
            if alias in connections:
                connections[alias].close()
