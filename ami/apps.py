from django.apps import AppConfig


class AmiConfig(AppConfig):
    name = "ami"
    verbose_name = "Appel à manifestation d'intérêt"
