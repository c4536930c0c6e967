from celery import shared_task

from exports import archive


@shared_task(ignore_result=True)
def preparer_archive(archive_pk: int) -> None:
    """The ZIP of dossiers, written on disk (Celery worker when REDIS_URL is set, inline otherwise)."""
    archive.preparer(archive_pk)


@shared_task(ignore_result=True)
def purger_archives() -> int:
    """Every hour (Celery beat): delete the archives kept longer than EXPORTS_CONSERVATION_JOURS."""
    return archive.purger()
