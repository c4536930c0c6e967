from django.contrib.auth import views as auth_views
from django.urls import path

from comptes import views
from comptes import views_gestion as gestion

app_name = "comptes"
urlpatterns = [
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path("espace/", views.espace, name="espace"),
    path("mot-de-passe/oublie/", views.MotDePasseOublieView.as_view(), name="mot_de_passe_oublie"),
    path("mot-de-passe/envoye/", views.MotDePasseEnvoyeView.as_view(), name="mot_de_passe_envoye"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.NouveauMotDePasseView.as_view(),
        name="nouveau_mot_de_passe",
    ),
    path("mot-de-passe/modifie/", views.MotDePasseModifieView.as_view(), name="mot_de_passe_modifie"),
    path("gestion/", gestion.gestion_des_comptes, name="gestion"),
    path("gestion/inviter/", gestion.inviter, name="inviter"),
    path("gestion/<int:pk>/", gestion.compte, name="compte"),
    path("gestion/<int:pk>/desactiver/", gestion.desactiver, name="desactiver"),
    path("gestion/<int:pk>/reactiver/", gestion.reactiver, name="reactiver"),
    path(
        "gestion/<int:pk>/renvoyer-invitation/",
        gestion.renvoyer_invitation,
        name="renvoyer_invitation",
    ),
]
