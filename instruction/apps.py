from django.apps import AppConfig


class InstructionConfig(AppConfig):
    name = "instruction"

    def ready(self):
        from instruction import choix_territoires

        choix_territoires.connecter()  # the filters' territory choices, forgotten when territoires change
