from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py demo``) and the example dossiers the tests build, through the services."""

    name = "demo"
    verbose_name = "Données de démonstration"
