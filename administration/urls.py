"""The administration's URL patterns that sit under another namespace (``ami.urls`` wires them)."""

from django.urls import path

from administration import courriels

# « Courriels en attente »: /administration/courriels/, namespace ``courriels``.
courriels_patterns = (
    [
        path("", courriels.file_d_envoi, name="file"),
        path("<int:pk>/renvoyer/", courriels.renvoyer, name="renvoyer"),
    ],
    "courriels",
)
