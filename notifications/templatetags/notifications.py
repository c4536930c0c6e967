from django import template
from django.urls import reverse

from notifications.services import non_lues

register = template.Library()


@register.inclusion_tag("notifications/cloche.html", takes_context=True)
def cloche(context):
    """The bell of a logged-in person: his unread count (``notifications.services.non_lues``). Not for the
    technical account, which has no page of the portal (``comptes.permissions.PAGES``)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if getattr(user, "role", "technique") == "technique":
        return {"montrer": False}
    chemin = getattr(request, "path", "")
    return {"montrer": True, "nombre": non_lues(user), "actif": chemin == reverse("notifications:liste")}
