from django.urls import path

from pilotage import views

app_name = "pilotage"
urlpatterns = [
    path("", views.tableau_de_bord, name="tableau_de_bord"),
]
