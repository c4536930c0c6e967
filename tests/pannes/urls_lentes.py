"""The portal's URLs and handlers, plus ``/lente/``: a statement longer than ``DB_DELAI_REQUETE``."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from ami.urls import handler400, handler500
from ami.urls import urlpatterns as portail

__all__ = ["handler400", "handler500", "urlpatterns"]


@login_not_required
def lente(request):
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_sleep(%s)", [settings.DB_DELAI_REQUETE + 30])
    return HttpResponse("la requête a duré plus que statement_timeout")


urlpatterns = [path("lente/", lente), *portail]
