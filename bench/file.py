"""Median server time of the instruction queue over 50 000 deposited dossiers, each request next to the
logged-in bare page of the same run (``PAGE_NUE``: ``base.html`` with an empty content).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchfile REDIS_URL= \\
        .venv/bin/python bench/file.py [--repetitions 50] [--dossiers 50000] [--sql] [--explain] \\
        [--cas tri_region --cas tri_departement] [--profil <cas>]

Like bench/dossier.py: uses DATABASE_URL like the portal (PostgreSQL recommended), builds a throwaway
test database (``test_<name>``, dropped at the end), and runs every request through Django's test
client in this process (no network); the setup is shared in ``bench/outils.py``.

The dossiers are built directly (``bulk_create``, as the dépôt leaves them: number, date, frozen
amounts), spread over 1 000 porteurs of every type in every département, every état but the draft,
one département each and a second one of the same région for one in ten; 500 drafts besides, which
the queue never shows. The link table is filled by ``bulk_create`` too, which sends no signal: the
stored sort keys are then computed as the migration computes them (``candidatures.tri.recalculer``).

Measured, as an instructeur (or an agent) loads them: the queue unfiltered; filtered by région; a
search on the porteur's name; page 100; **every sort of the queue** (``instruction.file.TRIS``),
ascending, and département / région descending too (stored keys ``tri_departement``, ``tri_region``,
indexed with the id); the agent's « Dossiers de mon territoire » of a DREETS, filtered and sorted by
coût global.

Prints median and p90 in milliseconds, the ratio to the logged-in bare page (the anonymous bare view
is printed for reference), and the number of SQL queries of each request. Goal (issue 18): ≤ 150 ms
median, SQL independent of N. ``--sql`` prints the queries of each request, ``--explain`` the plan
(EXPLAIN ANALYZE, PostgreSQL) of each query on the dossiers (``--cas`` to keep a few cases),
``--profil <cas>`` the top functions of that case under cProfile.
"""

import argparse
import datetime
import random
from decimal import Decimal

from outils import NUE, PAGE_NUE, django_de_banc, get, imprimer, mesurer_les_cas, moteur, profiler

OBJECTIF_MS = 150
PORTEURS = 1_000
BROUILLONS = 500


def peupler(nombre: int) -> None:
    """``nombre`` deposited dossiers and BROUILLONS drafts, with their départements."""
    from ami.models import Appel
    from candidatures.models import Dossier, Etat, Public
    from comptes.models import Organisation, TypeOrganisation
    from territoires.models import Departement
    from tests.factories import siret_valide

    hasard = random.Random(2021)  # noqa: S311 (test data)
    appel = Appel.objects.courant()
    departements = list(Departement.objects.all())
    par_region = {}
    for departement in departements:
        par_region.setdefault(departement.region_id, []).append(departement.code)
    types = list(TypeOrganisation.values)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            nom=f"{TypeOrganisation(type_).label} {departement.nom} {i}",
            siret=siret_valide(5_000_000 + i),
            type=type_,
            departement=departement,
        )
        for i in range(PORTEURS)
        for type_, departement in [(types[i % len(types)], departements[i % len(departements)])]
    )
    etats = [e for e in Etat.values if e != Etat.BROUILLON]
    debut = datetime.datetime(2021, 7, 1, 8, 0, tzinfo=datetime.UTC)
    dossiers = []
    for i in range(nombre + BROUILLONS):
        organisation = hasard.choice(organisations)
        cout = Decimal(hasard.randrange(50_000_00, 900_000_00)) / 100
        depose = i < nombre
        dossiers.append(
            Dossier(
                appel=appel,
                organisation=organisation,
                intitule=f"SPIE {organisation.nom}",
                nom_chef_de_file=organisation.nom,
                etat=hasard.choice(etats) if depose else Etat.BROUILLON,
                numero_ordre=i + 1 if depose else None,
                numero=f"{appel.prefixe_numero}-{i + 1:05d}" if depose else None,
                depose_le=debut + datetime.timedelta(minutes=13 * i) if depose else None,
                cout_global=cout if depose else None,
                subvention_demandee=(cout * Decimal("0.8")).quantize(Decimal("0.01")) if depose else None,
                publics=hasard.sample(Public.values, hasard.randint(1, 4)),
                nb_bloquantes=0,
                nb_avertissements=hasard.choice([0, 0, 0, 1, 2]),
            )
        )
    dossiers = Dossier.objects.bulk_create(dossiers, batch_size=2_000)
    Lien = Dossier.departements.through
    liens = []
    for dossier in dossiers:
        code = dossier.organisation.departement_id
        liens.append(Lien(dossier_id=dossier.pk, departement_id=code))
        voisins = [c for c in par_region[dossier.organisation.departement.region_id] if c != code]
        if voisins and hasard.random() < 0.1:
            liens.append(Lien(dossier_id=dossier.pk, departement_id=hasard.choice(voisins)))
    Lien.objects.bulk_create(liens, batch_size=5_000)
    try:  # the stored sort keys (``candidatures.tri``); absent from a tree before issue 18
        from candidatures import tri
    except ImportError:
        return
    tri.recalculer(Dossier.objects.all())


def cas_de_la_file(instructeur, agent) -> dict:
    """key → (label, request): the cases measured (see the module's docstring)."""
    from django.urls import reverse

    from instruction import file as file_

    file = reverse("instruction:a_instruire")
    cas = {
        "nue": ("vue Django nue (anonyme)", get(instructeur, NUE)),
        "page_nue": ("page nue connectée (base.html)", get(instructeur, PAGE_NUE)),
        "file": ("file, sans filtre", get(instructeur, file)),
        "region": ("file, région Auvergne-Rhône-Alpes", get(instructeur, f"{file}?region=84")),
        "recherche": ("file, recherche « plie »", get(instructeur, f"{file}?q=plie")),
        "page": ("file, page 100", get(instructeur, f"{file}?page=100")),
    }
    for cle in file_.TRIS:
        cas[f"tri_{cle}"] = (f"file, tri {cle}", get(instructeur, f"{file}?tri={cle}"))
    for cle in ("departement", "region", "subvention"):
        cas[f"tri_-{cle}"] = (f"file, tri {cle} décroissant", get(instructeur, f"{file}?tri=-{cle}"))
    cas["tri_region_page"] = ("file, tri région, page 500", get(instructeur, f"{file}?tri=region&page=500"))
    territoire = f"{reverse('instruction:territoire')}?etat=depose&public=rsa&tri=-cout"
    cas["territoire"] = ("territoire (DREETS), filtres", get(agent, territoire))
    for cle in ("region", "-region", "departement", "-departement"):
        cas[f"territoire_{cle}"] = (
            f"territoire (DREETS), tri {cle}",
            get(agent, f"{reverse('instruction:territoire')}?tri={cle}"),
        )
    return cas


def expliquer(resultats: dict, derniers: dict) -> None:
    """EXPLAIN ANALYZE of each query on the dossiers of each case measured (PostgreSQL)."""
    from django.db import connection

    for cle, (_, requetes) in derniers.items():
        print(f"-- EXPLAIN : {resultats[cle][0]}")
        for sql in (r["sql"] for r in requetes if "candidatures_dossier" in r["sql"]):
            with connection.cursor() as curseur:
                curseur.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}")
                print("\n".join("   " + ligne for (ligne,) in curseur.fetchall()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--sql", action="store_true", help="print the SQL queries of each request")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the queries on the dossiers")
    parser.add_argument("--cas", action="append", default=[], help="measure only this case (repeatable)")
    parser.add_argument(
        "--profil", action="append", default=[], help="profile this case (cProfile), repeatable"
    )
    parser.add_argument("--top", type=int, default=30, help="lines of the profile to print")
    args = parser.parse_args()

    with django_de_banc() as settings:
        from django.db import connection
        from django.test import Client

        from candidatures.models import Dossier
        from tests.factories import UserFactory

        peupler(args.dossiers)
        with connection.cursor() as curseur:
            if connection.vendor == "postgresql":
                curseur.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
        instructeur, agent = Client(), Client()
        instructeur.force_login(UserFactory(instructeur=True))
        agent.force_login(UserFactory(agent_regional=True))  # DREETS Hauts-de-France
        cas = cas_de_la_file(instructeur, agent)
        if args.cas:
            cas = {cle: valeur for cle, valeur in cas.items() if cle in {"nue", "page_nue", *args.cas}}
        deposes = Dossier.objects.exclude(numero=None).count()
        print(f"base : {moteur(settings)}, {deposes} dossiers déposés, {args.repetitions} requêtes par cas")
        resultats, derniers = mesurer_les_cas(cas, args.repetitions, sql=args.sql, longueur_sql=400)
        if args.explain and connection.vendor == "postgresql":
            expliquer(resultats, derniers)
        mesures = [cle for cle in resultats if cle not in ("nue", "page_nue")]
        imprimer(resultats, "page_nue", OBJECTIF_MS, mesures, largeur=38)
        for cle in args.profil:
            profiler(*cas[cle], args.top)


if __name__ == "__main__":
    main()
