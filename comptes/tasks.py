from celery import shared_task

from comptes import inscription


@shared_task(ignore_result=True)
def purger_inscriptions() -> int:
    """Every hour (Celery beat): delete the sign-ups never confirmed, older than
    INSCRIPTION_CONSERVATION_JOURS (``comptes.inscription.purger``)."""
    return inscription.purger()
