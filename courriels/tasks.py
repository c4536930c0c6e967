"""The outbox's tasks: one mail after its commit, and the sweep of Celery beat (``envoyer-courriels``)."""

from celery import shared_task

from courriels import envoi


@shared_task(ignore_result=True)
def envoyer_courriel(courriel_pk: int) -> bool:
    return envoi.expedier(courriel_pk)


@shared_task(ignore_result=True)
def envoyer_courriels_dus() -> int:
    return envoi.envoyer_dus()
