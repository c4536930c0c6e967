"""Les tâches de la messagerie : l'analyse d'une pièce jointe, et sa reprise."""

from celery import shared_task

from messagerie import analyse
from pieces.models import EtatAnalyse

ESSAIS = 6


@shared_task(bind=True, ignore_result=True, max_retries=ESSAIS)
def analyser_piece_jointe(self, piece_pk: int) -> None:
    etat = analyse.analyser(piece_pk)
    if etat == EtatAnalyse.ERREUR and not self.request.is_eager and self.request.retries < ESSAIS:
        raise self.retry(countdown=60 * 2**self.request.retries)


@shared_task(ignore_result=True)
def reprendre_analyses_messagerie() -> int:
    return analyse.reprendre()
