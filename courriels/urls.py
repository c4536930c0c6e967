from django.urls import path

from courriels import views

app_name = "courriels"
urlpatterns = [
    path("", views.file_d_envoi, name="file"),
    path("<int:pk>/renvoyer/", views.renvoyer, name="renvoyer"),
]
