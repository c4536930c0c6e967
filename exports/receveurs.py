"""What the exports do when an account changes (``comptes.signaux``, connected by ``ExportsConfig.ready``):
an agent moved to another territory (or out of one) loses the exports built for the old one — their rows
at once, in the change's transaction, their files from the private storage once it commits (a rolled-back
change deletes nothing)."""

import contextlib

from django.db import transaction

from comptes.signaux import service_territorial_change
from exports.models import FichierExport


def supprimer_les_exports(sender, compte, ancien=None, nouveau=None, **kwargs) -> int:
    """Delete every export of ``compte`` and its file: their number."""
    exports = list(FichierExport.objects.filter(demandeur=compte))
    fichiers = [(export.fichier.storage, export.fichier.name) for export in exports if export.fichier]
    FichierExport.objects.filter(pk__in=[export.pk for export in exports]).delete()

    def effacer():
        for stockage, nom in fichiers:
            with contextlib.suppress(OSError):  # already gone: nothing left to delete
                stockage.delete(nom)

    transaction.on_commit(effacer)
    return len(exports)


def connecter() -> None:
    service_territorial_change.connect(
        supprimer_les_exports, dispatch_uid="exports.receveurs.supprimer_les_exports"
    )
