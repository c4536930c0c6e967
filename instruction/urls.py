from django.urls import path

from instruction.views import dossier, equipe, file, selection

app_name = "instruction"
urlpatterns = [
    path("", file.a_instruire, name="a_instruire"),
    path("territoire/", file.territoire, name="territoire"),
    path("classement/", dossier.classement, name="classement"),
    path("selection/", selection.selection, name="selection"),
    path("selection/avis/", selection.avis_selection, name="avis_selection"),
    path("dossiers/<int:pk>/", dossier.fiche, name="dossier"),
    path("dossiers/<int:pk>/actions/<str:action>/", dossier.action, name="action"),
    path("dossiers/<int:pk>/suivi/", equipe.suivi_par, name="suivi"),
    path("dossiers/<int:pk>/notes/", equipe.ajouter_note, name="notes"),
    path("dossiers/<int:pk>/notes/<int:note>/modifier/", equipe.modifier_note, name="note_modifier"),
    path("dossiers/<int:pk>/notes/<int:note>/supprimer/", equipe.supprimer_note, name="note_supprimer"),
]
