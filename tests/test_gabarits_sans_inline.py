"""Issue 12 item 2: no served template holds what the Content-Security-Policy refuses (an inline script,
an ``on…=`` handler, a ``style=`` attribute, a <style> element, a javascript: URL), nor a <script> without
the request's nonce. The PDF templates (exports/templates/exports/pdf) are read by WeasyPrint, never by a
browser: left out."""

import re
from pathlib import Path

from django.conf import settings

RACINE = Path(settings.BASE_DIR)
PDF = RACINE / "exports" / "templates" / "exports" / "pdf"

# Django comments first: a comment may speak of a style attribute.
COMMENTAIRE = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)
BALISE = re.compile(r"<[a-zA-Z][^>]*>", re.S)
GESTIONNAIRE = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"\sstyle\s*=", re.I)
SCRIPT = re.compile(r"<script\b", re.I)


def gabarits_servis() -> list[Path]:
    dossiers = [Path(d) for gabarits in settings.TEMPLATES for d in gabarits["DIRS"]]
    dossiers += [p for p in RACINE.glob("*/templates") if ".venv" not in p.parts]
    return sorted(
        chemin for dossier in dossiers for chemin in dossier.rglob("*.html") if not chemin.is_relative_to(PDF)
    )


def defauts(texte: str) -> list[str]:
    texte = COMMENTAIRE.sub("", texte)
    trouves = []
    for balise in BALISE.findall(texte):
        if GESTIONNAIRE.search(balise):
            trouves.append(f"gestionnaire en ligne : {balise}")
        if STYLE.search(balise):
            trouves.append(f"attribut style : {balise}")
        if SCRIPT.match(balise) and (" src=" not in balise or "nonce=" not in balise):
            trouves.append(f"script sans src ou sans nonce : {balise}")
        if re.match(r"<style\b", balise, re.I):
            trouves.append(f"élément style : {balise}")
        if "javascript:" in balise.lower():
            trouves.append(f"URL javascript: : {balise}")
    return trouves


def test_item2_aucun_gabarit_servi_n_a_de_script_ni_de_style_en_ligne():
    gabarits = gabarits_servis()
    assert len(gabarits) > 80  # every app's templates, the project's
    assert RACINE / "templates" / "base.html" in gabarits
    fautes = {str(g.relative_to(RACINE)): defauts(g.read_text()) for g in gabarits}
    assert {nom: liste for nom, liste in fautes.items() if liste} == {}


def test_item2_le_controle_voit_chaque_forme_interdite():
    """The scan itself: each form refused by the CSP is found, and the allowed ones pass."""
    assert defauts('<button onclick="window.print()">') != []
    assert defauts('<a href="#" ONMOUSEOVER = "x()">') != []
    assert defauts('<div class="barre" style="width: 3%">') != []
    assert defauts("<script>alert(1)</script>") != []
    assert defauts('<script src="/static/x.js"></script>') != []  # no nonce
    assert defauts("<style>p { color: red }</style>") != []
    assert defauts('<a href="javascript:void(0)">') != []
    assert defauts('<script src="/static/x.js" nonce="{{ request.csp_nonce }}"></script>') == []
    assert defauts('{# no style attribute: style="…" #}<rect width="3%"/>') == []
    assert defauts('<button data-imprimer type="button">') == []
