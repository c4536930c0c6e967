"""Time and peak memory of the exports over 10 000 deposited dossiers, next to a logged-in bare page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchexports REDIS_URL= \\
        .venv/bin/python bench/tableurs.py [--dossiers 10000] [--repetitions 20] [--sans-memoire]
        [--comparer [--passes 3]] [--sans-requetes]

The dossiers are those of bench/file.py (``peupler``), each with 4 members of the consortium,
12 dépenses, 4 financements and its three axes answered (four answers of about 550 characters
each): 40 000 members, 120 000 dépenses, 40 000 financements.

Since issue 13 no request writes an export: the exports page records it and the worker writes it.
Measured: (1) the request that asks for it (POST, through Django's test client; the task goes to the
in-memory broker, unrun) — what holds a server worker: median, p90, ratio to the logged-in bare page
(``outils.PAGE_NUE``) and SQL queries; (2) the worker's preparation of the XLSX
workbook (four sheets) and of the CSV of dossiers and of dépenses, as an instructeur (every dossier) and
as an agent of a DREETS (its région): its duration, how often it saved its progress (the longest wait
between two saves), then the download of the file (first byte, last byte). Peak memory: each export
again in a child process of its own (Django set up, nothing else loaded), whose peak resident memory
(VmHWM) and CPU time are printed beside what Django alone takes. Goal (issue): peak RSS < 200 MB for the
XLSX of 10 000 dossiers.

``--comparer`` (issue 18): the XLSX writers of ``bench/tableurs_ecrivains.py`` on the same rows, each
in a process of its own, ``--passes`` times: median duration, CPU time of the process (PostgreSQL's
is not counted), CPU of the writing alone (less the rows alone), µs a cell, peak memory, size, and the
ratio to the writer of before issue 18. Goal: ≥ 3× faster than before, memory flat.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

from outils import NUE, PAGE_NUE, django_de_banc, get, imprimer, mesurer_les_cas

OBJECTIF_MO = 200
OBJECTIF_DEMANDE_MS = 1000  # the request records the export and sends the task: never the file
TEXTE = "Le consortium s’appuie sur les acteurs du territoire pour un accompagnement sans couture. " * 6


def completer(nombre_membres=4, nombre_depenses=12) -> None:
    """Members, budget lines and axes for every deposited dossier (bulk inserts)."""
    from budget.models import LigneDepense, LigneFinancement, est_frais_generaux
    from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
    from candidatures.models import Dossier, ReponseAxe
    from consortium.models import Membre, TypeMembre

    ids = list(Dossier.objects.exclude(numero=None).values_list("pk", "cout_global"))
    groupes, natures, types = GroupeDepense.values, NatureDepense.values, TypeMembre.values
    lot = 20_000
    Membre.objects.bulk_create(
        (
            Membre(
                dossier_id=pk,
                type=types[i % len(types)],
                structure=f"Structure {pk}-{i}",
                interlocuteur="Claude Martin",
                telephone="03 20 00 00 00",
                courriel="contact@exemple.fr",
            )
            for pk, _ in ids
            for i in range(nombre_membres)
        ),
        batch_size=lot,
    )
    LigneDepense.objects.bulk_create(
        (
            LigneDepense(
                dossier_id=pk,
                groupe=groupes[i % len(groupes)],
                nature=natures[i % len(natures)],
                frais_generaux=est_frais_generaux(natures[i % len(natures)]),  # the database checks it
                objet=f"Action {i} : coordination des parcours",
                montant=(cout / nombre_depenses).quantize(Decimal("0.01")),
            )
            for pk, cout in ids
            for i in range(nombre_depenses)
        ),
        batch_size=lot,
    )
    LigneFinancement.objects.bulk_create(
        (
            LigneFinancement(
                dossier_id=pk,
                type=type_,
                financeur="Financeur",
                montant=(cout * part).quantize(Decimal("0.01")),
            )
            for pk, cout in ids
            for type_, part in [
                (TypeFinancement.SUBVENTION_ETAT, Decimal("0.7")),
                (TypeFinancement.AUTOFINANCEMENT, Decimal("0.1")),
                (TypeFinancement.COFINANCEMENT_PUBLIC, Decimal("0.15")),
                (TypeFinancement.CONTRIBUTION_MEMBRE, Decimal("0.05")),
            ]
        ),
        batch_size=lot,
    )
    ReponseAxe.objects.bulk_create(
        (
            ReponseAxe(dossier_id=pk, axe=axe, objectifs=TEXTE, actions=TEXTE, public=TEXTE, methodes=TEXTE)
            for pk, _ in ids
            for axe in (1, 2, 3)
        ),
        batch_size=lot,
    )


def pic_memoire_mo() -> float:
    """The process's peak resident memory (VmHWM). Not ``ru_maxrss``: on Linux a child started by
    fork + exec keeps its parent's peak there (the parent holds the 10 000 dossiers it built)."""
    with open("/proc/self/status") as statut:
        for ligne in statut:
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def enfant(user_pk: int, quoi: str) -> None:
    """In a process of its own: one export written to a temporary file; prints its peak memory, its
    duration and CPU time, and the cells written (rows x columns, header included). ``quoi``: « xlsx »,
    « csv-dossiers », « csv-depenses », or a writer of ``tableurs_ecrivains`` (« xlsx:openpyxl-avant »)."""
    import dataclasses

    import django

    django.setup()
    from ami.urls import urlpatterns  # noqa: F401 (every module of the portal loaded, as in a worker)

    avant = pic_memoire_mo()
    from tableurs_ecrivains import ECRIVAINS

    from comptes.models import User
    from exports.ecriture import ecrire_xlsx, flux_csv
    from exports.lignes import Selection, feuilles

    cellules = [0]

    def comptees(definition):
        def lignes():
            for ligne in definition.lignes:
                cellules[0] += len(ligne)
                yield ligne

        cellules[0] += len(definition.colonnes)
        return dataclasses.replace(definition, lignes=lignes())

    selection = Selection(User.objects.get(pk=user_pk))
    debut, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as fichier:
        if quoi.startswith("xlsx"):
            ecrire = ECRIVAINS[quoi.partition(":")[2]] if ":" in quoi else ecrire_xlsx
            ecrire([comptees(f) for f in feuilles(selection)], fichier)
        else:
            feuille = comptees(feuilles(selection)[0 if quoi == "csv-dossiers" else 2])
            for morceau in flux_csv(feuille.colonnes, feuille.lignes):
                fichier.write(morceau)
        taille = fichier.seek(0, 2)
    print(
        json.dumps(
            {
                "django_mo": avant,
                "pic_mo": pic_memoire_mo(),
                "secondes": time.perf_counter() - debut,
                "cpu": time.process_time() - cpu,
                "cellules": cellules[0],
                "taille_mo": taille / 1024 / 1024,
            }
        )
    )


def processus(environnement, user, quoi) -> dict:
    """``enfant`` run in a child process: what it printed."""
    sortie = subprocess.run(  # noqa: S603 (this script, on its own test database)
        [sys.executable, __file__, "--enfant", str(user.pk), quoi],
        env=environnement,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(sortie.strip().splitlines()[-1])


def comparer(environnement, user, passes: int) -> None:
    """The XLSX writers of ``tableurs_ecrivains`` on the same rows, each in its own process: medians
    of ``passes`` runs; a writer's µs a cell is its CPU time less that of the rows alone."""
    import statistics

    from tableurs_ecrivains import ECRIVAINS

    print(
        f"\n{'écrivain XLSX (médianes)':<26} {'durée':>8} {'CPU':>8} {'CPU écriture':>13} {'µs/cellule':>11}"
        f" {'pic':>7} {'taille':>8} {'vs avant':>9}"
    )
    mesures = {}
    for nom in ECRIVAINS:
        try:
            essais = [processus(environnement, user, f"xlsx:{nom}") for _ in range(passes)]
        except subprocess.CalledProcessError as erreur:  # xlsxwriter not installed…
            print(f"{nom:<26} indisponible : {erreur.stderr.strip().splitlines()[-1]}")
            continue
        m = {cle: statistics.median(e[cle] for e in essais) for cle in essais[0]}
        mesures[nom] = m
        ecriture = m["cpu"] - mesures["lignes"]["cpu"] if nom != "lignes" else 0
        avant = mesures.get("openpyxl-avant", m)["cpu"]
        print(
            f"{nom:<26} {m['secondes']:>6.1f} s {m['cpu']:>6.1f} s {ecriture:>11.1f} s"
            f" {ecriture / m['cellules'] * 1e6:>11.2f} {m['pic_mo']:>4.0f} Mo {m['taille_mo']:>5.1f} Mo"
            f" {avant / m['cpu']:>8.1f}x"
        )
    print(f"({mesures['lignes']['cellules']:,} cellules ; CPU du processus, hors PostgreSQL)")


def demande(client, format_, feuille=""):
    """The request of the exports page: POST, the export recorded, the task sent (to the in-memory
    broker here: nobody runs it) — what a server worker does for an export now."""
    from django.urls import reverse

    from exports.models import FichierExport

    def requete():
        FichierExport.objects.all().delete()  # else « déjà en préparation »: not the same work
        debut = time.perf_counter()
        reponse = client.post(reverse("exports:demander"), {"format": format_, "feuille": feuille})
        duree = (time.perf_counter() - debut) * 1000
        assert reponse.status_code == 302, reponse.status_code
        assert FichierExport.objects.get().etat == "en_attente"
        return duree, reponse

    return requete


def preparer(user, format_, feuille=""):
    """What the worker does for one export: (seconds, size, progress saves, longest wait between two)."""
    from exports import archive
    from exports.models import FichierExport

    export = FichierExport.objects.create(demandeur=user, format=format_, feuille=feuille)
    moments = []
    avancer = archive._avancer

    def _avancer(export, faits):
        moments.append(time.perf_counter())
        avancer(export, faits)

    archive._avancer = _avancer
    try:
        debut = time.perf_counter()
        archive.preparer(export.pk)
        fin = time.perf_counter()
    finally:
        archive._avancer = avancer
    export.refresh_from_db()
    assert export.etat == "prete", export.erreur
    attentes = [b - a for a, b in zip([debut, *moments], [*moments, fin], strict=True)]
    return export, fin - debut, len(moments), max(attentes)


def telechargement(client, export):
    """The download of a ready export: (ms to the first byte, ms to the last, bytes)."""
    from django.urls import reverse

    debut = time.perf_counter()
    reponse = client.get(reverse("exports:telecharger", args=[export.pk]))
    assert reponse.status_code == 200
    flux = iter(reponse.streaming_content)
    taille = len(next(flux))
    premier = time.perf_counter()
    taille += sum(len(m) for m in flux)
    return (premier - debut) * 1000, (time.perf_counter() - debut) * 1000, taille


def requetes_et_worker(clients, instructeur, agent, repetitions) -> None:
    """(1) the requests that ask for an export, next to a logged-in bare page (the ratio) and a bare
    view, with their SQL queries; (2) the worker's preparations."""
    from ami.celery import app

    # 1. The requests: what holds a server worker (the goal: a few seconds at most; here, ms).
    app.conf.task_always_eager = False  # the task goes to the in-memory broker: not run here
    try:
        cas = {
            "page": ("page nue, connecté", get(clients["instructeur"], PAGE_NUE)),
            "nue": ("vue Django nue", get(clients["instructeur"], NUE)),
            "xlsx": ("demande XLSX, instructeur", demande(clients["instructeur"], "xlsx")),
            "csv": ("demande CSV dossiers", demande(clients["instructeur"], "csv", "dossiers")),
            "agent": ("demande XLSX, agent DREETS", demande(clients["agent"], "xlsx")),
        }
        resultats, _ = mesurer_les_cas(cas, repetitions, echauffement=3)
    finally:
        app.conf.task_always_eager = True
    print()
    imprimer(resultats, "page", OBJECTIF_DEMANDE_MS, ("xlsx", "csv", "agent"), largeur=30)

    # 2. The worker: the whole file, its progress saved as it goes; then its download.
    print(
        f"\n{'worker (préparation)':<30} {'durée':>8} {'taille':>9} {'avancées':>9} {'attente max':>12}"
        f" {'1er octet':>10} {'téléchargement':>15}"
    )
    for libelle, user, client, format_, feuille in (
        ("XLSX, instructeur (tout)", instructeur, clients["instructeur"], "xlsx", ""),
        ("CSV dossiers, instructeur", instructeur, clients["instructeur"], "csv", "dossiers"),
        ("CSV dépenses, instructeur", instructeur, clients["instructeur"], "csv", "depenses"),
        ("XLSX, agent DREETS", agent, clients["agent"], "xlsx", ""),
    ):
        export, secondes, avancees, attente = preparer(user, format_, feuille)
        premier, total, taille = telechargement(client, export)
        print(
            f"{libelle:<30} {secondes:>6.1f} s {taille / 1024 / 1024:>6.1f} Mo {avancees:>9}"
            f" {attente:>10.1f} s {premier:>7.0f} ms {total:>12.0f} ms"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--sans-memoire", action="store_true", help="skip the peak-memory children")
    parser.add_argument("--comparer", action="store_true", help="the XLSX writers of tableurs_ecrivains")
    parser.add_argument("--passes", type=int, default=3, help="runs of each writer with --comparer")
    parser.add_argument("--sans-requetes", action="store_true", help="skip the requests and the worker")
    parser.add_argument("--enfant", nargs=2, metavar=("USER", "EXPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enfant:
        return enfant(int(args.enfant[0]), args.enfant[1])

    with django_de_banc() as settings:
        from django.db import connection
        from django.test import Client
        from file import peupler

        from tests.factories import UserFactory

        debut = time.perf_counter()
        peupler(args.dossiers)
        completer()
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                curseur.execute("VACUUM ANALYZE")
        print(
            f"Données : {args.dossiers} dossiers en {time.perf_counter() - debut:.0f} s ({connection.vendor})"
        )
        instructeur = UserFactory(instructeur=True)
        agent = UserFactory(agent_regional=True)
        clients = {}
        for nom, user in (("instructeur", instructeur), ("agent", agent)):
            clients[nom] = Client()
            clients[nom].force_login(user)

        if not args.sans_requetes:
            requetes_et_worker(clients, instructeur, agent, args.repetitions)
        environnement = dict(os.environ, DATABASE_URL=_url_de_test(settings))
        if args.comparer:
            comparer(environnement, instructeur, args.passes)
        if args.sans_memoire:
            return
        print(
            f"\n{'mémoire (processus à part)':<30} {'Django seul':>12} {'pic':>8} {'durée':>8} {'CPU':>8}"
            f" {'taille':>8}"
        )
        for quoi in ("xlsx", "csv-dossiers", "csv-depenses"):
            m = processus(environnement, instructeur, quoi)
            marque = "  ok" if m["pic_mo"] < OBJECTIF_MO else f"  > objectif {OBJECTIF_MO} Mo"
            print(
                f"{quoi:<30} {m['django_mo']:>9.0f} Mo {m['pic_mo']:>5.0f} Mo {m['secondes']:>6.1f} s "
                f"{m['cpu']:>6.1f} s {m['taille_mo']:>5.1f} Mo{marque}"
            )


def _url_de_test(settings) -> str:
    base = settings.DATABASES["default"]
    if base["ENGINE"].endswith("postgresql"):
        return f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}"
    return f"sqlite:///{base['NAME']}"


if __name__ == "__main__":
    main()
