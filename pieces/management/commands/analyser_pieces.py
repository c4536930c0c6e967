from django.core.management.base import BaseCommand

from pieces import analyse


class Command(BaseCommand):
    help = (
        "Analyse à nouveau les pièces jointes en attente (antivirus injoignable, tâche perdue, "
        "ou déposées quand l’antivirus était désactivé)."
    )

    def handle(self, *args, **options):
        n = analyse.reprendre()
        self.stdout.write(f"{n} pièce(s) remise(s) en analyse.")
