import datetime

from celery import shared_task
from django.utils import timezone

from core.arriere_plan import lancer
from exports import archive
from exports.models import EtatExport, FichierExport

# An export still « en attente » this long after its request: its task was not sent (Redis down) or lost.
ATTENTE_MAX = 10 * 60


@shared_task(ignore_result=True)
def preparer_export(export_pk: int) -> None:
    """An export file (ZIP, XLSX or CSV), written in the background (Celery worker when REDIS_URL is
    set, inline otherwise)."""
    archive.preparer(export_pk)


@shared_task(ignore_result=True)
def purger_archives() -> int:
    """Every hour (Celery beat): delete the export files kept longer than EXPORTS_CONSERVATION_JOURS."""
    return archive.purger()


@shared_task(ignore_result=True)
def reprendre_exports() -> int:
    """Every 5 minutes (Celery beat): the exports waiting for more than ``ATTENTE_MAX``, sent again
    (``archive.preparer`` prepares an export once, whatever the number of its tasks)."""
    limite = timezone.now() - datetime.timedelta(seconds=ATTENTE_MAX)
    n = 0
    attente = FichierExport.objects.filter(etat=EtatExport.EN_ATTENTE, cree_le__lt=limite)
    for pk in attente.values_list("pk", flat=True):
        if not lancer(preparer_export, pk):
            break  # Redis still down: the next sweep
        n += 1
    return n
