from django import template

from pieces import antivirus

register = template.Library()


@register.inclusion_tag("pieces/partials/antivirus_desactive.html")
def antivirus_desactive():
    """« Analyse antivirus désactivée sur cette instance », where ANTIVIRUS=aucun (the demo)."""
    return {"desactive": not antivirus.active()}
