from django.urls import include, path

from exports.views import tableurs

app_name = "exports"
urlpatterns = [
    path("", tableurs.exports, name="exports"),
    path("dossiers.xlsx", tableurs.classeur_xlsx, name="xlsx"),
    path("<str:feuille>.csv", tableurs.tableur_csv, name="csv"),
    path("archives/", tableurs.archive_demander, name="archive_demander"),
    path("archives/<int:pk>/", tableurs.archive_suivi, name="archive_suivi"),
    path("archives/<int:pk>/telecharger/", tableurs.archive_telecharger, name="archive_telecharger"),
    # The dossier as PDF (exports/urls_pdf.py).
    path("", include("exports.urls_pdf")),
]
