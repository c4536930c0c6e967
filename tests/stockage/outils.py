"""Helpers of the S3 tests: the portal's credentials on moto's server, a bucket, and the private
storage's options."""

from dataclasses import dataclass

CLE, SECRET, REGION = "ami-test", "ami-test-secret", "eu-west-3"


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
