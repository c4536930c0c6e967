"""Background tasks of the pièces: the analysis after an upload, and its retries (Celery beat)."""

from celery import shared_task

from pieces import analyse
from pieces.models import EtatAnalyse

# clamd down: retried after 1, 2, 4… minutes (the beat task ``reprendre_analyses`` takes over after).
ESSAIS = 6


@shared_task(bind=True, ignore_result=True, max_retries=ESSAIS)
def analyser_piece(self, piece_pk: int) -> None:
    etat = analyse.analyser(piece_pk)
    # Inline (no REDIS_URL), the request does not wait for a retry: ``reprendre_analyses`` comes back to it.
    if etat == EtatAnalyse.ERREUR and not self.request.is_eager and self.request.retries < ESSAIS:
        raise self.retry(countdown=60 * 2**self.request.retries)


@shared_task(ignore_result=True)
def reprendre_analyses() -> int:
    return analyse.reprendre()
