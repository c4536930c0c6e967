"""Issue 12 item 7: « a 1 000 000-character answer makes a 190-page PDF that takes 60 s ». With every
long answer of the dossier at its cap (5 000 characters, README « Saisie »), saved through the real
section views, the dossier deposits, its PDF is made in bounded time and pages with every answer whole,
and the XLSX export holds every answer whole (under the 32 767 characters of a cell)."""

import io
import time

import openpyxl
import pytest
from django import forms
from django.urls import reverse
from pypdf import PdfReader

from candidatures.depot import deposer
from candidatures.models import Dossier
from candidatures.sections import DEFINITIONS, saisie
from demo.exemples import dossier_complet
from tests.exports.demandes import exporter
from tests.factories import DossierFactory
from tests.saisie.hostile import TEXTE_MAX, corps

pytestmark = pytest.mark.django_db
URLENCODE = "application/x-www-form-urlencoded"
PHRASE = (
    "Le consortium accompagne chaque personne vers l’emploi durable, avec ses partenaires du territoire. "
)


def _au_plafond(numero: int) -> str:
    """A French text of exactly TEXTE_MAX characters, its end marked (« fin 3 ») to find it whole."""
    fin = f" fin {numero}."
    return (PHRASE * (TEXTE_MAX // len(PHRASE) + 1))[: TEXTE_MAX - len(fin)] + fin


def test_item7_pdf_et_tableur_avec_toutes_les_reponses_au_plafond(client, candidat, instructeur):
    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)
    dossier_complet(dossier, user=candidat)
    client.force_login(candidat)
    textes, noms = [], []
    for section, definition in DEFINITIONS.items():
        courante = saisie(definition, Dossier.objects.get(pk=dossier.pk))
        longs = [
            (form.add_prefix(nom), field)
            for form in courante.formulaires()
            for nom, field in form.fields.items()
            if isinstance(field.widget, forms.Textarea) and field.max_length == TEXTE_MAX
        ]
        if not longs:
            continue
        donnees = {}
        for nom_html, _ in longs:
            donnees[nom_html] = _au_plafond(len(textes))
            textes.append(donnees[nom_html])
            noms.append(nom_html)
        # Every other field as stored (a section save posts them all).
        for form in courante.formulaires():
            for nom, field in form.fields.items():
                valeur = form[nom].value()
                if form.add_prefix(nom) not in donnees and valeur not in (None, False, ""):
                    valeur = field.widget.format_value(valeur) if not isinstance(valeur, list) else valeur
                    donnees[form.add_prefix(nom)] = "on" if valeur is True else valeur
        url = reverse("candidatures:section", args=[dossier.pk, section])
        paires = [("version", str(Dossier.objects.get(pk=dossier.pk).version(section))), *donnees.items()]
        reponse = client.post(url, corps(paires), content_type=URLENCODE)
        assert reponse.status_code == 302, (section, reponse.status_code)
    assert len(textes) >= 25  # adresse, territoire, 3 axes and their extras, axe 4

    resultat = deposer(dossier.pk, candidat)
    assert resultat.depose, resultat.motif

    debut = time.monotonic()
    reponse = client.get(reverse("exports:dossier_pdf", args=[dossier.pk]))
    duree = time.monotonic() - debut
    assert reponse.status_code == 200
    lecteur = PdfReader(io.BytesIO(reponse.content))
    pages = len(lecteur.pages)
    texte = " ".join(" ".join((p.extract_text() or "").split()) for p in lecteur.pages)
    print(f"PDF : {len(textes)} réponses de {TEXTE_MAX} caractères, {pages} pages en {duree:.1f} s")
    assert pages <= 80  # 190 pages for one answer of 1 000 000 characters before the cap
    assert duree < 60
    for numero, nom in enumerate(noms):
        if nom.endswith("chiffres_explication"):
            continue  # shown only when the % is declared unavailable (candidatures.resume); tableur: yes
        assert f"fin {numero}." in texte, nom

    classeur = openpyxl.load_workbook(io.BytesIO(exporter(client, instructeur, "xlsx")))  # by the worker
    cellules = {c.value for feuille in classeur for ligne in feuille.iter_rows() for c in ligne}
    for numero, attendu in enumerate(textes):
        assert attendu in cellules, f"réponse {numero} absente ou coupée dans le classeur"
