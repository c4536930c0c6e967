"""The boundaries between the apps, checked on the code itself (no database).

- ``test_couches``: the import contract of pyproject.toml (``[tool.importlinter]``, import-linter's
  ``layers``): a module imports only its own app or the apps below it; the apps of one line (``|``) do not
  import each other; the wiring modules (``ami.urls``, ``ami.settings``…) are the only ones ignored.
- ``test_les_gabarits_des_parties_ignorent_le_dossier``: what import-linter cannot see, the templates: a
  part's (consortium, budget, pieces) neither extends nor includes the dossier's, nor links to its URLs;
  the dossier's pages of a part live in ``candidatures/templates``.
- ``test_aucun_cycle_entre_applications``: the same import graph (grimp, which import-linter builds on),
  every import of the apps' modules — at the top of a file or inside a function — squashed to one node per
  app, with no cycle. The wiring modules' imports are left out, as in the contract: they assemble the
  apps, and no app imports them.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

RACINE = Path(__file__).resolve().parent.parent
CONFIGURATION = tomllib.loads((RACINE / "pyproject.toml").read_text())["tool"]["importlinter"]
APPLICATIONS = CONFIGURATION["root_packages"]
# "ami.urls -> **": the modules whose imports the contract ignores.
CABLAGE = sorted(
    {
        ignore.split("->")[0].strip()
        for contrat in CONFIGURATION["contracts"]
        for ignore in contrat.get("ignore_imports", [])
    }
)


def test_couches():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    resultat = subprocess.run(  # noqa: S603 — the venv's own script, no user input
        [str(lint_imports), "--no-cache"], cwd=RACINE, capture_output=True, text=True, timeout=300
    )
    sortie = resultat.stdout + resultat.stderr
    # Keep the list of the broken contracts (import-linter prints a banner and a summary before it).
    violations = sortie[sortie.find("Broken contracts") :] if "Broken contracts" in sortie else sortie
    assert resultat.returncode == 0, f"Le contrat des couches n’est pas respecté :\n{violations}"


PARTIES = ("consortium", "budget", "pieces")  # the parts of the dossier: they never depend on it


def test_les_gabarits_des_parties_ignorent_le_dossier():
    references = [
        f"{gabarit.relative_to(RACINE)}:{numero}: {ligne.strip()[:100]}"
        for partie in PARTIES
        for gabarit in sorted((RACINE / partie).glob("templates/**/*.*"))
        for numero, ligne in enumerate(gabarit.read_text().splitlines(), start=1)
        if re.search(r"[\"']candidatures[/:]", ligne)
    ]
    assert not references, "Des gabarits des parties utilisent ceux du dossier :\n" + "\n".join(references)


def _graphe_des_applications() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
    """{app: the apps it imports}, and for each pair a few of the imports behind it (« module:line »)."""
    graphe = grimp.build_graph(*APPLICATIONS, cache_dir=None)
    fleches: dict[str, set[str]] = {application: set() for application in APPLICATIONS}
    exemples: dict[tuple[str, str], list[str]] = {}
    for module in sorted(graphe.modules):
        if module in CABLAGE:
            continue
        source = module.split(".")[0]
        for importe in sorted(graphe.find_modules_directly_imported_by(module)):
            cible = importe.split(".")[0]
            if cible == source:
                continue
            fleches[source].add(cible)
            lignes = [d["line_number"] for d in graphe.get_import_details(importer=module, imported=importe)]
            exemples.setdefault((source, cible), []).append(f"{module} -> {importe} (l.{min(lignes)})")
    return fleches, exemples


def _cycles(fleches: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan): each holds at least one cycle."""
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    composantes: list[list[str]] = []

    def visiter(noeud: str) -> None:
        index[noeud] = bas[noeud] = len(index)
        pile.append(noeud)
        for voisin in sorted(fleches[noeud]):
            if voisin not in index:
                visiter(voisin)
                bas[noeud] = min(bas[noeud], bas[voisin])
            elif voisin in pile:
                bas[noeud] = min(bas[noeud], index[voisin])
        if bas[noeud] == index[noeud]:
            composante = []
            while True:
                membre = pile.pop()
                composante.append(membre)
                if membre == noeud:
                    break
            if len(composante) > 1:
                composantes.append(sorted(composante))

    for noeud in sorted(fleches):
        if noeud not in index:
            visiter(noeud)
    return composantes


def _plus_court_cycle(fleches: dict[str, set[str]], depart: str, dans: set[str]) -> list[str]:
    """The shortest cycle from ``depart`` back to it, through the apps ``dans`` (breadth first)."""
    precedent: dict[str, str] = {}
    file = [depart]
    while file:
        noeud = file.pop(0)
        for voisin in sorted(fleches[noeud] & dans):
            if voisin == depart:
                chemin = [noeud]
                while chemin[-1] != depart:
                    chemin.append(precedent[chemin[-1]])
                return [depart, *reversed(chemin[:-1]), depart] if noeud != depart else [depart, depart]
            if voisin not in precedent:
                precedent[voisin] = noeud
                file.append(voisin)
    return []


def test_aucun_cycle_entre_applications():
    fleches, exemples = _graphe_des_applications()
    details, vus = [], set()
    for composante in _cycles(fleches):
        for application in composante:
            cycle = _plus_court_cycle(fleches, application, set(composante))
            cle = frozenset(zip(cycle, cycle[1:], strict=False))
            if cle in vus:
                continue
            vus.add(cle)
            details.append(" -> ".join(cycle) + " :")
            for source, cible in zip(cycle, cycle[1:], strict=False):
                details.extend(f"    {exemple}" for exemple in exemples[(source, cible)][:3])
    assert not details, "Des applications s’importent l’une l’autre :\n" + "\n".join(details)


def test_le_controle_des_cycles_voit_un_cycle():
    """The check itself: a cycle of three apps, and one app apart, on a graph given by hand."""
    fleches = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(fleches) == [["a", "b", "c"]]
    assert _plus_court_cycle(fleches, "b", {"a", "b", "c"}) == ["b", "c", "a", "b"]
    assert _cycles({"a": {"b"}, "b": set()}) == []
