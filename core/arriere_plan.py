"""The background, and what a request does when it is away (issue 13). A task is sent to Celery by
``lancer`` only: with the broker (Redis) unreachable it logs and answers False within the broker's
timeouts (``ami.settings``, under a second), and the request goes on — the job stays recorded in the
database (an archive « en attente », a pièce « en cours d'analyse », a mail of the outbox ``courriels``)
and a Celery beat sweep sends it again once Redis is back. Without REDIS_URL the task runs inline.

``PANNES`` are the errors of a cache or broker that is down: those who read the cache (who has a
dossier open, the API's rate limit) catch them and say « information indisponible »."""

import logging
import time

from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

journal = logging.getLogger(__name__)

PANNES = (RedisError, OperationalError, OSError)
# How long the answer of ``indisponible`` holds in each process: a page polled every second pings once.
MEMOIRE = 5.0
_etat = {"le": 0.0, "indisponible": False}


def lancer(tache, *args) -> bool:
    """Send ``tache(*args)`` to the workers (inline without REDIS_URL); False when the broker is down."""
    if tache.app.conf.task_always_eager:
        tache.delay(*args)  # inline: an error is the task's own, raised as before
        return True
    try:
        tache.delay(*args)
    except PANNES as erreur:
        journal.warning(
            "Tâche %s%r non envoyée, service de tâches injoignable : %s", tache.name, args, erreur
        )
        _etat.update(le=time.monotonic(), indisponible=True)
        return False
    _etat.update(le=time.monotonic(), indisponible=False)
    return True


def lancer_apres_validation(tache, *args) -> None:
    """``lancer`` once the caller's transaction commits (never for a rolled-back change)."""
    transaction.on_commit(lambda: lancer(tache, *args))


def indisponible() -> bool:
    """Whether the service of tasks (the broker) is unreachable now: asked at most every ``MEMOIRE``
    seconds per process, for the pages that say a job is delayed (an archive en attente)."""
    from celery import current_app as app  # the project's (ami.celery), not imported from below it

    if app.conf.task_always_eager:
        return False
    if time.monotonic() - _etat["le"] < MEMOIRE:
        return _etat["indisponible"]
    try:
        with app.connection_for_write() as connexion:
            connexion.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        reponse = False
    except PANNES:
        reponse = True
    _etat.update(le=time.monotonic(), indisponible=reponse)
    return reponse
