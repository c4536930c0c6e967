"""What the dossier does when one of its parts tells it something (the parts never import the dossier):
connected by ``CandidaturesConfig.ready``."""

from candidatures.bilan import bilan
from candidatures.models import Dossier


def piece_analysee(sender, piece, **kwargs) -> None:
    """``pieces.signaux.analyse_terminee``: the dossier's summary (completion, blocking rules) read the
    pièce's state, refreshed — a deposited dossier's too."""
    dossier = Dossier.objects.select_related("appel", "organisation").get(pk=piece.dossier_id)
    bilan(dossier, forcer=True)
