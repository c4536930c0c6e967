"""Point 13: « Section précédente / Section suivante » at the bottom of each section, in the order of
annexe 7 (``candidatures.navigation``), the overview before the first, the dépôt after the last while the
dossier is a draft; and « Besoin d'aide ? » on each section."""

import re

import pytest
from django.urls import reverse

from candidatures.models import Section
from candidatures.navigation import voisines

pytestmark = pytest.mark.django_db


def test_l_ordre_de_l_annexe_7(dossier):
    ordre = Section.values
    for i, section in enumerate(ordre):
        precedente, suivante = voisines(dossier, section)
        if i == 0:
            assert precedente.libelle == "Vue d’ensemble"
        else:
            assert precedente.url == reverse("candidatures:section", args=[dossier.pk, ordre[i - 1]])
            assert precedente.libelle == Section(ordre[i - 1]).label
        if i + 1 < len(ordre):
            assert suivante.url == reverse("candidatures:section", args=[dossier.pk, ordre[i + 1]])
        else:
            assert (suivante.libelle, suivante.url) == (
                "Déposer le dossier",
                reverse("candidatures:depot", args=[dossier.pk]),
            )
    assert voisines(dossier, "apercu") == (None, None)


def test_un_dossier_depose_finit_sur_sa_vue_d_ensemble(depose):
    _, suivante = voisines(depose, Section.PIECES)
    assert suivante.libelle == "Vue d’ensemble"


def test_la_page_d_une_section_a_ses_liens(connecte, dossier):
    html = connecte.get(reverse("candidatures:section", args=[dossier.pk, Section.AXE_2])).content.decode()
    precedente = re.search(r'<a [^>]*href="([^"]+)" id="section-precedente"[^>]*>(.*?)</a>', html, re.S)
    suivante = re.search(r'<a [^>]*href="([^"]+)" id="section-suivante"[^>]*>(.*?)</a>', html, re.S)
    assert precedente.group(1) == reverse("candidatures:section", args=[dossier.pk, Section.AXE_1])
    assert "Section précédente" in precedente.group(2) and "Axe 1" in precedente.group(2)
    assert suivante.group(1) == reverse("candidatures:section", args=[dossier.pk, Section.AXE_3])
    assert "Section suivante" in suivante.group(2) and "Axe 3" in suivante.group(2)
    assert f'href="{reverse("ami:aide")}?dossier={dossier.pk}" id="lien-aide-section"' in html
