from django.urls import path

from candidatures import views, views_lignes, views_mes_dossiers, views_pieces

app_name = "candidatures"
urlpatterns = [
    path("", views_mes_dossiers.mes_dossiers, name="mes_dossiers"),
    path("nouveau/", views_mes_dossiers.creer, name="creer"),
    path("<int:pk>/", views.apercu, name="apercu"),
    path("<int:pk>/depot/", views.depot, name="depot"),
    path("<int:pk>/recepisse/", views.recepisse, name="recepisse"),
    path("<int:pk>/complements/", views.transmettre_complements, name="transmettre_complements"),
    path("<int:pk>/retirer/", views.retirer, name="retirer"),
    path("<int:pk>/rouvrir/", views.rouvrir, name="rouvrir"),
    path("<int:pk>/renommer/", views.renommer, name="renommer"),
    path("<int:pk>/supprimer/", views.supprimer, name="supprimer"),
    # The pièces section has its own view; it answers at the URL of ``section`` with section="pieces".
    path("<int:pk>/pieces/", views_pieces.section_pieces, name="section_pieces"),
    path("<int:pk>/pieces/ajouter/<str:nature>/", views_pieces.ajouter, name="piece_ajouter"),
    path("<int:pk>/pieces/<int:piece_pk>/", views_pieces.telecharger, name="piece"),
    path("<int:pk>/pieces/<int:piece_pk>/supprimer/", views_pieces.supprimer, name="piece_supprimer"),
    path("<int:pk>/pieces/<int:piece_pk>/etat/", views_pieces.etat_piece, name="piece_etat"),
    path("<int:pk>/<str:section>/", views.section, name="section"),
    path(
        "<int:pk>/<str:section>/lignes/<str:cle>/ajouter/", views_lignes.ligne_ajouter, name="ligne_ajouter"
    ),
    path(
        "<int:pk>/<str:section>/lignes/<str:cle>/<int:ligne_pk>/supprimer/",
        views_lignes.ligne_supprimer,
        name="ligne_supprimer",
    ),
    path(
        "<int:pk>/<str:section>/lignes/<str:cle>/retablir/",
        views_lignes.ligne_restaurer,
        name="ligne_restaurer",
    ),
]
