from celery import shared_task
from django.core.mail import EmailMultiAlternatives


# Fire and forget: nobody reads a mail's result, so none is stored in Redis.
@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def envoyer_courriel(sujet: str, texte: str, destinataires: list[str], html: str | None = None) -> int:
    """Send one e-mail through Django's mail API (Celery worker when REDIS_URL is set, inline otherwise)."""
    message = EmailMultiAlternatives(sujet, texte, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
