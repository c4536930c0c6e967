from django.urls import path

from exports.views import pdf

urlpatterns = [
    path("dossiers/<int:pk>/pdf/", pdf.dossier_pdf, name="dossier_pdf"),
]
