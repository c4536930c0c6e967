"""Median server time of the read API (/api/v1/) over 10 000 deposited dossiers, next to a bare Django
view and to the portal's own instruction queue, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchapi REDIS_URL= \\
        .venv/bin/python bench/api.py [--repetitions 100] [--dossiers 10000] [--sql] [--profil liste]

Like bench/file.py, whose data it reuses (``file.peupler``: 10 000 deposited dossiers of 1 000
porteurs in every département, 500 drafts): uses DATABASE_URL like the portal (PostgreSQL
recommended), builds a throwaway test database (``test_<name>``, dropped at the end), and runs every
request through Django's test client in this process (no network); the setup is shared in
``bench/outils.py``. One more dossier is deposited through the real dépôt, with 30 members, 80 expense
lines and its pièces (in a temporary PRIVATE_MEDIA_ROOT, removed at the end): the detail measured.

Measured, each with a personal token in ``Authorization: Bearer`` (the rate limit set out of reach):
the list page (50 per page) for an instructeur and for an agent of a DREETS (Hauts-de-France, its
territory only); the list of 200 per page; page 100; filtered by région and état; the full dossier
(annexe 7, members, budget, history, avis, evaluations) and its budget alone. For comparison: the
bare view and the portal's « Dossiers à instruire » (50 per page, HTML), same instructeur.

Prints median and p90 in milliseconds, the ratio to the bare view, and the number of SQL queries of
each request. Goal: ≤ 150 ms median, as the queue (bench/file.py).
"""

import argparse
import os
import shutil
import tempfile

from file import peupler
from outils import NUE, django_de_banc, get, imprimer, mesurer_les_cas, moteur, profiler

OBJECTIF_MS = 150
MEMBRES, LIGNES = 30, 80


def dossier_detaille():
    """A dossier deposited through the real dépôt: 30 members, 80 expense lines, its pièces."""
    import datetime

    from django.utils import timezone

    from ami.models import Appel
    from candidatures.depot import deposer
    from candidatures.models import Dossier
    from demo.exemples import dossier_complet
    from tests.factories import UserFactory

    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=60))
    candidat = UserFactory()
    dossier = Dossier.objects.create(
        appel=Appel.objects.courant(),
        organisation=candidat.organisation,
        intitule="Banc d’essai de l’API",
        cree_par=candidat,
        modifie_par=candidat,
    )
    dossier_complet(dossier, membres=MEMBRES, lignes=LIGNES, user=candidat)
    resultat = deposer(dossier.pk, candidat)
    assert resultat.depose, resultat.motif
    return resultat.dossier


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--sql", action="store_true", help="print the SQL queries of each request")
    parser.add_argument("--profil", action="append", default=[], help="profile this case, repeatable")
    parser.add_argument("--top", type=int, default=30, help="lines of the profile to print")
    args = parser.parse_args()

    fichiers = tempfile.mkdtemp(prefix="ami-bench-")
    os.environ["PRIVATE_MEDIA_ROOT"] = fichiers  # read by the settings, in django_de_banc()
    try:
        with django_de_banc() as settings:
            from django.db import connection
            from django.test import Client
            from django.test.utils import override_settings
            from django.urls import reverse

            from api.models import JetonApi
            from candidatures import cycle
            from candidatures.models import Dossier
            from tests.factories import UserFactory

            peupler(args.dossiers)
            instructeur = UserFactory(instructeur=True)
            detaille = dossier_detaille()
            cycle.effectuer(detaille, cycle.Action.PRENDRE, instructeur)
            with connection.cursor() as curseur:
                if connection.vendor == "postgresql":
                    curseur.execute("VACUUM ANALYZE")
            agent = UserFactory(agent_regional=True)  # DREETS Hauts-de-France
            jetons = {
                u: JetonApi.objects.emettre(u, "Banc d’essai", cree_par=None)[1] for u in (instructeur, agent)
            }
            client, web = Client(), Client()
            web.force_login(instructeur)
            liste = reverse("api:v1:dossiers")
            fiche = reverse("api:v1:dossier", args=[detaille.pk])

            def api(user, url):
                return get(client, url, Authorization=f"Bearer {jetons[user]}")

            cas = {
                "nue": ("vue Django nue", get(client, NUE)),
                "file": ("file d’instruction (web), 50", get(web, reverse("instruction:a_instruire"))),
                "liste": ("API liste, 50, instructeur", api(instructeur, liste)),
                "agent": ("API liste, 50, agent (DREETS)", api(agent, liste)),
                "taille": ("API liste, 200, instructeur", api(instructeur, f"{liste}?taille=200")),
                "page": ("API liste, page 100", api(instructeur, f"{liste}?page=100")),
                "filtres": (
                    "API liste, région 84 + recevable",
                    api(instructeur, f"{liste}?region=84&etat=recevable"),
                ),
                "detail": ("API dossier complet (30 m., 80 l.)", api(instructeur, fiche)),
                "budget": ("API budget du dossier", api(instructeur, f"{fiche}/budget")),
            }
            deposes = Dossier.objects.exclude(numero=None).count()
            print(
                f"base : {moteur(settings)}, {deposes} dossiers déposés, {args.repetitions} requêtes par cas"
            )
            with override_settings(API_LIMITE_PAR_MINUTE=10**9):
                resultats, _ = mesurer_les_cas(cas, args.repetitions, sql=args.sql)
                imprimer(resultats, "nue", OBJECTIF_MS, [c for c in resultats if c != "nue"], largeur=38)
                for cle in args.profil:
                    profiler(*cas[cle], args.top)
    finally:
        shutil.rmtree(fichiers, ignore_errors=True)


if __name__ == "__main__":
    main()
