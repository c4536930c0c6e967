"""Celery application: exports and mails run here when REDIS_URL is set, inline otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami.settings")

app = Celery("ami")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
