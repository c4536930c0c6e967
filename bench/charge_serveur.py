"""The server bench/charge.py loads, as deployed: gunicorn started as ``gunicorn.conf.py`` starts it (its
static files collected once), the Celery worker beside it when REDIS_URL is set, both stopped on leaving;
and the CPU time of gunicorn's workers, read between two rounds."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

RACINE = Path(__file__).resolve().parents[1]


def demarrer_gunicorn(args, base: str, port: int, statiques: str, journal):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=base,
        DJANGO_SETTINGS_MODULE=args.reglages,
        SECURE_SSL_REDIRECT="false",
        ANTIVIRUS="clamd",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=statiques,
    )
    if args.gc_freeze:
        env["BANC_GC_FREEZE"] = "1"
    commande = [sys.executable, "-m", "gunicorn"]
    if (RACINE / "gunicorn.conf.py").exists():
        commande += ["-c", str(RACINE / "gunicorn.conf.py")]
    commande += ["--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "--chdir", str(RACINE)]
    commande += ["bench.wsgi_banc:application"]
    if not (Path(statiques) / "staticfiles.json").exists():
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=RACINE,
            env=env,
            check=True,
        )
    processus = subprocess.Popen(commande, cwd=RACINE, env=env, stdout=journal, stderr=journal)  # noqa: S603
    celery = None
    if env.get("REDIS_URL"):  # as deployed: the exports are written by the worker, on the same machine
        celery = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ami",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
            ],
            cwd=RACINE,
            env=env,
            stdout=journal,
            stderr=journal,
        )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if processus.poll() is not None:
                raise RuntimeError("gunicorn ne démarre pas : voir son journal") from None
            time.sleep(0.2)
    return processus, celery, " ".join(commande)


@contextlib.contextmanager
def arreter_a_la_fin():
    """The processes appended to the list are stopped on leaving (before the test database is dropped)."""
    processus = []
    try:
        yield processus
    finally:
        for p in processus:
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def cpu_des_workers(maitre: psutil.Process) -> dict:
    temps = {}
    for enfant in maitre.children():
        try:
            t = enfant.cpu_times()
            temps[enfant.pid] = t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return temps
