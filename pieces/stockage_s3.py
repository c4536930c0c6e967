"""The private storage on an S3-compatible object store (``STOCKAGE=s3``, django-storages): a module of its
own so that the local default never imports boto3.

Every object is written with the canned ACL ``private`` (``AWS_DEFAULT_ACL``; empty for a bucket whose ACLs
are disabled, « bucket owner enforced », where objects are private by construction — never a public ACL),
under a random name (``pieces.models.chemin``); nothing builds a URL to it (``SansUrl``): the portal streams
each file after the access check (``pieces.stockage.servir``).
"""

import functools

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from pieces.stockage import SansUrl, StockageIndisponible

ACL_PERMISES = ("private", None)


def _indisponible_si_erreur(methode):
    """boto3's errors (store unreachable, timeout, 5xx, access refused) as ``StockageIndisponible``."""

    @functools.wraps(methode)
    def enveloppe(self, *args, **kwargs):
        try:
            return methode(self, *args, **kwargs)
        except (BotoCoreError, ClientError) as erreur:
            raise StockageIndisponible(f"Stockage S3 indisponible : {erreur}") from erreur

    return enveloppe


class StockageS3(SansUrl, S3Storage):
    # No file is replaced in place: a name already taken gets a suffix (names are random anyway).
    file_overwrite = False
    querystring_auth = True
    custom_domain = None

    def __init__(self, **options):
        super().__init__(**options)
        if self.default_acl not in ACL_PERMISES:
            raise ImproperlyConfigured(
                f"AWS_DEFAULT_ACL vaut « private » ou rien, jamais « {self.default_acl} » : "
                "aucun fichier du portail n’est public."
            )
        if self.custom_domain:
            raise ImproperlyConfigured("Le stockage privé n’a pas de domaine public (AWS_S3_CUSTOM_DOMAIN).")
        # An object read (a pièce, an archive) spools to a temporary file past this size, not all in memory.
        self.max_memory_size = self.max_memory_size or settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        # A store that does not answer fails the request in seconds, not after botocore's 60 s.
        self.client_config = Config(
            s3={"addressing_style": self.addressing_style},
            signature_version=self.signature_version,
            proxies=self.proxies,
            connect_timeout=5,
            read_timeout=30,
            retries={"mode": "standard", "max_attempts": 3},
        )

    @_indisponible_si_erreur
    def _open(self, name, mode="rb"):
        fichier = super()._open(name, mode)
        if "r" in mode:
            fichier.file  # noqa: B018  (read now: a store that fails does so here, not mid-response)
        return fichier

    _save = _indisponible_si_erreur(S3Storage._save)
    delete = _indisponible_si_erreur(S3Storage.delete)
    exists = _indisponible_si_erreur(S3Storage.exists)
    size = _indisponible_si_erreur(S3Storage.size)
