"""What every response carries for the users' safety, whatever the view: no copy of a page with personal
data kept by the browser or a proxy, and a French page when the CSRF check fails.

The Content-Security-Policy and the Permissions-Policy come from django-csp and django-permissions-policy
(``ami.settings``)."""

from django.conf import settings
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

PAS_DE_CACHE = "private, no-store"
# The header that gives an htmx page the current CSRF token after a failure (static/ami/portail.js).
ENTETE_JETON = "X-Jeton-CSRF"


def reponse_personnelle(request, response) -> bool:
    """A response for one person: to a browser with a session (every logged-in user has one; the
    session cookie is read rather than the session, so that no query is made when the database fails),
    to an API token, or a file to download (a piece, a PDF, an export, an archive)."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return True
    if response.get("Content-Disposition", "").startswith("attachment"):
        return True
    # A login's answer: the session starts with it.
    return settings.SESSION_COOKIE_NAME in response.cookies


class PasDeCacheMiddleware:
    """``Cache-Control: private, no-store`` on every personal response (``reponse_personnelle``), at the
    root rather than view by view. Placed below whitenoise: static files keep their long caching. A view
    that already forbids storing (``never_cache``) keeps its header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if reponse_personnelle(request, response) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = PAS_DE_CACHE
        return response


def echec_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: the page was opened before the user logged in again (or its session changed);
    the portal's 403 page explains it and asks to reload the page. An htmx save gets the explanation
    where the save status shows, with the current token, so that what was typed stays in the page and
    the next save goes through."""
    if request.headers.get("HX-Request") == "true":
        reponse = render(request, "partials/page_expiree.html", status=403)
        reponse["HX-Retarget"] = "#statut-enregistrement"
        reponse["HX-Reswap"] = "innerHTML"
        reponse["HX-Reselect"] = "#page-expiree"
        reponse[ENTETE_JETON] = get_token(request)
        return reponse
    # Back to the page the form was on, if it is one of the portal's.
    precedente = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(precedente, {request.get_host()}, request.is_secure()):
        precedente = ""
    return render(request, "403_csrf.html", {"page_precedente": precedente}, status=403)
