from django.urls import include, path

from exports.views import journal, tableurs

app_name = "exports"
urlpatterns = [
    path("", tableurs.exports, name="exports"),
    path("fichiers/", tableurs.demander, name="demander"),
    path("fichiers/<int:pk>/", tableurs.suivi, name="suivi"),
    path("fichiers/<int:pk>/telecharger/", tableurs.telecharger, name="telecharger"),
    # The links of the mails sent before the exports were generalised (kept EXPORTS_CONSERVATION_JOURS).
    path("archives/<int:pk>/telecharger/", tableurs.telecharger),
    # The journal de sécurité as CSV (administrateurs; the page is ami:journal_securite).
    path("journal-securite.csv", journal.journal_securite_csv, name="journal_securite_csv"),
    # The dossier as PDF (exports/urls_pdf.py).
    path("", include("exports.urls_pdf")),
]
