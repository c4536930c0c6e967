"""Celery application: exports and mails run here when REDIS_URL is set, inline otherwise."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami.settings")

app = Celery("ami")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _requetes_longues(**kwargs):
    """The worker builds archives and re-evaluates every open dossier: its statements get
    ``DB_DELAI_REQUETE_LONGUE``, not the web's limit (sent before the pool's processes fork)."""
    from ami.base_de_donnees import prolonger_delai_requetes

    prolonger_delai_requetes()
