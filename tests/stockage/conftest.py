"""An S3-compatible store for the tests: moto's server (``ThreadedMotoServer``) on a free port of
127.0.0.1 for the session, stopped at its end; each test has a bucket of its own and the portal's private
storage on it (``STORAGES["prive"]`` as ``STOCKAGE=s3`` builds it, ``ami/settings.py``)."""

import logging
import uuid
from dataclasses import dataclass

import pytest

from tests.processus import port_libre

CLE, SECRET, REGION = "ami-test", "ami-test-secret", "eu-west-3"


@pytest.fixture(scope="session")
def serveur_s3():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    port = port_libre()
    serveur = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    serveur.start()
    yield f"http://127.0.0.1:{port}"
    serveur.stop()


@dataclass
class Bucket:
    adresse: str  # the endpoint's URL
    nom: str
    client: object  # boto3's S3 client, with the portal's credentials

    def cles(self) -> list[str]:
        return sorted(o["Key"] for o in self.client.list_objects_v2(Bucket=self.nom).get("Contents", []))

    def lire(self, cle: str) -> bytes:
        return self.client.get_object(Bucket=self.nom, Key=cle)["Body"].read()


def options(adresse: str, nom: str) -> dict:
    """``STORAGES["prive"]`` as ``ami/settings.py`` builds it from ``STOCKAGE=s3`` and the AWS_* variables
    (``test_reglages`` checks that it does)."""
    return {
        "BACKEND": "pieces.stockage_s3.StockageS3",
        "OPTIONS": {
            "bucket_name": nom,
            "endpoint_url": adresse,
            "region_name": REGION,
            "access_key": CLE,
            "secret_key": SECRET,
            "location": "",
            "addressing_style": None,
            "default_acl": "private",
        },
    }


@pytest.fixture
def s3(settings, serveur_s3, request):
    """A new bucket, the private storage on it."""
    import boto3

    nom = f"ami-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=serveur_s3, aws_access_key_id=CLE, aws_secret_access_key=SECRET, region_name=REGION
    )
    client.create_bucket(Bucket=nom, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {**settings.STORAGES, "prive": options(serveur_s3, nom)}
    return Bucket(serveur_s3, nom, client)


@pytest.fixture(autouse=True)
def _appel(request):
    """The call open (the root conftest's ``appel_ouvert``) for the tests that use the database."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("appel_ouvert")
