"""An e-mail backend whose server is down: every send raises, as smtplib does when the host refuses."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class ServeurEnPanne(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service de messagerie indisponible")
