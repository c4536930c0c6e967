"""A call's presentation, typed by an administrateur (issue 19): paragraphs, lists, bold, and never a tag
of its own — every payload and any text come out escaped (``core.balisage.mise_en_forme``)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from core.balisage import mise_en_forme
from tests.charges_xss import CHARGES

BALISES = re.compile(r"</?(p|ul|li|strong)>|<br>")


def test_paragraphes_listes_et_gras():
    texte = "Premier **paragraphe**.\nSuite du premier.\n\n- un\n- **deux**\n\nFin avec ** seule"
    assert mise_en_forme(texte) == (
        "<p>Premier <strong>paragraphe</strong>.<br>Suite du premier.</p>\n"
        "<ul><li>un</li><li><strong>deux</strong></li></ul>\n"
        "<p>Fin avec ** seule</p>"
    )
    assert mise_en_forme("") == "" and mise_en_forme(None) == ""


def test_chaque_charge_reste_du_texte():
    for charge in CHARGES:
        sortie = mise_en_forme(f"{charge}\n\n- {charge}\n\n**{charge}**")
        assert "<" not in BALISES.sub("", sortie), charge
        assert "{{ 7|add:42 }}" in sortie or "{{" not in charge


@given(st.text())
def test_aucune_balise_hors_de_la_mise_en_forme(texte):
    assert "<" not in BALISES.sub("", mise_en_forme(texte))
