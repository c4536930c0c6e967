from django.urls import path

from messagerie import views

app_name = "messagerie"

urlpatterns = [
    path("dossiers/<int:pk>/", views.fil_du_dossier, name="fil"),
    path("dossiers/<int:pk>/pieces-jointes/<int:piece>/", views.piece_jointe, name="piece_jointe"),
    path("dossiers/<int:pk>/inviter/", views.inviter, name="inviter"),
    path("dossiers/<int:pk>/lu/", views.lu, name="lu"),
]
