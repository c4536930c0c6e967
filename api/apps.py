from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API de lecture"

    def ready(self):
        from api.receveurs import connecter

        connecter()  # a deactivated account: its tokens revoked (comptes.signaux)
