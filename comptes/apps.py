from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from comptes.gestion import suivre_les_comptes

        suivre_les_comptes()
