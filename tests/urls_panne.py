from django.contrib.auth.decorators import login_not_required
from django.urls import path

from ami.urls import urlpatterns as portail


@login_not_required
def panne(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", panne), *portail]
