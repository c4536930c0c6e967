from django.urls import path

from candidatures import views

app_name = "candidatures"
urlpatterns = [
    path("", views.mes_dossiers, name="mes_dossiers"),
]
