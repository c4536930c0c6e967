from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from ami.reevaluation import reevaluer
from comptes.models import User


# Fire and forget: nobody reads a mail's result, so none is stored in Redis.
@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def envoyer_courriel(sujet: str, texte: str, destinataires: list[str], html: str | None = None) -> int:
    """Send one e-mail through Django's mail API (Celery worker when REDIS_URL is set, inline otherwise)."""
    message = EmailMultiAlternatives(sujet, texte, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@shared_task(ignore_result=True)
def reevaluer_recevabilite(appel_pk: int, par_pk: int | None = None) -> None:
    """After a change of the call's rates: every open dossier's recevabilité summary, again."""
    reevaluer(appel_pk, User.objects.filter(pk=par_pk).first())
