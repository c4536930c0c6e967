"""What the tests and benches that start servers of their own share (gunicorn, nginx, Celery, redis-server,
moto): a free port of 127.0.0.1, and a process started in its own group and stopped with its children."""

import contextlib
import os
import signal
import socket
import subprocess
from pathlib import Path


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lancer(commande: list[str], env: dict, journal: Path, cwd: Path) -> subprocess.Popen:
    """``commande`` in its own process group, its output appended to ``journal``."""
    sortie = journal.open("ab")
    processus = subprocess.Popen(  # noqa: S603
        commande, cwd=cwd, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
    )
    sortie.close()
    return processus


def arreter(processus: subprocess.Popen | None) -> None:
    """The process and its children (gunicorn's and celery's workers), by its own process group."""
    if processus is None or processus.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(processus.pid, signal.SIGTERM)
    try:
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(processus.pid, signal.SIGKILL)
        processus.wait()
