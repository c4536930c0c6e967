"""The read-only état des dépenses written by ``budget.rendu_etat`` (issue 18) is the table its template
wrote (``tests/gabarits/etat_depenses_avant_issue18.html``, the template as it was): same cells, same order,
same escaping — for a dossier of every group, lines with hostile text, a line of no action, an empty group."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines

from budget.models import LigneDepense
from budget.totaux import etat_des_depenses, totaux
from candidatures.recevabilite import charger
from demo.exemples import dossier_complet
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db
AVANT = Path(__file__).parent / "gabarits" / "etat_depenses_avant_issue18.html"


def _normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _contexte(dossier):
    donnees = charger(dossier)
    groupes = etat_des_depenses(dossier.depenses.order_by("id"), totaux(donnees.budget, donnees.appel))
    return {"groupes": groupes, "appel": donnees.appel, "donnees": donnees}


def test_meme_tableau_que_le_gabarit(donnees_de_base, appel_ouvert):
    dossier = dossier_complet(DossierFactory(), lignes=12, lettres=False)
    premiere = dossier.depenses.order_by("id").first()
    LigneDepense.objects.filter(pk=premiere.pk).update(
        objet='<script>alert("x")</script> & « =SOMME(A1) »', unite="<b>jour</b>", numero_action=None
    )
    LigneDepense.objects.filter(pk=dossier.depenses.order_by("id").last().pk).update(
        cout_unitaire=Decimal("-1234567.885"), date_periode="2022–2023"
    )
    contexte = _contexte(dossier)
    avant = engines["django"].from_string(AVANT.read_text()).render(contexte)
    apres = (
        engines["django"]
        .from_string("{% include 'candidatures/partials/etat_depenses.html' %}")
        .render(contexte)
    )
    assert "&lt;script&gt;" in apres and "<script>" not in apres
    assert _normalise(apres) == _normalise(avant)
    # Every line is there, once.
    assert apres.count("<tr><td>") == dossier.depenses.count() == 12


def test_dossier_sans_depense(donnees_de_base, appel_ouvert):
    contexte = _contexte(DossierFactory())
    avant = engines["django"].from_string(AVANT.read_text()).render(contexte)
    apres = (
        engines["django"]
        .from_string("{% include 'candidatures/partials/etat_depenses.html' %}")
        .render(contexte)
    )
    assert "Aucune dépense." in apres
    assert _normalise(apres) == _normalise(avant)
