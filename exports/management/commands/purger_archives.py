from django.core.management.base import BaseCommand

from exports.archive import purger


class Command(BaseCommand):
    help = "Supprime les archives ZIP dont le délai de conservation (EXPORTS_CONSERVATION_JOURS) est écoulé."

    def handle(self, *args, **options):
        n = purger()
        self.stdout.write(f"{n} archive(s) supprimée(s).")
