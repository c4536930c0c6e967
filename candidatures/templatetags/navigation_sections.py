"""``{% sections_voisines %}``: the previous and next sections of the page (``candidatures.navigation``)."""

from django import template

from candidatures.navigation import voisines

register = template.Library()


@register.inclusion_tag("candidatures/partials/navigation_sections.html", takes_context=True)
def sections_voisines(context):
    dossier, section = context.get("dossier"), context.get("section_courante")
    precedente, suivante = voisines(dossier, section, context.get("sections")) if dossier else (None, None)
    return {"precedente": precedente, "suivante": suivante, "dossier": dossier}
