from celery import shared_task
from django.db import transaction

from instruction.avis import relancer


@shared_task(ignore_result=True)
def relancer_avis():
    """Celery beat runs it every morning (``CELERY_BEAT_SCHEDULE`` in the settings)."""
    with transaction.atomic():
        relancer()
