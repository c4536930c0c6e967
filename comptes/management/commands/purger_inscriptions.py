from django.conf import settings
from django.core.management.base import BaseCommand

from comptes import inscription


class Command(BaseCommand):
    help = (
        "Supprime les comptes créés par « Créer un compte » dont l’adresse n’a pas été confirmée depuis "
        "INSCRIPTION_CONSERVATION_JOURS jours (ce que fait aussi la tâche horaire de Celery beat)."
    )

    def handle(self, *args, **options):
        n = inscription.purger()
        jours = settings.INSCRIPTION_CONSERVATION_JOURS
        self.stdout.write(f"{n} inscription(s) non confirmée(s) depuis plus de {jours} jours supprimée(s).")
