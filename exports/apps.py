from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports (PDF, CSV, XLSX, ZIP)"

    def ready(self):
        from exports.receveurs import connecter

        connecter()  # an agent moved: his exports deleted (comptes.signaux)
