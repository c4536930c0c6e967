from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and nothing of the domain: the DSFR form base and French input, the rules'
    result type, formatting, background tasks, the administration's side menu."""

    name = "core"
    verbose_name = "Socle commun"
