"""The private storage of the portal's files — the pièces and the ZIP archives — and the one way they are
given to a user.

The storage is defined in one place, ``STORAGES["prive"]`` (``ami/settings.py``, chosen by ``STOCKAGE``):

- ``local``, the embedded default: files under ``PRIVATE_MEDIA_ROOT`` (``StockageLocal``), for a portal
  whose web processes and worker share one disk;
- ``s3``: a bucket of an S3-compatible object store (``pieces.stockage_s3.StockageS3``, django-storages),
  for a portal on several machines (gunicorn on two hosts, the Celery worker on a third).

Code reaches it through ``stockage`` (``pieces.models.stockage_prive``, the ``storage`` of the pièces' and
archives' ``FileField``): a lazy proxy of ``storages["prive"]``, set up again when ``STORAGES`` changes.

Neither storage has a URL (``url()`` raises): no file is ever reachable but through a view of the portal
that has checked the user's right, then streams the file (``servir``). No signed URL either: a link to the
store, even valid 60 s, is a bearer token that whoever reads it (a proxy's log, the browser's history, a
forwarded mail) may use without any check, that no removal of a right revokes, and it would require the
store to be reachable from every user's browser — streamed, it stays on the portal's private network.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import LazyObject, empty

ALIAS = "prive"
# The storage does not answer (the object store unreachable or in error, a local disk full or
# unreadable): the request is refused in French, 503, and may be tried again in a while.
INDISPONIBLE = 503
NOUVEL_ESSAI_APRES = 60  # seconds, Retry-After
INDISPONIBLE_TELEVERSEMENT = (
    "Le fichier n’a pas pu être enregistré : le stockage des fichiers ne répond pas pour le moment. "
    "Réessayez dans quelques instants."
)


class StockageIndisponible(OSError):
    """The private storage failed (``StockageS3`` turns boto3's errors into it); a local disk raises
    ``OSError`` itself. ``FileNotFoundError``, also an ``OSError``, is a missing file, not this."""


class SansUrl:
    """A private storage gives no URL: its files are served by ``servir``, after the access check."""

    def url(self, name, *args, **kwargs):
        raise NotImplementedError(
            "Les fichiers privés n’ont pas d’URL : une vue du portail les sert après vérification du droit."
        )


class StockageLocal(SansUrl, FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT``, read at each use (tests and deployments may change it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def deconstruct(self):
        return ("pieces.stockage.StockageLocal", (), {})


class _StockagePrive(LazyObject):
    def _setup(self):
        self._wrapped = storages[ALIAS]


stockage = _StockagePrive()


@receiver(setting_changed)
def _stockages_changes(*, setting, **kwargs):
    if setting == "STORAGES":
        stockage._wrapped = empty


def servir(fichier, nom: str, type_contenu: str) -> FileResponse:
    """The download of ``fichier`` (a ``FieldFile`` of the private storage) as an attachment named ``nom``,
    streamed from the storage (a local file, or the object read from the bucket). The caller has checked
    the user's right: this is the only function that gives out a private file."""
    try:
        flux = fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Fichier introuvable.") from None
    except OSError:
        return indisponible()
    reponse = FileResponse(flux, content_type=type_contenu, as_attachment=True, filename=nom)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    reponse["Content-Security-Policy"] = "default-src 'none'"
    return reponse


def indisponible() -> HttpResponse:
    """The French 503 page of a storage that does not answer (standalone: no request needed)."""
    reponse = HttpResponse(render_to_string("pieces/stockage_indisponible.html"), status=INDISPONIBLE)
    reponse["Retry-After"] = str(NOUVEL_ESSAI_APRES)
    return reponse
