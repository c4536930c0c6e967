"""/api/jetons/ (the administrateurs' page) and /api/v1/ (the read API, its OpenAPI document and its
documentation, namespace ``api:v1``). The API authenticates by token, not by session: its views are
exempt from ``ami.middleware.ConnexionRequiseMiddleware``."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api import views
from api.v1 import api

app_name = "api"


def _sans_session(urls):
    """Every view of the API but its root (which ninja needs to compute its paths, and which answers
    404 like any unknown page: to the login page first, as the rest of the portal)."""
    motifs, application, espace = urls
    for motif in motifs:
        if motif.name != "api-root":
            login_not_required(motif.callback)
    return motifs, application, espace


urlpatterns = [
    path("jetons/", views.jetons, name="jetons"),
    path("jetons/<int:pk>/revoquer/", views.revoquer, name="revoquer_jeton"),
    path("v1/", _sans_session(api.urls)),
]
