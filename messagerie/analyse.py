"""L'analyse d'une pièce jointe de message après l'envoi, en arrière-plan (``messagerie.tasks``, après la
validation ; en ligne sans REDIS_URL) : les mêmes vérifications que les pièces du dossier, par les mêmes
fonctions — la lecture du PDF (``pieces.inspection.inspecter``) quand l'envoi n'a pas pu compter ses
pages, puis l'antivirus (``pieces.antivirus.analyser``, ClamAV). Jusque-là, la pièce jointe est « en
cours d'analyse » et personne ne la télécharge (``Piece.telechargeable``). Un fichier infecté ou refusé
est effacé du stockage ; la ligne reste, avec la raison. clamd injoignable : la pièce jointe reste en
attente (``ERREUR``), analysée de nouveau par ``reprendre``."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import arriere_plan
from messagerie.models import PieceJointe
from pieces import antivirus
from pieces.inspection import DelaiDepasse, PdfRefuse, inspecter, message_trop_de_pages
from pieces.models import EN_COURS, EtatAnalyse

journal = logging.getLogger(__name__)


def lancer(piece: PieceJointe) -> None:
    from messagerie.tasks import analyser_piece_jointe

    transaction.on_commit(lambda: arriere_plan.lancer(analyser_piece_jointe, piece.pk), robust=True)


def a_analyser():
    etats = [*EN_COURS, *([EtatAnalyse.NON_ANALYSEE] if antivirus.active() else [])]
    return PieceJointe.objects.filter(analyse__in=etats)


def _enregistrer(piece, etat, detail="", **champs):
    PieceJointe.objects.filter(pk=piece.pk, analyse=piece.analyse).update(
        analyse=etat, analyse_detail=detail[:300], analyse_le=timezone.now(), **champs
    )
    return etat


def rejeter(piece: PieceJointe, etat: str, detail: str) -> str:
    piece.fichier.delete(save=False)
    journal.warning("Pièce jointe %s du message %s %s : %s", piece.pk, piece.message_id, etat, detail)
    return _enregistrer(piece, etat, detail, fichier="")


def analyser(piece_pk: int) -> str | None:
    """Lire et analyser une pièce jointe ; son nouvel état (None : rien à faire)."""
    piece = a_analyser().filter(pk=piece_pk).first()
    if piece is None or not piece.fichier:
        return None
    try:
        flux = piece.fichier.open("rb")
    except FileNotFoundError:
        return None
    except OSError as erreur:
        journal.warning("Pièce jointe %s : stockage indisponible : %s", piece.pk, erreur)
        return EtatAnalyse.ERREUR
    with flux:
        if piece.pages is None:
            try:
                delai, maximum = settings.PIECE_ANALYSE_DELAI_TACHE, settings.PIECE_PAGES_MAX
                pages = inspecter(flux.read(), delai, maximum).pages
            except PdfRefuse as refus:
                return rejeter(piece, EtatAnalyse.REFUSEE, refus.message)
            except DelaiDepasse:
                return rejeter(piece, EtatAnalyse.REFUSEE, "Ce PDF est trop complexe pour être analysé.")
            if pages > settings.PIECE_PAGES_MAX:
                return rejeter(
                    piece, EtatAnalyse.REFUSEE, message_trop_de_pages(pages, settings.PIECE_PAGES_MAX, False)
                )
            PieceJointe.objects.filter(pk=piece.pk).update(pages=pages)
            flux.seek(0)
        verdict = antivirus.analyser(flux)
    if verdict.etat == EtatAnalyse.INFECTEE:
        return rejeter(piece, EtatAnalyse.INFECTEE, verdict.detail)
    return _enregistrer(piece, verdict.etat, verdict.detail)


def reprendre() -> int:
    """Relancer les pièces jointes en attente (clamd injoignable, tâche perdue)."""
    from messagerie.tasks import analyser_piece_jointe

    n = 0
    for pk in a_analyser().values_list("pk", flat=True):
        if not arriere_plan.lancer(analyser_piece_jointe, pk):
            break
        n += 1
    return n
