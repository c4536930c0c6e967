"""The state of a dossier as the user of the page reads it (``Politique.etat_visible``): a porteur never
reads the internal « Proposé »."""

from django import template

from candidatures.models import Etat
from candidatures.politique import politique

register = template.Library()


@register.simple_tag(takes_context=True)
def etat_lu(context, dossier) -> Etat:
    """``{% etat_lu dossier as etat %}``: an ``Etat`` (``etat.label``, compared with its value)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return Etat(dossier.etat)
    return Etat(politique(user).etat_visible(dossier.etat))
