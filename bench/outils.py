"""What every benchmark shares: Django set up on a throwaway test database, a bare view and a logged-in
bare page (``PAGE_NUE``: ``base.html``, empty) to compare with, a logged-in test client, and medians.

Templates are not instrumented (no ``setup_test_environment``): that instrumentation sends a signal
and copies the context for every template rendered, which the server does not do and which costs
more than the render itself on pages of many fields. Its settings are set here instead.
"""

import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami.settings")

NUE = "/bench-nue/"
# The bare *page*: ``base.html`` with an empty content, for a logged-in user (the menu, the bell, the
# context processors, the session and the middleware of every page): the reference of the pages' ratios.
PAGE_NUE = "/bench-page-nue/"


@contextlib.contextmanager
def django_de_banc():
    """Django ready, the bare view at ``NUE``, a test database dropped at the end."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.decorators import login_not_required
    from django.http import HttpResponse
    from django.test.utils import override_settings, setup_databases, teardown_databases
    from django.urls import path
    from django.utils import translation

    import ami.urls

    @login_not_required
    def vue_nue(request):
        return HttpResponse("ok")

    from django.template import engines

    gabarit_nu = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Page nue{% endblock %}'
    )

    def page_nue(request):
        """A logged-in bare page of ``base.html``: what every page costs before its own content."""
        return HttpResponse(gabarit_nu.render({}, request))

    ami.urls.urlpatterns.insert(0, path(NUE.strip("/") + "/", vue_nue))
    ami.urls.urlpatterns.insert(0, path(PAGE_NUE.strip("/") + "/", page_nue))
    anciennes = setup_databases(verbosity=0, interactive=False)
    try:
        with (
            override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                ALLOWED_HOSTS=["testserver"],
                DEBUG=False,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ),
            translation.override(settings.LANGUAGE_CODE),
        ):
            yield settings
    finally:
        teardown_databases(anciennes, verbosity=0)


def moteur(settings) -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def get(client, url, **headers):
    """A request function for ``mesurer``: GET ``url``, which must answer 200."""

    def requete():
        debut = time.perf_counter()
        reponse = client.get(url, headers=headers)
        duree = (time.perf_counter() - debut) * 1000
        assert reponse.status_code == 200, (url, reponse.status_code)
        return duree, reponse

    return requete


def mesurer(requete, repetitions: int, echauffement: int = 10) -> tuple[float, float]:
    """(median, p90) in ms of ``requete()`` (which returns its duration first), after a warm-up."""
    for _ in range(echauffement):
        requete()
    durees = sorted(requete()[0] for _ in range(repetitions))
    return statistics.median(durees), durees[int(len(durees) * 0.9)]


def mesurer_les_cas(cas: dict, repetitions: int, echauffement: int = 10, sql=False, longueur_sql=300):
    """Each case of ``cas`` (key → (label, requete)): its median and p90 (``mesurer``), then one more
    run with its SQL captured, printed with ``sql``. Returns the ``resultats`` of ``imprimer`` and, by
    key, (what that last run returned, its captured queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resultats, derniers = {}, {}
    for cle, (libelle, requete) in cas.items():
        mediane, p90 = mesurer(requete, repetitions, echauffement)
        with CaptureQueriesContext(connection) as requetes:
            retour = requete()
        resultats[cle] = (libelle, mediane, p90, len(requetes))
        derniers[cle] = (retour, requetes.captured_queries)
        if sql:
            print(f"-- {libelle}")
            for requete_sql in requetes.captured_queries:
                print(f"   {requete_sql['time']}s  {requete_sql['sql'][:longueur_sql]}")
    return resultats, derniers


def imprimer(resultats: dict, base: str, objectif_ms: float, avec_objectif, largeur: int = 34):
    """The table of a benchmark: median, p90, ratio to the bare view ``base``, SQL queries, and whether
    each case of ``avec_objectif`` meets ``objectif_ms``. ``resultats``: key → (label, median, p90, n)."""
    reference = resultats[base][1]
    print(f"{'requête':<{largeur}} {'médiane ms':>11} {'p90 ms':>8} {'ratio':>7} {'requêtes SQL':>13}")
    for cle, (libelle, mediane, p90, nombre) in resultats.items():
        marque = ""
        if cle in avec_objectif:
            marque = "  ok" if mediane <= objectif_ms else f"  > objectif {objectif_ms} ms"
        ratio = mediane / reference
        print(f"{libelle:<{largeur}} {mediane:>11.2f} {p90:>8.2f} {ratio:>7.1f} {nombre:>13}{marque}")


def profiler(libelle: str, requete, top: int, fois: int = 20):
    """``requete`` ``fois`` times under cProfile: the ``top`` functions by cumulated, then own time."""
    import cProfile
    import pstats

    profil = cProfile.Profile()
    profil.enable()
    for _ in range(fois):
        requete()
    profil.disable()
    print(f"\nProfil : {libelle}, {fois} requêtes (temps cumulé, puis temps propre)")
    # The portal's own functions first (the project's files, not the venv's): where its time goes.
    racine = str(Path(__file__).resolve().parent.parent)
    projet = pstats.Stats(profil)
    projet.sort_stats("cumulative").print_stats(rf"^{racine}/(?!\.venv/)", top)
    if os.environ.get("BANC_APPELEES"):  # e.g. BANC_APPELEES=charger: what those functions call
        projet.print_callees(os.environ["BANC_APPELEES"])
    stats = pstats.Stats(profil).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
