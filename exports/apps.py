from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports (PDF, CSV, XLSX, ZIP)"
