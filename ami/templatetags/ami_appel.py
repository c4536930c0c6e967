"""The call a page is about, named in the header (``templates/partials/entete.html``)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nom_de_l_appel(context) -> str:
    """The short name of the page's call: its dossier's (when the view read it with the dossier), else
    the call the view worked on (``candidatures.appels.appel_de_travail``, when it asked); « » otherwise.
    No query of its own: a page that never read a call names none."""
    dossier = context.get("dossier")
    appel = getattr(dossier, "_state", None) and dossier._state.fields_cache.get("appel")
    if appel is None:
        appel = getattr(context.get("request"), "_appel_de_travail", None)
    return getattr(appel, "nom_court", "") or ""
