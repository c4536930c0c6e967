"""The links of the mails: the absolute address of a page of the portal (``PORTAIL_URL``, which follows
the ``ADDRESS`` of the deployment), so that every mail leads straight to the page concerned."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def lien_absolu(nom: str, *args, onglet: str = "") -> str:
    """``{% lien_absolu "instruction:dossier" dossier.pk onglet="avis" %}`` →
    ``https://portail…/instruction/dossiers/12/?onglet=avis``."""
    lien = f"{settings.PORTAIL_URL}{reverse(nom, args=args or None)}"
    return f"{lien}?onglet={onglet}" if onglet else lien
