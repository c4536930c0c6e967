from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from notifications.receveurs import preparer_la_cloche

        user_logged_in.connect(preparer_la_cloche, dispatch_uid="notifications.preparer_la_cloche")
