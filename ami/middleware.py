from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.shortcuts import render
from django.urls import reverse


class ConnexionRequiseMiddleware(LoginRequiredMiddleware):
    """Every view needs a login. An htmx save without a session (it expired while typing) gets a login
    prompt in the save status instead of a redirect: the page, and what was typed, stay."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            return session_expiree(request)
        return super().handle_no_permission(request, view_func)


def session_expiree(request):
    """An htmx save without a session: a login prompt where the save status shows (``#statut-enregistrement``
    of the dossier's sections); the text stays."""
    reponse = render(
        request,
        "partials/session_expiree.html",
        {"connexion": reverse("comptes:connexion") + "?next=" + reverse("comptes:espace")},
    )
    reponse["HX-Retarget"] = "#statut-enregistrement"
    reponse["HX-Reswap"] = "innerHTML"
    return reponse
