"""An S3-compatible store for the tests: moto's server (``ThreadedMotoServer``) on a free port of
127.0.0.1 for the session, stopped at its end; each test has a bucket of its own and the portal's private
storage on it (``STORAGES["prive"]`` as ``STOCKAGE=s3`` builds it, ``ami/settings.py``)."""

import logging
import uuid

import pytest

from tests.processus import port_libre
from tests.stockage.outils import CLE, REGION, SECRET, Bucket, options


@pytest.fixture(scope="session")
def serveur_s3():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    port = port_libre()
    serveur = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    serveur.start()
    yield f"http://127.0.0.1:{port}"
    serveur.stop()


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
