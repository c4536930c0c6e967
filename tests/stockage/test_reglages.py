"""``STOCKAGE`` read from the environment (``ami/settings.py``): « s3 » puts ``STORAGES["prive"]`` — the
storage of the pièces and archives — on the bucket named by the AWS_* variables, in production too
(``check --deploy`` clean); a missing bucket, an unknown value, or a public ACL stop the portal."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.stockage.outils import CLE, REGION, SECRET, options

RACINE = Path(__file__).resolve().parents[2]
ADRESSE = "https://s3.example.fr"
S3 = {
    "STOCKAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "ami-spie-fichiers",
    "AWS_S3_ENDPOINT_URL": ADRESSE,
    "AWS_S3_REGION_NAME": REGION,
    "AWS_ACCESS_KEY_ID": CLE,
    "AWS_SECRET_ACCESS_KEY": SECRET,
}
PRODUCTION = {
    "SECRET_KEY": "k3y-de-pr0duction-très-longue-et-aléatoire-pour-le-test-0123456789abcdef",
    "ALLOWED_HOSTS": "ami-spie.example.fr",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # required in production; never reached here
}
LIRE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from pieces.models import Piece; from exports.models import FichierExport; "
    "s = Piece._meta.get_field('fichier').storage; "
    "print(json.dumps([settings.STORAGES['prive'], type(s._wrapped).__name__, s.bucket_name, s.default_acl, "
    "FichierExport._meta.get_field('fichier').storage is s]))"
)


def lancer(
    variables: dict, *commande: str, reglages: str | None = "ami.settings"
) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith(("AWS_", "STOCKAGE"))
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(variables, **({"DJANGO_SETTINGS_MODULE": reglages} if reglages else {}))
    return subprocess.run(  # noqa: S603
        [sys.executable, *commande], cwd=RACINE, env=env, capture_output=True, text=True, timeout=120
    )


def test_stockage_s3_lu_de_l_environnement():
    resultat = lancer(S3, "-c", LIRE)
    assert resultat.returncode == 0, resultat.stderr
    prive, classe, bucket, acl, partage = json.loads(resultat.stdout)
    assert prive == options(ADRESSE, "ami-spie-fichiers")  # what the tests' fixture ``s3`` sets
    assert (classe, bucket, acl, partage) == ("StockageS3", "ami-spie-fichiers", "private", True)


def test_stockage_local_par_defaut():
    resultat = lancer({}, "-c", LIRE.replace("s.bucket_name, s.default_acl", "str(s.location), None"))
    assert resultat.returncode == 0, resultat.stderr
    prive, classe, *_, partage = json.loads(resultat.stdout)
    assert (prive, classe, partage) == ({"BACKEND": "pieces.stockage.StockageLocal"}, "StockageLocal", True)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STOCKAGE": "s3"}, "STOCKAGE=s3 demande AWS_STORAGE_BUCKET_NAME"),
        ({"STOCKAGE": "ftp"}, "STOCKAGE vaut « local » ou « s3 », pas « ftp »"),
    ],
)
def test_stockage_mal_configure_arrete_le_portail(variables, message):
    resultat = lancer(variables, "manage.py", "check")
    assert resultat.returncode != 0
    assert message in resultat.stderr


def test_aucune_acl_publique_ni_domaine_public():
    from pieces.stockage_s3 import StockageS3

    with pytest.raises(ImproperlyConfigured, match="jamais « public-read »"):
        StockageS3(bucket_name="ami", default_acl="public-read")
    with pytest.raises(ImproperlyConfigured, match="AWS_S3_CUSTOM_DOMAIN"):
        StockageS3(bucket_name="ami", custom_domain="fichiers.example.fr")
    assert StockageS3(bucket_name="ami", default_acl=None).default_acl is None  # ACLs disabled on the bucket


def test_production_sur_s3_passe_check_deploy():
    resultat = lancer(
        {**S3, **PRODUCTION},
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        reglages="ami.settings_production",
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout
    # settings_production keeps the private storage of ami.settings.
    resultat = lancer({**S3, **PRODUCTION}, "-c", LIRE, reglages="ami.settings_production")
    assert resultat.returncode == 0, resultat.stderr
    assert json.loads(resultat.stdout)[1] == "StockageS3"


def test_check_deploy_par_l_option_settings():
    """The operator's form of the command, ``--settings=`` on the command line, with no
    DJANGO_SETTINGS_MODULE in the environment: the production settings are the ones checked."""
    resultat = lancer(
        {**S3, **PRODUCTION},
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=ami.settings_production",
        reglages=None,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout
