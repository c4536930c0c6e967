"""The suite on several processes (pytest-xdist, ``./bin/test`` runs ``-n auto``): what each process must
have of its own, set before Django reads its settings (this plugin is loaded by ``-p`` in pyproject, before
pytest-django configures Django).

- The database: pytest-django names each process's test database (``test_ami_gw0``…).
- Redis: Celery's queue of the session's worker (tests/conftest.py, ``_worker_redis``) is a Redis
  database; two processes on one queue would run each other's tasks against the wrong database. Process
  ``gwN`` takes database ``15 - N - 1`` of the same server (14, 13…; 5 and 6 stay the production smoke
  suite's and the benches').
- The tests of one file go together to one process (``--dist loadfile``: module fixtures built once). A
  process runs its files in turn, so an ordinary test may follow a browser test: what the data migrations
  filled is put back after every transactional test (tests/conftest.py, ``pytest_runtest_teardown``).
  The production smoke suite (one portal for its two files, nginx, Redis database 5) runs after, in a
  process of its own (``./bin/test``): grouped with ``xdist_group``, its two files were still run by two
  processes, each starting the portal (stop 26's CI).
"""

import os

import pytest

_TRAVAILLEUR = os.environ.get("PYTEST_XDIST_WORKER", "")
if _TRAVAILLEUR.startswith("gw") and os.environ.get("REDIS_URL"):
    _n = int(_TRAVAILLEUR.removeprefix("gw"))
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    _db = int(_db) - 1 - _n if _db.isdigit() else 14 - _n
    if _db in (5, 6) or _db < 0:
        raise pytest.UsageError(f"Trop de processus pour les bases Redis libres (gw{_n} → base {_db}).")
    os.environ["REDIS_URL"] = f"{_base}/{_db}"
