"""SQLite, the embedded default of ``./bin/demo``, under simultaneous dépôts (issue 12 item 8).

The suite's database may be PostgreSQL (CI) or SQLite in memory, where nothing runs concurrently: the
dépôts run in a subprocess (``tests/sqlite_concurrence.py``) against a real SQLite file, one thread and
one connection per request, as ``runserver`` serves them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

RACINE = Path(__file__).resolve().parent.parent
DOSSIERS = 6


def _executer(tmp_path) -> dict:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "ami.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrence.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "prive"),
        "REDIS_URL": "",
        "EMAIL_URL": "memorymail://",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "False",
        "ANTIVIRUS": "aucun",  # as ./bin/demo runs it
    }
    fin = subprocess.run(  # noqa: S603 — this interpreter, a script of the suite
        [sys.executable, "-m", "tests.sqlite_concurrence", str(DOSSIERS)],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert fin.returncode == 0, fin.stderr[-5000:]
    return json.loads(fin.stdout.splitlines()[-1]) | {"stderr": fin.stderr[-5000:]}


def test_item8_depots_simultanes_sur_sqlite_sans_erreur_500(tmp_path):
    resultat = _executer(tmp_path)
    journal = resultat.pop("stderr")
    assert resultat["journal_mode"] == "wal"
    # n porteurs deposit at the same instant: every one deposited, none locked out with a 500.
    assert resultat["plusieurs"] == [302] * DOSSIERS, journal
    # One dossier deposited twice at the same instant (two tabs): one number, the second click lands on
    # the récépissé.
    assert resultat["un_seul"] == [302, 302], journal
    assert resultat["erreurs"] == [], journal
    assert set(resultat["etats"].values()) == {"depose"}
    assert set(resultat["depots"].values()) == {1}
    numeros = sorted(resultat["numeros"].values())
    assert numeros == [f"AMI2-SPIE-2021-{i:04d}" for i in range(1, DOSSIERS + 2)]


def test_item8_reglages_sqlite_seulement_pour_sqlite():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor == "sqlite":
        assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
        assert "journal_mode=WAL" in options["init_command"]
    else:
        assert not {"transaction_mode", "init_command"} & set(options)
