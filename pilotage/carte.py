"""The map of France by département: an SVG choropleth of the number of dossiers, drawn from the
committed outlines (``pilotage/geometrie/departements.json``, built by ``construire.py``).

Each département the user oversees is a link to the instruction queue filtered on it (the national
queue for instructeurs and administrateurs, « Dossiers de mon territoire » for an agent); the others
are drawn in grey, without a link. One query: the départements with their count of dossiers, and, for
an agent, whether each is in their territory (``candidatures.politique``, the one rule).
"""

import dataclasses
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from candidatures.politique import politique
from territoires.models import Departement

GEOMETRIE = Path(__file__).parent / "geometrie" / "departements.json"
NOMBRE_DE_CLASSES = 5


@cache
def geometrie() -> dict:
    with open(GEOMETRIE, encoding="utf-8") as f:
        return json.load(f)


def nombre_de_dossiers(n: int, espace: str = "\u00a0") -> str:
    """« 0 dossier », « 1 dossier », « 12 dossiers » (French: singular below 2)."""
    return f"{n}{espace}dossier{'s' if n > 1 else ''}"


@dataclasses.dataclass(frozen=True)
class Classe:
    """A class of the legend: the départements with ``minimum`` to ``maximum`` dossiers (0: none)."""

    rang: int  # 0: no dossier; 1 to 5, darker and darker
    minimum: int
    maximum: int

    @property
    def libelle(self) -> str:
        if self.maximum == 0:
            return "Aucun dossier"
        if self.minimum == self.maximum:
            return nombre_de_dossiers(self.minimum)
        return f"{self.minimum} à {nombre_de_dossiers(self.maximum)}"


def classes(maximum: int, nombre: int = NOMBRE_DE_CLASSES) -> list[Classe]:
    """« Aucun dossier », then up to ``nombre`` classes of equal width from 1 to ``maximum`` (whole
    numbers: fewer classes when the maximum is below ``nombre``)."""
    bornes = sorted({round(k * maximum / nombre) for k in range(1, nombre + 1)} - {0})
    # Fewer classes than colours: spread over the palette, the largest always the darkest.
    k = len(bornes)
    rangs = [(nombre + 1) // 2] if k == 1 else [1 + round(i * (nombre - 1) / (k - 1)) for i in range(k)]
    resultat = [Classe(0, 0, 0)]
    bas = 1
    for rang, haut in zip(rangs, bornes, strict=True):
        resultat.append(Classe(rang, bas, haut))
        bas = haut + 1
    return resultat


def classe_de(n: int, liste: list[Classe]) -> Classe:
    return next((c for c in liste if c.minimum <= n <= c.maximum), liste[0])


@dataclasses.dataclass
class DepartementCarte:
    code: str
    nom: str
    region: str
    nombre: int
    visible: bool  # in the user's territory: coloured, with its link
    classe: Classe | None
    url: str
    chemin: str  # SVG path data
    agrandi: bool = False  # also drawn, with the link, in the inset of Paris and the petite couronne

    @property
    def titre(self) -> str:
        """« Nord (59) : 12 dossiers » (the tooltip and the link's name)."""
        if not self.visible:
            return f"{self.nom} ({self.code}) : hors de votre territoire"
        return f"{self.nom} ({self.code}) : {nombre_de_dossiers(self.nombre, ' ')}"


def carte(user, dossiers) -> dict:
    """What ``pilotage/partials/carte.html`` draws for ``user``, over ``dossiers``
    (``Dossier.objects.for_user(user)``). A dossier over two départements counts in each."""
    agent = (regles := politique(user)).territorial
    file = reverse("instruction:territoire" if agent else "instruction:a_instruire")
    departements = Departement.objects.order_by("code").annotate(
        nombre=Count("dossiers", filter=Q(dossiers__in=dossiers.order_by().values("pk")))
    )
    colonnes = ["code", "nom", "region__nom", "nombre"]
    if agent:
        territoire = regles.departements().filter(pk=OuterRef("pk"))
        departements = departements.annotate(visible=Exists(territoire))
        colonnes.append("visible")
    lignes = list(departements.values(*colonnes))

    geo = geometrie()
    maximum = max((ligne["nombre"] for ligne in lignes if ligne.get("visible", True)), default=0)
    legende = classes(maximum)
    resultat, zoom = [], []
    for ligne in lignes:
        visible = ligne.get("visible", True)
        nombre = ligne["nombre"] if visible else 0
        code = ligne["code"]
        dep = DepartementCarte(
            code=code,
            nom=ligne["nom"],
            region=ligne["region__nom"],
            nombre=nombre,
            visible=visible,
            classe=classe_de(nombre, legende) if visible else None,
            url=f"{file}?{urlencode({'departement': code})}" if visible else "",
            chemin=geo["departements"].get(code, ""),
        )
        if code in geo["zoom"]:
            # Paris and the petite couronne: a few pixels on the map of France, where they are drawn
            # without a link; the enlarged inset carries the links.
            zoom.append(dataclasses.replace(dep, chemin=geo["zoom"][code]))
            dep.agrandi = True
        resultat.append(dep)
    return {
        "viewbox": geo["viewBox"],
        "departements": resultat,
        "zoom": zoom,
        "encarts": [
            {**encart, "y_legende": encart["y"] + encart["hauteur"] + 17} for encart in geo["encarts"]
        ],
        "repere_paris": geo["repere_paris"],
        "legende": legende,
        "agent": agent,
        "tableau": [d for d in resultat if d.visible],
    }
