from django.urls import path

from instruction.views import dossier, file

app_name = "instruction"
urlpatterns = [
    path("", file.a_instruire, name="a_instruire"),
    path("territoire/", file.territoire, name="territoire"),
    path("classement/", dossier.classement, name="classement"),
    path("dossiers/<int:pk>/", dossier.fiche, name="dossier"),
    path("dossiers/<int:pk>/actions/<str:action>/", dossier.action, name="action"),
]
