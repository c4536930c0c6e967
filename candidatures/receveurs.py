"""What the dossier does when one of its parts tells it something (the parts never import the dossier):
connected by ``CandidaturesConfig.ready``."""

from django.template.loader import render_to_string

from candidatures.bilan import bilan
from candidatures.models import Dossier
from courriels import envoi as courriels


def piece_analysee(sender, piece, **kwargs) -> None:
    """``pieces.signaux.analyse_terminee``: the dossier's summary (completion, blocking rules) read the
    pièce's state, refreshed — a deposited dossier's too."""
    dossier = Dossier.objects.select_related("appel", "organisation").get(pk=piece.dossier_id)
    bilan(dossier, forcer=True)


def piece_rejetee(sender, piece, **kwargs) -> None:
    """``pieces.signaux.piece_rejetee``: the depositor of an infected or refused pièce is told by mail, with
    the link to the dossier's « Pièces jointes » section."""
    if piece.depose_par and piece.depose_par.email:
        texte = render_to_string("candidatures/courriels/piece_rejetee.txt", {"piece": piece})
        courriels.envoyer(f"Pièce jointe refusée : « {piece.nom} »", texte, [piece.depose_par.email])
