"""The dashboard's charts, drawn by the server (inline SVG and HTML bars, no JavaScript library):
here, their geometry; the templates only write it out. Each chart comes with its data table."""

import math
from dataclasses import dataclass

from candidatures.models import Etat

# One colour per état, from the DSFR illustrative palette (``static/pilotage/tableau-de-bord.css``).
CLASSES_ETATS = {
    Etat.DEPOSE: "etat-depose",
    Etat.EN_INSTRUCTION: "etat-en-instruction",
    Etat.COMPLEMENTS: "etat-complements",
    Etat.RECEVABLE: "etat-recevable",
    Etat.IRRECEVABLE: "etat-irrecevable",
    Etat.PROPOSE: "etat-propose",
    Etat.LAUREAT: "etat-laureat",
    Etat.NON_RETENU: "etat-non-retenu",
    Etat.RETIRE: "etat-retire",
}


def pas_lisible(maximum: int, graduations: int = 5) -> int:
    """A step of 1, 2 or 5 × 10ⁿ giving about ``graduations`` lines up to ``maximum`` (whole numbers)."""
    if maximum <= graduations:
        return 1
    brut = maximum / graduations
    puissance = 10 ** math.floor(math.log10(brut))
    return next(p * puissance for p in (1, 2, 5, 10) if p * puissance >= brut)


@dataclass
class Segment:
    y: float
    hauteur: float
    classe: str
    titre: str


@dataclass
class Colonne:
    x: float
    largeur: float
    centre: float
    libelle: str  # under the axis, every few weeks ("" otherwise)
    segments: list


def histogramme_empile(semaines, largeur: int = 960, hauteur: int = 320) -> dict:
    """Stacked bars, one per week (``indicateurs.Semaine``), one segment per état, in lifecycle order
    from the bottom."""
    gauche, droite, haut, bas = 48, 8, 12, 40
    zone_l, zone_h = largeur - gauche - droite, hauteur - haut - bas
    maximum = max((s.total for s in semaines), default=0)
    pas = pas_lisible(maximum)
    plafond = max(pas * math.ceil(maximum / pas), 1)
    echelle = zone_h / plafond
    n = max(len(semaines), 1)
    case = zone_l / n
    barre = min(case * 0.7, 56)
    tous_les = math.ceil(n / 12)  # at most 12 labels under the axis
    colonnes = []
    for i, semaine in enumerate(semaines):
        x = gauche + i * case + (case - barre) / 2
        base = haut + zone_h
        segments = []
        for etat, classe in CLASSES_ETATS.items():
            nombre = semaine.effectifs.get(etat, 0)
            if not nombre:
                continue
            h = nombre * echelle
            base -= h
            segments.append(
                Segment(
                    round(base, 1),
                    round(h, 1),
                    classe,
                    f"Semaine du {semaine.debut:%d/%m/%Y}, {Etat(etat).label.lower()} : {nombre}",
                )
            )
        libelle = f"{semaine.debut:%d/%m}" if i % tous_les == 0 else ""
        colonnes.append(Colonne(round(x, 1), round(barre, 1), round(x + barre / 2, 1), libelle, segments))
    graduations = [
        {"valeur": v, "y": round(haut + zone_h - v * echelle, 1)} for v in range(0, plafond + 1, pas)
    ]
    return {
        "viewbox": f"0 0 {largeur} {hauteur}",
        "colonnes": colonnes,
        "graduations": graduations,
        "x_axe": gauche,
        "x_fin": largeur - droite,
        "y_axe": haut + zone_h,
        "y_libelles": haut + zone_h + 20,
    }


def barres(lignes: list[tuple[str, str, int]]) -> list[dict]:
    """Horizontal bars: (key, label, value) → the same with the bar's width in % of the largest."""
    maximum = max((valeur for _, _, valeur in lignes), default=0)
    return [
        {
            "cle": cle,
            "libelle": libelle,
            "valeur": valeur,
            "largeur": round(100 * valeur / maximum, 1) if maximum else 0,
            "classe": "",
        }
        for cle, libelle, valeur in lignes
    ]
