"""Load scenario: 200 candidats typing at once, each autosaving a field every 5 s, against gunicorn and
PostgreSQL as deployed, while an instructeur works the queue and an XLSX export runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_charge REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/charge.py [--utilisateurs 200] [--duree 90] [--tours 3] [--workers 3] \\
        [--deposes 1000] [--statiques DIR] [--gc-freeze] [--reglages ami.settings_production]

Run from the project's root. ``--statiques DIR``: a STATIC_ROOT collected once and kept (collecting
the production manifest takes a minute of CPU); ``--gc-freeze``: ``gc.freeze()`` in each worker once
the portal is loaded (bench/wsgi_banc.py), to see what the garbage collector costs. Locust is a dev
dependency (``pip install -e '.[dev]'``).

What it does:

1. Builds a throwaway test database (``test_<name>`` of DATABASE_URL, dropped at the end, as every
   bench: bench/outils.py), with ``--utilisateurs`` candidats, each of its own porteur and on its
   own complete dossier (``dossier_complet``: 4 members, 8 budget lines, 2 pièces), an instructeur,
   and ``--deposes`` deposited dossiers (bench/file.py's ``peupler``) for the queue and the export.
   Sessions are made through the ORM (``force_login``): no password hashing in the measure.
2. Collects the static files (the production manifest) in a temporary folder and starts gunicorn on
   a free port of 127.0.0.1 with ``--workers`` sync workers (the project's ``gunicorn.conf.py`` if
   there is one, its bind and workers overridden), serving ``bench/wsgi_banc.py``: the portal plus
   the bare view ``/bench-nue/`` and each response's CPU time in a header. Settings:
   ``ami.settings_production`` (DEBUG off, secure cookies, HSTS, manifest static files) with
   ``SECURE_SSL_REDIRECT=false`` (plain HTTP on 127.0.0.1, no TLS proxy in front), ``ANTIVIRUS=clamd``
   (no pièce is sent here) and the environment as given (``CONN_MAX_AGE``, ``REDIS_URL``…);
   ``--reglages ami.settings`` for the development settings (DEBUG off as well). The cookies are
   ``Secure``: the client sends them back over plain HTTP all the same (``cookies_sur_http``). With
   REDIS_URL, a celery worker (one process) is started too, as deployed: it writes the exports.
3. Runs locust (as a library, gevent, ``FastHttpUser``) ``--tours`` times for ``--duree`` seconds
   after a ramp of ``--montee`` seconds:
   - each candidat loads the chef de file section once, reads the page's CSRF token
     (``<meta name="csrf-token">``) and the fields of ``#formulaire-section``, then every 4 to 6 s
     replays the page's autosave exactly as htmx and static/ami/portail.js send it: the whole form
     urlencoded, without ``csrfmiddlewaretoken``, plus ``_autosave=1``, ``_champ``, ``_lignes``,
     headers ``HX-Request``, ``HX-Current-URL``, ``X-CSRFToken``; the field « fonction » of the
     first interlocuteur gets a unique token each time (« banc-<user>-<n> »), and the version
     counter is taken from the answer's out-of-band ``#version-section``, as the page does;
   - one instructeur lists « Dossiers à instruire » and opens a dossier, every 1.5 to 2.5 s;
   - one instructeur asks for the XLSX export of every deposited dossier from the exports page
     (``exports:demander``, written by the worker), every 5 to 10 s;
   - one visitor loads the bare view every 0.5 to 1.5 s (the reference: ratio to it).
4. At the end of each tour no new request is sent and those in flight get their answer; then the
   database is checked: every candidat's field holds the last token the server acknowledged (200
   with a new version), else a token sent after it and never answered (a timeout: « appliquées sans
   réponse », not lost), else it is a lost write; the section's version counter went up by the number
   of acknowledged saves (plus at most the unanswered ones), else « versions en écart ».

Prints, for each tour and then the medians of the tours: autosaves per second, p50/p95/p99 latency
(ms, measured by the client, saves started after the ramp only), the ratio of the p50 to the bare
view's p50, errors (any non-2xx or network failure, every kind of request), lost writes, bytes per
autosave answer, CPU per autosave (median of the worker's own ``X-Banc-CPU-us``; and all the
workers' CPU over the tour, from psutil, divided by the number of autosaves — that one includes the
queue, the export and the bare view), and the queue's and the export's latencies. Target (issue 13):
p95 < 300 ms at 200 users, 0 errors, 0 lost writes. The machine running the load runs the server too:
figures are noisy on a loaded machine; take the median of several tours.
"""

# locust first: it monkey-patches the standard library for gevent before anything opens a socket.
from locust.env import Environment  # isort: skip

import argparse
import html
import os
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import gevent
import psutil

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))  # the server must read our sessions
os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="ami-charge-")  # the pièces, removed at the end

from charge_serveur import arreter_a_la_fin, cpu_des_workers, demarrer_gunicorn  # noqa: E402
from charge_utilisateurs import (  # noqa: E402
    ARRET,
    AUTRES,
    CHAMP,
    COMPTES,
    ETAT,
    EXEMPLES,
    SAUVEGARDES,
    Candidat,
    Exportateur,
    Instructeur,
    Visiteur,
)
from outils import django_de_banc, moteur  # noqa: E402

from tests.processus import port_libre  # noqa: E402 — the project root is on the path (outils)


def centile(valeurs, p):
    valeurs = sorted(valeurs)
    if not valeurs:
        return float("nan")
    return valeurs[min(len(valeurs) - 1, int(round(p / 100 * (len(valeurs) - 1))))]


def peupler_candidats(nombre):
    """``nombre`` candidats, each of its own porteur, on its own complete dossier; their sessions."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    from ami.models import Appel
    from candidatures.models import Dossier
    from demo.exemples import dossier_complet
    from tests.factories import UserFactory

    appel = Appel.objects.courant()
    appel.date_limite_depot = timezone.localdate() + datetime.timedelta(days=60)
    appel.save()
    comptes = []
    for i in range(nombre):
        user = UserFactory()
        dossier = Dossier.objects.creer(appel, user.organisation, f"Banc de charge {i}", user)
        dossier_complet(dossier, user=user)
        client = Client()
        client.force_login(user)
        comptes.append((i, client.cookies["sessionid"].value, dossier.pk))
    return comptes


def session(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def un_tour(args, hote, maitre, comptes):
    from candidatures.models import Dossier, Section

    EXEMPLES.clear()
    SAUVEGARDES.clear()
    AUTRES.clear()
    ETAT.clear()
    COMPTES[:] = list(comptes)
    Candidat.fixed_count = len(comptes)
    env = Environment(user_classes=[Candidat, Instructeur, Exportateur, Visiteur], host=hote)
    runner = env.create_local_runner()
    total = len(comptes) + 3
    runner.start(total, spawn_rate=total / args.montee)
    gevent.sleep(args.montee + 6)  # the ramp, each candidat's jitter and page load
    debut = time.time()
    # Sampled every second: a worker replaced during the tour (max_requests) keeps what it used, its
    # successor counts from its start.
    cpu_avant, cpu_derniers = cpu_des_workers(maitre), {}
    while time.time() < debut + args.duree:
        gevent.sleep(1)
        cpu_derniers.update(cpu_des_workers(maitre))
    fin = time.time()
    ARRET["fin"] = True  # the autosaves in flight get their answer (or their timeout) before the check
    limite = time.time() + 90
    while ARRET["en_vol"] > 0 and time.time() < limite:
        gevent.sleep(0.5)
    runner.quit()
    gevent.sleep(1)
    ARRET.update(fin=False, en_vol=0)

    mesurees = [s for s in SAUVEGARDES if debut <= s[0] < fin]
    durees = [s[1] for s in mesurees]
    nue = [a[2] for a in AUTRES if a[0] == "nue" and debut <= a[1] < fin]
    erreurs = [s[2] for s in SAUVEGARDES if not 200 <= s[2] < 300]
    erreurs += [a[3] for a in AUTRES if not 200 <= a[3] < 300]
    cpu_total = sum(t - cpu_avant.get(p, 0) for p, t in cpu_derniers.items())

    # Lost writes: the stored value is the last acknowledged token, the version counter went up by the
    # number of acknowledged saves.
    stockes = {
        d.pk: (getattr(d, CHAMP), d.version(Section.CHEF_DE_FILE))
        for d in Dossier.objects.filter(pk__in=[pk for _, _, pk in comptes])
    }
    # A save sent after the last acknowledged one and never answered (a timeout) may have been applied:
    # not lost, counted apart.
    perdues = ecarts = non_acquittees = 0
    for index, _, pk in comptes:
        etat = ETAT.get(index)
        if etat is None:
            continue
        valeur, version = stockes[pk]
        attendue = etat["version0"] + etat["n"]
        if etat["acquitte"] is not None and valeur != etat["acquitte"]:
            if valeur in etat["apres"]:
                non_acquittees += 1
            else:
                perdues += 1
        if not attendue <= version <= attendue + len(etat["apres"]):
            ecarts += 1
    return {
        "sauvegardes/s": len(mesurees) / (fin - debut),
        "p50 ms": centile(durees, 50),
        "p95 ms": centile(durees, 95),
        "p99 ms": centile(durees, 99),
        "max ms": max(durees, default=float("nan")),
        "nue p50 ms": centile(nue, 50),
        "ratio p50/nue": centile(durees, 50) / centile(nue, 50) if nue else float("nan"),
        "erreurs": len(erreurs),
        "acquittées": sum(1 for s in SAUVEGARDES if s[5]),
        "écritures perdues": perdues,
        "versions en écart": ecarts,
        "appliquées sans réponse": non_acquittees,
        "octets/réponse": statistics.median([s[3] for s in mesurees]) if mesurees else 0,
        "CPU ms/autosave (worker)": statistics.median([s[4] for s in mesurees]) / 1000 if mesurees else 0,
        "CPU ms/autosave (tous)": cpu_total * 1000 / max(1, len(mesurees)),
        "file p50 ms": centile([a[2] for a in AUTRES if a[0] == "file"], 50),
        "fiche p50 ms": centile([a[2] for a in AUTRES if a[0] == "fiche"], 50),
        "exports": sum(1 for a in AUTRES if a[0] == "export"),
        "export p50 ms": centile([a[2] for a in AUTRES if a[0] == "export"], 50),
        "codes d'erreur": sorted(set(erreurs)),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--utilisateurs", type=int, default=200)
    parser.add_argument("--duree", type=int, default=90, help="seconds measured per tour")
    parser.add_argument("--montee", type=int, default=10, help="seconds of ramp before the measure")
    parser.add_argument("--tours", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--deposes", type=int, default=1000, help="deposited dossiers (queue, export)")
    parser.add_argument("--reglages", default="ami.settings_production")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() in each worker once the portal is loaded"
    )
    parser.add_argument(
        "--statiques", help="a STATIC_ROOT already collected (kept), instead of collecting in a temporary one"
    )
    args = parser.parse_args()

    statiques = args.statiques or tempfile.mkdtemp(prefix="ami-charge-static-")
    journal = tempfile.NamedTemporaryFile(prefix="ami-charge-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    gunicorn = None
    try:
        with django_de_banc() as settings, arreter_a_la_fin() as serveurs:
            from django.conf import settings as reglages
            from file import peupler

            import candidatures.models
            from tests.factories import UserFactory

            debut = time.time()
            peupler(args.deposes)
            comptes = peupler_candidats(args.utilisateurs)
            # The pièces of the dossiers were scanned long before the load, as in production: no analysis
            # queued by their creation (clamd is not started here) runs in the worker during the measure.
            from pieces.models import EtatAnalyse, Piece

            Piece.objects.update(analyse=EtatAnalyse.SAINE)
            if reglages.REDIS_URL:
                from ami.celery import app

                app.control.purge()
            instructeur = UserFactory(instructeur=True)
            Instructeur.cle = Exportateur.cle = session(instructeur)
            Instructeur.dossiers = list(
                candidatures.models.Dossier.objects.exclude(numero=None).values_list("pk", flat=True)[:500]
            )
            print(f"données : {time.time() - debut:.0f} s", flush=True)
            db = reglages.DATABASES["default"]
            base = (
                f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
                if moteur(settings) == "postgresql"
                else f"sqlite:///{db['NAME']}"
            )
            port = port_libre()
            gunicorn, celery, commande = demarrer_gunicorn(args, base, port, statiques, journal)
            serveurs.extend(p for p in (gunicorn, celery) if p is not None)
            maitre = psutil.Process(gunicorn.pid)
            print(f"serveur : {commande} ({args.reglages}, SECURE_SSL_REDIRECT=false, HTTP sur 127.0.0.1)")
            duree_connexions = os.environ.get("CONN_MAX_AGE", "des réglages (60 en production)")
            print(
                f"base : {moteur(settings)}, CONN_MAX_AGE={duree_connexions}, "
                f"REDIS_URL={os.environ.get('REDIS_URL', '') or '(vide : tâches en ligne)'}, "
                f"{args.utilisateurs} candidats, {args.deposes} dossiers déposés, "
                f"{args.tours} tour(s) de {args.duree} s",
                flush=True,
            )
            tours = []
            for numero in range(args.tours):
                resultat = un_tour(args, f"http://127.0.0.1:{port}", maitre, comptes)
                tours.append(resultat)
                print(
                    f"tour {numero + 1} : " + ", ".join(f"{k} {_f(v)}" for k, v in resultat.items()),
                    flush=True,
                )
            for (nature, code), debut_reponse in EXEMPLES.items():
                print(f"première réponse {code} ({nature}) : {' '.join(debut_reponse.split())[:300]}")
            print(f"\nmédianes de {len(tours)} tour(s) :")
            for cle in tours[0]:
                if cle == "codes d'erreur":
                    print(f"  {cle:<28} {sorted({c for t in tours for c in t[cle]})}")
                else:
                    print(f"  {cle:<28} {_f(statistics.median(t[cle] for t in tours))}")
            objectif = all(
                t["p95 ms"] < 300 and not t["erreurs"] and not t["écritures perdues"] for t in tours
            )
            verdict = "atteint" if objectif else "manqué"
            print(f"objectif (p95 < 300 ms, 0 erreur, 0 écriture perdue) : {verdict}")
    finally:
        journal.close()
        erreurs_serveur = Path(journal.name).read_text(errors="replace")[-3000:]
        if "Traceback" in erreurs_serveur or "ERROR" in erreurs_serveur:
            print(f"\njournal de gunicorn ({journal.name}) :\n{html.unescape(erreurs_serveur)}")
        if not args.statiques:
            shutil.rmtree(statiques, ignore_errors=True)
        shutil.rmtree(os.environ["PRIVATE_MEDIA_ROOT"], ignore_errors=True)


def _f(valeur):
    return f"{valeur:.1f}" if isinstance(valeur, float) else str(valeur)


if __name__ == "__main__":
    main()
