"""The ProConnect login's URLs, under /oidc/ (``ami.urls``), with the names that mozilla-django-oidc reverses
(``oidc_authentication_callback`` is the ``redirect_uri`` to declare to ProConnect: ``/oidc/callback/``).
The logout is ``comptes:deconnexion``, which chooses (``comptes.views_proconnect.deconnexion``)."""

from django.urls import path

from comptes.views_proconnect import DemandeProConnect, RetourProConnect

urlpatterns = [
    path("authenticate/", DemandeProConnect.as_view(), name="oidc_authentication_init"),
    path("callback/", RetourProConnect.as_view(), name="oidc_authentication_callback"),
]
