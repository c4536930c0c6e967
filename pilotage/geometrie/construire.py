"""Build ``pilotage/geometrie/departements.json``: the outline of each of the 101 départements as an SVG
path, for the dashboard's map (no tile server, no JavaScript).

Source: « France GeoJSON » by Grégoire David (https://github.com/gregoiredavid/france-geojson, commit
5d34ee6d0140c29f785fdb047d9329f1aab58833), itself drawn from IGN Admin Express COG 2018 and the INSEE
codes, under the Licence Ouverte / Open Licence d'Etalab (reuse allowed, source to be cited:
« IGN – Admin Express COG 2018, via france-geojson (Grégoire David) »). Two of its files are read:
``departements-version-simplifiee.geojson`` (the 96 départements of metropolitan France) and
``departements-avec-outre-mer.geojson`` (for the five DROM only). Neither is committed here.

    python pilotage/geometrie/construire.py                      # downloads the two files (pinned commit)
    python pilotage/geometrie/construire.py --source /tmp/geo    # or reads them from a folder

What it does, deterministically (same input, same bytes out):

1. projects metropolitan France (Corsica included) with a spherical Lambert conformal conic (standard
   parallels 44° N and 49° N, origin 46.5° N 3° E: the parameters of Lambert-93, the official map
   projection of France), so that the map looks like the usual map of France, not stretched;
2. draws each DROM (971 to 976) in an inset box of its own on the left, in a local equirectangular
   projection (x scaled by the cosine of its latitude), each at its own scale; and Paris with the
   petite couronne (75, 92, 93, 94) again, enlarged, in a box over the Channel: they are a few pixels
   wide on the map of France;
3. simplifies the outlines with Douglas–Peucker, border by border: a border shared by two
   départements is cut at its ends (where three outlines meet, or the coast) and simplified once, so
   that neighbours keep exactly the same border (no gap, no overlap); islets smaller than a few units
   are dropped (each département keeps at least its largest piece);
4. rounds the coordinates to whole units of the viewBox and writes each path with relative moves.
"""

import argparse
import json
import math
import sys
import urllib.request
from pathlib import Path

COMMIT = "5d34ee6d0140c29f785fdb047d9329f1aab58833"
DEPOT = f"https://raw.githubusercontent.com/gregoiredavid/france-geojson/{COMMIT}/"
METROPOLE = "departements-version-simplifiee.geojson"
OUTRE_MER = "departements-avec-outre-mer.geojson"
SORTIE = Path(__file__).with_name("departements.json")

LARGEUR = 1000  # the viewBox's width; the height follows from the layout
COLONNE = 150  # width of the left column of the DROM insets
MARGE = 10
TOLERANCE = 0.55  # Douglas–Peucker, in viewBox units
AIRE_MINIMALE = 6.0  # islets below this area (square units) are dropped
DROM = [
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("976", "Mayotte"),
]
PETITE_COURONNE = ["75", "92", "93", "94"]
LEGENDE_ENCART = 24  # height kept under each inset for its name


# 1. Projections -------------------------------------------------------------------------------------


def lambert(lat0=46.5, lon0=3.0, lat1=44.0, lat2=49.0):
    """Spherical Lambert conformal conic; returns (lon, lat) in degrees → (x, y), y pointing down."""
    r = math.radians
    p1, p2, p0, l0 = r(lat1), r(lat2), r(lat0), r(lon0)

    def t(p):
        return math.tan(math.pi / 4 + p / 2)

    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
    f = math.cos(p1) * t(p1) ** n / n
    rho0 = f / t(p0) ** n

    def projeter(lon, lat):
        rho = f / t(r(lat)) ** n
        theta = n * (r(lon) - l0)
        return rho * math.sin(theta), -(rho0 - rho * math.cos(theta))

    return projeter


def equirectangulaire(lat_centre):
    k = math.cos(math.radians(lat_centre))
    return lambda lon, lat: (lon * k, -lat)


# Geometry helpers -----------------------------------------------------------------------------------


def polygones(geometrie):
    """A GeoJSON (Multi)Polygon as a list of polygons, each a list of rings without the closing point."""
    coords = geometrie["coordinates"]
    liste = [coords] if geometrie["type"] == "Polygon" else coords
    return [[[tuple(p) for p in anneau[:-1]] for anneau in polygone] for polygone in liste]


def aire(anneau):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(anneau, anneau[1:] + anneau[:1], strict=True):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def douglas_peucker(points, tolerance):
    """The points kept of an open line (both ends always kept)."""
    if len(points) < 3:
        return list(points)
    garder = [False] * len(points)
    garder[0] = garder[-1] = True
    pile = [(0, len(points) - 1)]
    while pile:
        debut, fin = pile.pop()
        (xa, ya), (xb, yb) = points[debut], points[fin]
        dx, dy = xb - xa, yb - ya
        longueur = math.hypot(dx, dy)
        distance_max, indice = -1.0, None
        for i in range(debut + 1, fin):
            x, y = points[i]
            d = abs(dy * (x - xa) - dx * (y - ya)) / longueur if longueur else math.hypot(x - xa, y - ya)
            if d > distance_max:
                distance_max, indice = d, i
        if indice is not None and distance_max > tolerance:
            garder[indice] = True
            pile.append((debut, indice))
            pile.append((indice, fin))
    return [p for p, g in zip(points, garder, strict=True) if g]


def bornes(points):
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


# 3. Simplification, border by border ----------------------------------------------------------------


class Simplificateur:
    """Douglas–Peucker over the arcs of a set of features that share borders (same source points)."""

    def __init__(self, entites, transformer, tolerance):
        """``entites``: {code: [polygon: [ring: [(lon, lat)]]]}; ``transformer``: (lon, lat) → (x, y)."""
        self.entites = entites
        self.transformer = transformer
        self.tolerance = tolerance
        self.cache = {}
        voisins = {}
        for polys in entites.values():
            for polygone in polys:
                for anneau in polygone:
                    n = len(anneau)
                    for i, p in enumerate(anneau):
                        v = voisins.setdefault(p, set())
                        v.add(anneau[i - 1])
                        v.add(anneau[(i + 1) % n])
        self.jonctions = {p for p, v in voisins.items() if len(v) > 2}

    def _arc(self, points):
        """The simplified arc, the same for both départements along it (canonical direction)."""
        inverse = points[-1] < points[0] or (points[-1] == points[0] and points[-2] < points[1])
        cle = tuple(reversed(points)) if inverse else tuple(points)
        if cle not in self.cache:
            self.cache[cle] = douglas_peucker([self.transformer(*p) for p in cle], self.tolerance)
        resultat = self.cache[cle]
        return list(reversed(resultat)) if inverse else list(resultat)

    def anneau(self, anneau):
        """The simplified ring (projected), cut at its junctions."""
        coupes = [i for i, p in enumerate(anneau) if p in self.jonctions]
        if not coupes:
            # A ring of its own (an island, or an enclave and its hole): start from its smallest point,
            # in a canonical direction, and cut it in two at its farthest point.
            debut = anneau.index(min(anneau))
            tourne = anneau[debut:] + anneau[:debut]
            if tourne[-1] < tourne[1]:
                tourne = [tourne[0], *reversed(tourne[1:])]
            projetes = [self.transformer(*p) for p in tourne]
            x0, y0 = projetes[0]
            loin = max(range(len(projetes)), key=lambda i: math.dist(projetes[i], (x0, y0)))
            moitie1 = douglas_peucker(projetes[: loin + 1], self.tolerance)
            moitie2 = douglas_peucker([*projetes[loin:], projetes[0]], self.tolerance)
            return moitie1 + moitie2[1:-1]
        resultat = []
        n = len(anneau)
        for k, debut in enumerate(coupes):
            fin = coupes[(k + 1) % len(coupes)]
            longueur = (fin - debut) % n or n
            points = [anneau[(debut + j) % n] for j in range(longueur + 1)]
            resultat.extend(self._arc(points)[:-1])
        return resultat


def simplifier(entites, transformer, tolerance=TOLERANCE, aire_minimale=AIRE_MINIMALE):
    """{code: [polygon: [ring: [(x, y)]]]} projected, simplified, rounded; islets dropped."""
    s = Simplificateur(entites, transformer, tolerance)
    resultat = {}
    for code, polys in entites.items():
        sortie = []
        for exterieur, *trous in polys:
            anneaux = [arrondir(s.anneau(exterieur))]
            if len(anneaux[0]) < 3 or aire(anneaux[0]) < aire_minimale:
                continue  # an islet
            for trou in trous:
                simple = arrondir(s.anneau(trou))
                if len(simple) >= 3 and aire(simple) >= aire_minimale:
                    anneaux.append(simple)
            sortie.append(anneaux)
        if not sortie:  # keep the largest piece, whatever its size (a département never vanishes)
            plus_grand = max(polys, key=lambda poly: aire([transformer(*p) for p in poly[0]]))
            sortie = [[arrondir([transformer(*p) for p in plus_grand[0]])]]
        resultat[code] = sortie
    return resultat


def arrondir(points):
    """Whole units; consecutive duplicates removed."""
    resultat = []
    for x, y in points:
        p = (round(x), round(y))
        if not resultat or resultat[-1] != p:
            resultat.append(p)
    while len(resultat) > 1 and resultat[-1] == resultat[0]:
        resultat.pop()
    return resultat


def chemin(polygones_simplifies):
    """SVG path data: « M x y l dx dy … z » per ring (even-odd fill for the holes)."""
    morceaux = []
    for polygone in polygones_simplifies:
        for anneau in polygone:
            (x0, y0), suite = anneau[0], anneau[1:]
            texte = f"M{x0} {y0}"
            if suite:
                deltas = []
                px, py = x0, y0
                for x, y in suite:
                    deltas.append(f"{x - px} {y - py}")
                    px, py = x, y
                texte += "l" + " ".join(deltas).replace(" -", "-")
            morceaux.append(texte + "z")
    return "".join(morceaux)


# 2. Layout ------------------------------------------------------------------------------------------


def ajuster(points, x, y, largeur, hauteur):
    """The affine map that fits ``points`` (projected) in the box, centred, aspect kept."""
    x0, y0, x1, y1 = bornes(points)
    echelle = min(largeur / (x1 - x0), hauteur / (y1 - y0))
    dx = x + (largeur - (x1 - x0) * echelle) / 2 - x0 * echelle
    dy = y + (hauteur - (y1 - y0) * echelle) / 2 - y0 * echelle
    return lambda px, py: (px * echelle + dx, py * echelle + dy)


def tous_les_points(polys):
    return [p for polygone in polys for anneau in polygone for p in anneau]


def construire(metropole, outre_mer):
    """The JSON document, from the two GeoJSON documents."""
    entites = {f["properties"]["code"]: polygones(f["geometry"]) for f in metropole["features"]}
    noms = {f["properties"]["code"]: f["properties"]["nom"] for f in metropole["features"]}
    assert len(entites) == 96, len(entites)

    # Metropolitan France, right of the column of insets.
    projeter = lambert()
    projetes = [projeter(*p) for polys in entites.values() for p in tous_les_points(polys)]
    x0, y0, x1, y1 = bornes(projetes)
    largeur_metropole = LARGEUR - COLONNE - 2 * MARGE
    echelle = largeur_metropole / (x1 - x0)
    hauteur = round((y1 - y0) * echelle + 2 * MARGE)

    def metropolitain(lon, lat):
        x, y = projeter(lon, lat)
        return (x - x0) * echelle + COLONNE + MARGE, (y - y0) * echelle + MARGE

    departements = {code: chemin(p) for code, p in simplifier(entites, metropolitain).items()}

    # The DROM, one box each in the left column.
    encarts = []
    drom = {f["properties"]["code"]: f for f in outre_mer["features"]}
    pas = (hauteur - MARGE) / len(DROM)
    for rang, (code, nom) in enumerate(DROM):
        polys = polygones(drom[code]["geometry"])
        points = tous_les_points(polys)
        lat_centre = sum(lat for _, lat in points) / len(points)
        locale = equirectangulaire(lat_centre)
        boite = (MARGE, MARGE + rang * pas, COLONNE - 2 * MARGE, pas - MARGE - LEGENDE_ENCART)
        x, y, largeur, hauteur_boite = boite
        place = ajuster([locale(*p) for p in points], x + 6, y + 6, largeur - 12, hauteur_boite - 12)

        def transformer(lon, lat, locale=locale, place=place):
            return place(*locale(lon, lat))

        departements[code] = chemin(simplifier({code: polys}, transformer, aire_minimale=2.0)[code])
        noms[code] = nom
        encarts.append(encart(code, nom, boite))

    # Paris and the petite couronne, enlarged, over the Channel (top left of metropolitan France).
    zoom_entites = {code: entites[code] for code in PETITE_COURONNE}
    points = [projeter(*p) for polys in zoom_entites.values() for p in tous_les_points(polys)]
    boite = (COLONNE + MARGE + 10, MARGE, 180, 135)
    place = ajuster(points, boite[0] + 8, boite[1] + 8, boite[2] - 16, boite[3] - 16)
    zoom = {
        code: chemin(p)
        for code, p in simplifier(zoom_entites, lambda lon, lat: place(*projeter(lon, lat)), 0.4, 2.0).items()
    }
    encarts.append(encart("paris", "Paris et petite couronne", boite))
    # Where they are on the map of France: a frame around them, joined to the inset.
    x0, y0, x1, y1 = bornes([metropolitain(*p) for p in tous_les_points(sum(zoom_entites.values(), []))])
    repere = {"x": math.floor(x0) - 2, "y": math.floor(y0) - 2}
    repere.update(largeur=math.ceil(x1) + 2 - repere["x"], hauteur=math.ceil(y1) + 2 - repere["y"])

    return {
        "source": (
            "IGN – Admin Express COG 2018, via france-geojson (Grégoire David, "
            f"https://github.com/gregoiredavid/france-geojson, commit {COMMIT}), Licence Ouverte d’Etalab ; "
            "projection, insets and simplification: pilotage/geometrie/construire.py"
        ),
        "viewBox": f"0 0 {LARGEUR} {hauteur}",
        "departements": dict(sorted(departements.items())),
        "zoom": zoom,
        "encarts": encarts,
        "repere_paris": repere,
    }


def encart(code, nom, boite):
    x, y, largeur, hauteur = (round(v) for v in boite)
    return {"code": code, "nom": nom, "x": x, "y": y, "largeur": largeur, "hauteur": hauteur}


def lire(source: Path | None, nom: str):
    """A GeoJSON file of ``source``, or downloaded from the pinned commit."""
    if source is not None:
        return json.loads((source / nom).read_text(encoding="utf-8"))
    with urllib.request.urlopen(DEPOT + nom, timeout=120) as reponse:  # noqa: S310 (pinned https URL)
        return json.loads(reponse.read())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="folder of the two GeoJSON files (default: download)")
    parser.add_argument("--sortie", type=Path, default=SORTIE)
    args = parser.parse_args(argv)
    document = construire(lire(args.source, METROPOLE), lire(args.source, OUTRE_MER))
    texte = json.dumps(document, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n"
    args.sortie.write_text(texte, encoding="utf-8")
    print(f"{args.sortie}: {len(document['departements'])} départements, {len(texte.encode()) // 1024} ko")


if __name__ == "__main__":
    sys.exit(main())
