"""The territory choices of the dossiers' filters (« Région », « Département ») and the territory an
agent's page names, cached: no query, no model instance per request.

Why the Django cache and not a per-process memo: the régions and départements are reference data (the
INSEE référentiel of ``territoires/data``, loaded by migration, read-only in the admin, where only a
région's contact address changes), but the tests create some with factories and clear the cache
between tests; the cache is shared by the processes with Redis.

One cache entry (``CLE``): {scope: ``ChoixTerritoires``}. The scope is the SQL of
``politique(user).departements()``, the one rule of who sees which départements (the national team's,
each DDETS's, each DREETS's): no second copy of that rule here. A miss costs the one query the pages
made every time before (codes and names only: ``values_list``). The entry is forgotten when a région or
a département is saved or deleted through the ORM and after ``migrate`` (``oublier``, connected by
``instruction.apps``), and after ``DUREE`` anyway (a change made behind the ORM's back)."""

import logging
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache

from candidatures.politique import politique
from core.arriere_plan import PANNES

journal = logging.getLogger(__name__)

CLE = "instruction:choix-territoires:v1"
DUREE = 3600  # seconds


@dataclass(frozen=True)
class ChoixTerritoires:
    regions: tuple = ()  # (code, nom), in alphabetical order of the names without accents
    departements: tuple = ()  # (code, « 59 – Nord »), in the order of the codes
    noms: tuple = ()  # « Nord (59) », as ``str(Departement)``: the territory of an agent's page


VIDE = ChoixTerritoires()


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def calculer(departements) -> ChoixTerritoires:
    """The choices of ``departements`` (a queryset): one query."""
    lignes = list(departements.values_list("code", "nom", "region_id", "region__nom"))
    regions = {region: nom_region for _, _, region, nom_region in lignes}
    return ChoixTerritoires(
        regions=tuple(sorted(regions.items(), key=lambda c: _sans_accents(c[1]))),
        departements=tuple((code, f"{code} – {nom}") for code, nom, _, _ in lignes),
        noms=tuple(f"{nom} ({code})" for code, nom, _, _ in lignes),
    )


def choix_de(user) -> ChoixTerritoires:
    """The territory choices of ``user``'s filters: those of the départements he reads (all of them for
    the national team, his service's otherwise), from the cache."""
    departements = politique(user).departements()
    if departements.query.is_empty():
        return VIDE
    sql, params = departements.query.sql_with_params()
    portee = f"{sql} {params!r}"
    try:
        tous = cache.get(CLE) or {}
    except PANNES as erreur:  # Redis down: the one query of before, and the page answers (issue 13)
        journal.warning("Choix des territoires non lus dans le cache, cache injoignable : %s", erreur)
        return calculer(departements)
    choix = tous.get(portee)
    if choix is None:
        choix = calculer(departements)
        try:
            cache.set(CLE, {**tous, portee: choix}, DUREE)
        except PANNES as erreur:
            journal.warning("Choix des territoires non gardés, cache injoignable : %s", erreur)
    return choix


def oublier(**kwargs) -> None:
    """Receiver of ``post_save``/``post_delete`` of Region and Departement, and of ``post_migrate``."""
    try:
        cache.delete(CLE)
    except PANNES as erreur:  # forgotten after DUREE anyway
        journal.warning("Choix des territoires non oubliés, cache injoignable : %s", erreur)


def connecter() -> None:
    """Called once by ``InstructionConfig.ready``."""
    from django.db.models.signals import post_delete, post_migrate, post_save

    from territoires.models import Departement, Region

    for modele in (Region, Departement):
        for signal in (post_save, post_delete):
            signal.connect(
                oublier, sender=modele, dispatch_uid=f"instruction.choix_territoires.{modele.__name__}"
            )
    post_migrate.connect(oublier, dispatch_uid="instruction.choix_territoires.migrate")
