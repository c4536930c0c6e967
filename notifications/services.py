"""The one way to notify people in the portal (the bell): called in the transaction of the event, so a
rolled-back change notifies no one.

The bell shows each person's unread count on every page. It is kept in the cache (``compteur``): primed
at login, raised by ``notifier`` and lowered by ``marquer_lue`` / ``tout_marquer_lu`` once their
transaction commits, so a page costs no query for it; only a miss (the cache expired, Redis restarted)
costs one ``COUNT``, and the cache down costs that query, never an error. ``DUREE`` bounds how long a
count can lag behind (several processes without a shared cache, a race between a miss and an event).
"""

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from notifications.models import Notification

journal = logging.getLogger(__name__)

DUREE = 600  # seconds a cached count lives


def _cle(user_id: int) -> str:
    return f"notifications:non_lues:{user_id}"


def _sans_panne(faire, defaut=None):
    """``faire()``, the cache down (Redis unreachable) answering ``defaut``: the bell never fails a page."""
    try:
        return faire()
    except Exception:  # noqa: BLE001 — any cache error: the database answers instead
        journal.warning("Cache des notifications indisponible", exc_info=True)
        return defaut


def compter(user_id: int) -> int:
    """The unread count from the database (one query), kept in the cache."""
    nombre = Notification.objects.filter(destinataire_id=user_id, lue_le__isnull=True).count()
    _sans_panne(lambda: cache.set(_cle(user_id), nombre, DUREE))
    return nombre


def non_lues(user) -> int:
    """The unread count of ``user`` for the bell: the cache, else one query."""
    if user is None or not user.is_authenticated:
        return 0
    nombre = _sans_panne(lambda: cache.get(_cle(user.pk)))
    return compter(user.pk) if nombre is None else nombre


def _ajuster(user_id: int, delta: int) -> None:
    """Add ``delta`` to a cached count (none cached: the next page counts). Never below zero."""

    def faire():
        try:
            nombre = cache.incr(_cle(user_id), delta)
        except ValueError:  # not cached
            return
        if nombre < 0:
            cache.delete(_cle(user_id))

    _sans_panne(faire)


def notifier(destinataires: Iterable, nature: str, titre: str, lien: str, dossier=None) -> list[Notification]:
    """One unread notification per active person in ``destinataires`` (users, duplicates ignored), linking
    to ``lien`` (a path of the portal: the page concerned)."""
    vus, lignes = set(), []
    for personne in destinataires:
        if personne is None or personne.pk in vus or not personne.is_active:
            continue
        vus.add(personne.pk)
        lignes.append(
            Notification(
                destinataire=personne, nature=nature, titre=titre[:300], lien=lien[:500], dossier=dossier
            )
        )
    creees = Notification.objects.bulk_create(lignes)
    if vus:
        transaction.on_commit(lambda: [_ajuster(pk, 1) for pk in vus])
    return creees


def marquer_lue(notification: Notification) -> None:
    """``notification`` read now (already read: unchanged)."""
    if notification.lue_le is not None:
        return
    notification.lue_le = timezone.now()
    modifiees = Notification.objects.filter(pk=notification.pk, lue_le__isnull=True).update(
        lue_le=notification.lue_le
    )
    if modifiees:
        user_id = notification.destinataire_id
        transaction.on_commit(lambda: _ajuster(user_id, -1))


def tout_marquer_lu(user) -> int:
    """Every unread notification of ``user`` read now; how many there were."""
    nombre = Notification.objects.filter(destinataire=user, lue_le__isnull=True).update(lue_le=timezone.now())
    transaction.on_commit(lambda: _sans_panne(lambda: cache.set(_cle(user.pk), 0, DUREE)))
    return nombre


def lien_sur(lien: str) -> str:
    """``lien`` if it is a path of the portal (``/…``, no host, no scheme), else the list of notifications:
    a notification never sends anyone to another site."""
    if lien.startswith("/") and not lien.startswith("//") and url_has_allowed_host_and_scheme(lien, None):
        return lien
    return ""
