from django.contrib import admin
from django.urls import include, path

from administration import appels as appels_admin
from administration import securite as securite_admin
from administration import views as views_admin
from administration.urls import courriels_patterns
from ami import views
from candidatures import views_aide
from exports.views import attestation

admin.site.site_header = "AMI SPIE — administration technique"
admin.site.site_title = "AMI SPIE"

ami_patterns = (
    [
        path("questions-reponses/", views.faq, name="faq"),
        path("besoin-d-aide/", views_aide.aide, name="aide"),
        path("administration/", views_admin.parametres, name="administration"),
        path("administration/appels/", appels_admin.liste, name="appels"),
        path("administration/appels/nouveau/", appels_admin.nouveau, name="appel_nouveau"),
        path(
            "administration/appels/<int:pk>/reprendre-laureats/",
            appels_admin.reprendre_laureats,
            name="reprendre_laureats",
        ),
        path("administration/appels/<int:pk>/<str:action>/", appels_admin.changer_etat, name="appel_etat"),
        path("administration/grille/", views_admin.grille, name="grille"),
        path("administration/exclusions/", views_admin.exclusions, name="exclusions"),
        path("administration/contacts/", views_aide.contacts, name="contacts"),
        path("administration/journal/", views_admin.journal_des_modifications, name="journal"),
        path("administration/journal/securite/", securite_admin.journal_securite, name="journal_securite"),
        path("accessibilite/", views.page_info, {"page": "accessibilite"}, name="accessibilite"),
        path("mentions-legales/", views.page_info, {"page": "mentions_legales"}, name="mentions_legales"),
        path(
            "donnees-personnelles/",
            views.page_info,
            {"page": "donnees_personnelles"},
            name="donnees_personnelles",
        ),
    ],
    "ami",
)

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("compte/", include("comptes.urls")),
    path("oidc/", include("comptes.urls_proconnect")),  # ProConnect (comptes.proconnect)
    # L'attestation de dépôt (exports.attestation), before the dossier's pages (their ``<pk>/<section>/``).
    path("candidatures/<int:pk>/attestation-depot/", attestation.attestation_pdf, name="attestation_depot"),
    path("candidatures/", include("candidatures.urls")),
    path("instruction/", include("instruction.urls")),
    path("exports/", include("exports.urls")),
    path("tableau-de-bord/", include("pilotage.urls")),
    path("api/", include("api.urls")),
    path("messagerie/", include("messagerie.urls")),
    path("notifications/", include("notifications.urls")),
    path("administration/courriels/", include(courriels_patterns)),
    path("django-admin/", admin.site.urls),
    path("", include(ami_patterns)),
]

# A request refused before any view (body too big, too many fields…): a French page, 413 or 400.
handler400 = "ami.erreurs.requete_refusee"
# Any other exception, in a view or a middleware: the database unavailable gives a French 503, else 500.
handler500 = "ami.erreurs.erreur_serveur"
