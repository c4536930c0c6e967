"""Daily reminder of the avis requested and still awaited (cron, or Celery beat: see README)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from instruction.avis import RELANCE_JOURS, relancer


class Command(BaseCommand):
    help = f"Relance les services dont l’avis est attendu dans les {RELANCE_JOURS} jours."

    def handle(self, *args, **options):
        with transaction.atomic():
            n = relancer()
        self.stdout.write(f"{n} demande(s) d’avis relancée(s).")
