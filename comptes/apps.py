from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from comptes.gestion import suivre_les_comptes

        suivre_les_comptes()
        from comptes.sessions import connecter as noter_les_sessions

        noter_les_sessions()  # the browser, address and time of each login, for « Mon compte »
        from comptes.receveurs_securite import connecter as consigner_les_connexions

        consigner_les_connexions()  # the journal de sécurité: logins, failures, lockouts, logouts
