"""Helpers of the team's tests: the mails of the outbox to an address, the link a mail carries."""

import re

from django.conf import settings

from courriels.models import Courriel


def courriels_a(adresse: str) -> list[Courriel]:
    return [c for c in Courriel.objects.order_by("pk") if adresse in c.destinataires]


def un_courriel_a(adresse: str) -> Courriel:
    courriels = courriels_a(adresse)
    assert len(courriels) == 1, [c.sujet for c in courriels]
    return courriels[0]


def lien_d_invitation(texte: str) -> str:
    """The path of the invitation link a mail carries."""
    lien = re.search(r"(https?://\S+/compte/invitation/[^/\s]+/)", texte).group(1)
    assert lien.startswith(settings.PORTAIL_URL)
    return lien.removeprefix(settings.PORTAIL_URL)
