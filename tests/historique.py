"""The history as the tests read it (``core.historique``): the rows of what someone did, the most recent
first. The objects the tests' setup creates (factories, no one logged in) are in the history too, without
an actor: they are not these rows."""

from auditlog.models import LogEntry

from core import historique


def journal(objet: str | None = None) -> list[historique.Entree]:
    """The rows whose entries have an actor (about ``objet``), the most recent first."""
    lignes = historique.entrees(LogEntry.objects.filter(actor__isnull=False))
    return [e for e in lignes if objet is None or e.objet == objet]


def une_entree(objet: str | None = None) -> historique.Entree:
    """The one row (about ``objet``), as ``QuerySet.get`` would: an error if there is none, or several."""
    [seule] = journal(objet)
    return seule
