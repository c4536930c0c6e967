"""``manage.py verifier_stockage``: what an operator runs at deploy time — against the local storage, a
private bucket (passes), and a bucket that a policy opens to everyone (fails, and says why)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def verifier() -> str:
    sortie = io.StringIO()
    call_command("verifier_stockage", stdout=sortie)
    return sortie.getvalue()


def test_stockage_local(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert "Stockage privé vérifié." in verifier()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # the test file removed


def test_bucket_prive(s3):
    sortie = verifier()
    assert "GET anonyme refusé (403)" in sortie and "Stockage privé vérifié." in sortie
    assert s3.cles() == []


def test_bucket_public_refuse(s3):
    politique = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{s3.nom}/*",
            }
        ],
    }
    s3.client.put_bucket_policy(Bucket=s3.nom, Policy=json.dumps(politique))

    with pytest.raises(CommandError, match="répond 200 : le bucket est public"):
        verifier()
    assert s3.cles() == []  # deleted all the same
