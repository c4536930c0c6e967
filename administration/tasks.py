"""The administration's background tasks. Their registered names are those of the version where they
lived in ``ami.tasks``: a task already queued in Redis by that version still finds its function."""

from celery import shared_task

from administration.reevaluation import reevaluer
from comptes.models import User
from courriels import envoi


@shared_task(name="ami.tasks.envoyer_courriel", ignore_result=True)
def envoyer_courriel(sujet: str, texte: str, destinataires: list[str], html: str | None = None) -> None:
    """The mails queued in Redis by the version before the outbox (issue 13): put into the outbox, sent
    from there. Nothing sends through this task any more (``courriels.envoi.envoyer``)."""
    envoi.envoyer(sujet, texte, destinataires)


@shared_task(name="ami.tasks.reevaluer_recevabilite", ignore_result=True)
def reevaluer_recevabilite(appel_pk: int, par_pk: int | None = None) -> None:
    """After a change of the call's rates: every open dossier's recevabilité summary, again."""
    reevaluer(appel_pk, User.objects.filter(pk=par_pk).first())
