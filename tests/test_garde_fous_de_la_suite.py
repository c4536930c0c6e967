"""The suite's guards against a hang (a CI run that timed out on a test that never ended, stop 25): a lock
wait is bounded on PostgreSQL, a test that hangs fails after its timeout with every thread's stack."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_attente_de_verrou_bornee_sur_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("lock_timeout : PostgreSQL seulement (SQLite attend au plus son timeout de connexion)")
    with connection.cursor() as curseur:
        curseur.execute("SHOW lock_timeout")
        assert curseur.fetchone()[0] == "2min"


def test_un_test_bloque_echoue_avec_les_piles(pytestconfig):
    assert float(pytestconfig.getini("timeout")) == 900
    assert pytestconfig.getini("timeout_method") == "signal"
    assert float(pytestconfig.getini("faulthandler_timeout")) < float(pytestconfig.getini("timeout"))


def test_chaque_processus_a_sa_base_redis(settings):
    """Under pytest-xdist, the Celery queue of process gwN is Redis database 15 - N - 1 (tests/parallele.py):
    never the one of another process, nor 5 (the production smoke suite) or 6 (the benches)."""
    import os

    travailleur = os.environ.get("PYTEST_XDIST_WORKER")
    if not travailleur or not settings.REDIS_URL:
        pytest.skip("un seul processus, ou sans Redis : une seule file")
    base = int(settings.REDIS_URL.rpartition("/")[2])
    assert base == 14 - int(travailleur.removeprefix("gw"))
    assert base not in (5, 6)
    from ami.celery import app

    assert app.conf.broker_url.endswith(f"/{base}")


_TRANSACTIONNEL = """
import pytest


@pytest.mark.django_db
def test_ordinaire():  # pytest-django puts it before every transactional test: its file goes first
    pass


@pytest.mark.django_db(transaction=True)
def test_transactionnel():
    from ami.models import Appel

    assert Appel.objects.exists()  # its flush, after it, empties every table
"""

_ORDINAIRE = """
import pytest


@pytest.mark.django_db
def test_ordinaire_apres():
    from auditlog.models import LogEntry

    from ami.models import Appel
    from territoires.models import Departement, Region

    assert not LogEntry.objects.exists()  # put back as a migration does: no line in the journal
    appel = Appel.objects.get()
    assert appel.criteres.exists()
    assert Region.objects.count() == 18 and Departement.objects.count() == 101
    assert Region.objects.exclude(service_regional="").count() == 18
"""


def test_un_test_ordinaire_apres_un_test_transactionnel_trouve_l_appel_et_le_referentiel(tmp_path):
    """On several processes, one process runs the files it is given in turn, each file whole: an ordinary
    test of the next file comes after the transactional tests of a file, whose flush emptied what the data
    migrations filled (stop 26's CI). Two files run by one process in that order (SQLite, no Redis)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    racine = Path(__file__).resolve().parent.parent
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import *  # noqa: F403\n"
        "from tests.conftest import pytest_runtest_teardown  # noqa: F401\n"
    )
    (tmp_path / "test_a_transactionnel.py").write_text(_TRANSACTIONNEL)
    (tmp_path / "test_b_ordinaire.py").write_text(_ORDINAIRE)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_URL", "REDIS_URL"))}
    env.update(REDIS_URL="", PYTHONPATH=str(racine))
    fini = subprocess.run(  # noqa: S603 (this interpreter, the project's pytest)
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "1",
            "--dist",
            "loadfile",
            "-c",
            str(racine / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        cwd=racine,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert fini.returncode == 0, fini.stdout[-3000:] + fini.stderr[-2000:]
    assert "3 passed" in fini.stdout


def test_aucun_onglet_ferme_sans_fermer():
    """A tab of the browser tests (a name given ``….new_page()``) is closed by
    ``tests.browser.outils.fermer``, never by ``.close()``: Chromium can drop a close that races a
    navigation, and ``page.close()`` then waits forever (the 40 minutes of stop 26's CI). Contexts,
    files and connections are not concerned."""
    import ast
    from pathlib import Path

    racine = Path(__file__).resolve().parent.parent
    fautes = []
    for chemin in [*racine.glob("tests/**/*.py"), *racine.glob("bench/**/*.py")]:
        arbre = ast.parse(chemin.read_text(), filename=str(chemin))
        for fonction in ast.walk(arbre):
            if not isinstance(fonction, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            onglets = {
                cible.id
                for noeud in ast.walk(fonction)
                if isinstance(noeud, ast.Assign)
                and isinstance(noeud.value, ast.Call)
                and isinstance(noeud.value.func, ast.Attribute)
                and noeud.value.func.attr == "new_page"
                for cible in noeud.targets
                if isinstance(cible, ast.Name)
            }
            fautes += [
                f"{chemin.relative_to(racine)}:{noeud.lineno} {noeud.func.value.id}.close()"
                for noeud in ast.walk(fonction)
                if isinstance(noeud, ast.Call)
                and isinstance(noeud.func, ast.Attribute)
                and noeud.func.attr == "close"
                and isinstance(noeud.func.value, ast.Name)
                and noeud.func.value.id in onglets
            ]
    assert not fautes, "onglets fermés sans fermer() :\n" + "\n".join(fautes)
