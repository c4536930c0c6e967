from django.apps import AppConfig


class CourrielsConfig(AppConfig):
    name = "courriels"
    verbose_name = "Courriels (file d’envoi)"
