from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "candidatures"
