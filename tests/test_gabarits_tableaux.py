"""A DSFR table scrolls sideways in its container on a narrow screen (375 px): a person at the keyboard
must be able to focus that box to scroll it (axe ``scrollable-region-focusable``, WCAG 2.1.1). Every
``fr-table__container`` of a served template carries ``tabindex="0"`` — the « Besoin d’aide ? » page's
table of services was the one missing when the crawl first visited it."""

import re

from tests.test_gabarits_sans_inline import COMMENTAIRE, gabarits_servis

CONTENEUR = re.compile(r"<div[^>]*\bfr-table__container\b[^>]*>")


def test_chaque_tableau_defilant_se_focalise_au_clavier():
    sans = [
        f"{chemin.name}: {balise}"
        for chemin in gabarits_servis()
        for balise in CONTENEUR.findall(COMMENTAIRE.sub("", chemin.read_text()))
        if 'tabindex="0"' not in balise
    ]
    assert not sans, "\n".join(sans)
