from django.contrib.auth.middleware import LoginRequiredMiddleware


class ConnexionRequiseMiddleware(LoginRequiredMiddleware):
    """Every view needs a login. An htmx save without a session (it expired while typing) gets a login
    prompt in the save status instead of a redirect: the page, and what was typed, stay."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            from candidatures.views import session_expiree

            return session_expiree(request)
        return super().handle_no_permission(request, view_func)
