"""Who else has a dossier open: each instruction page signals its reader in the cache (Redis in
production), for ten minutes. Two instructeurs then know of each other before they act; the version
check on every instruction form is what prevents an overwrite. The cache down, the page says
« information indisponible » (the version check still guards every action)."""

import logging
import time

from django.core.cache import cache

from core.arriere_plan import PANNES

journal = logging.getLogger(__name__)

DUREE = 10 * 60


def _cle(dossier_pk: int) -> str:
    return f"presence:dossier:{dossier_pk}"


def signaler(dossier_pk: int, user) -> list[tuple[str, int]] | None:
    """Record that ``user`` reads the dossier; return the others (name, minutes ago), most recent first;
    None when the cache cannot be reached (nobody knows who else reads)."""
    maintenant = time.time()
    try:
        lecteurs = {
            pk: (nom, vu)
            for pk, (nom, vu) in (cache.get(_cle(dossier_pk)) or {}).items()
            if maintenant - vu < DUREE
        }
        lecteurs[user.pk] = (user.get_full_name() or user.email, maintenant)
        cache.set(_cle(dossier_pk), lecteurs, DUREE)
    except PANNES as erreur:
        journal.warning("Présence sur le dossier %s indisponible : %s", dossier_pk, erreur)
        return None
    autres = sorted(((nom, vu) for pk, (nom, vu) in lecteurs.items() if pk != user.pk), key=lambda x: -x[1])
    return [(nom, int((maintenant - vu) // 60)) for nom, vu in autres]
