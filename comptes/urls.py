from django.urls import path

from comptes import views
from comptes import views_compte as compte
from comptes import views_deux_facteurs as deux_facteurs
from comptes import views_equipe as equipe
from comptes import views_gestion as gestion
from comptes import views_inscription as inscription
from comptes import views_proconnect as proconnect

app_name = "comptes"
urlpatterns = [
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", proconnect.deconnexion, name="deconnexion"),
    path("proconnect/inconnu/", proconnect.inconnu, name="proconnect_inconnu"),
    path("espace/", views.espace, name="espace"),
    path("inscription/", inscription.inscrire, name="inscription"),
    path("inscription/envoyee/", inscription.envoyee, name="inscription_envoyee"),
    path("inscription/nouveau-lien/", inscription.nouveau_lien, name="inscription_nouveau_lien"),
    path(
        "inscription/confirmer/<uidb64>/<token>/",
        inscription.confirmer_adresse,
        name="confirmer_adresse",
    ),
    path("mot-de-passe/oublie/", views.MotDePasseOublieView.as_view(), name="mot_de_passe_oublie"),
    path("mot-de-passe/envoye/", views.MotDePasseEnvoyeView.as_view(), name="mot_de_passe_envoye"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.NouveauMotDePasseView.as_view(),
        name="nouveau_mot_de_passe",
    ),
    path("mot-de-passe/modifie/", views.MotDePasseModifieView.as_view(), name="mot_de_passe_modifie"),
    path("mon-compte/", compte.mon_compte, name="mon_compte"),
    path("mon-compte/mot-de-passe/", compte.modifier_mot_de_passe, name="modifier_mot_de_passe"),
    path("mon-compte/adresse/", compte.changer_adresse, name="changer_adresse"),
    path(
        "mon-compte/adresse/confirmer/<uidb64>/<token>/",
        compte.confirmer_nouvelle_adresse,
        name="confirmer_nouvelle_adresse",
    ),
    path("mon-compte/sessions/fermer/", compte.fermer_sessions, name="fermer_sessions"),
    path("equipe/", equipe.page_equipe, name="equipe"),
    path("equipe/inviter/", equipe.inviter, name="equipe_inviter"),
    path("equipe/demander/", equipe.demander, name="equipe_demander"),
    path("equipe/demandes/<int:pk>/", equipe.repondre, name="equipe_repondre"),
    path("equipe/invitations/<int:pk>/renvoyer/", equipe.renvoyer, name="equipe_renvoyer"),
    path("equipe/invitations/<int:pk>/annuler/", equipe.annuler, name="equipe_annuler"),
    path("equipe/membres/<int:pk>/retirer/", equipe.retirer, name="equipe_retirer"),
    path("equipe/membres/<int:pk>/referent/", equipe.referent, name="equipe_referent"),
    path("equipe/quitter/", equipe.quitter, name="equipe_quitter"),
    path("invitation/<str:token>/", equipe.invitation_equipe, name="invitation_equipe"),
    path("deux-facteurs/", deux_facteurs.saisir_le_code, name="deux_facteurs"),
    path("deux-facteurs/activer/", deux_facteurs.activer, name="deux_facteurs_activer"),
    path("deux-facteurs/codes-de-secours/", deux_facteurs.codes_de_secours, name="codes_de_secours"),
    path("deux-facteurs/nouveaux-codes/", deux_facteurs.nouveaux_codes, name="deux_facteurs_nouveaux_codes"),
    path("deux-facteurs/desactiver/", deux_facteurs.desactiver, name="deux_facteurs_desactiver"),
    path(
        "gestion/<int:pk>/deux-facteurs/reinitialiser/",
        deux_facteurs.reinitialiser,
        name="deux_facteurs_reinitialiser",
    ),
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
