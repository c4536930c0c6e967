"""The analysis of a pièce after its upload, in the background (``pieces.tasks``, after the commit; inline
when REDIS_URL is unset): the reading of a big PDF that the request left (pages, active content), then the
antivirus. Until it ends, the pièce is « en cours d'analyse » and nobody downloads it
(``Piece.telechargeable``); a pièce sent to replace another (``Piece.remplace``) leaves the earlier one
joined until it is accepted (``remplacer``), and a refused one leaves it as it was. A PDF over its maximum
of pages (``pieces.models.pages_max``: the call's for the optional annex) is refused here when the upload
could not count its pages. An infected or refused file is deleted from the storage at once; the row stays,
with its state and reason, for the candidat to see, and counts as absent (``pieces.rules``). clamd down:
the pièce stays pending (``ERREUR``), scanned again by ``reprendre`` — never accepted without an answer.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import arriere_plan
from pieces import antivirus, signaux
from pieces.inspection import DelaiDepasse, PdfRefuse, inspecter, message_trop_de_pages
from pieces.models import EN_COURS, EtatAnalyse, NaturePiece, Piece, pages_max

journal = logging.getLogger(__name__)

# A pièce uploaded this long ago and still waiting: its task was lost (a worker restarted); queued again.
ATTENTE_MAX = 10 * 60


def lancer(piece: Piece) -> None:
    """The analysis of ``piece``, after the caller's transaction commits."""
    from pieces.tasks import analyser_piece  # here: pieces.tasks imports this module

    # robust: inline (no REDIS_URL), an error of the analysis is logged, the upload is not undone by it.
    # Redis down: the pièce stays « en cours d'analyse », ``reprendre`` sends it again.
    transaction.on_commit(lambda: arriere_plan.lancer(analyser_piece, piece.pk), robust=True)


def a_analyser():
    """The pièces that wait for an answer of the antivirus (and, once it is on, those uploaded without)."""
    etats = [*EN_COURS, *([EtatAnalyse.NON_ANALYSEE] if antivirus.active() else [])]
    return Piece.objects.filter(analyse__in=etats)


def analyser(piece_pk: int) -> str | None:
    """Read and scan one pièce; its new state (None: nothing to do)."""
    piece = a_analyser().select_related("dossier__appel", "depose_par").filter(pk=piece_pk).first()
    if piece is None or not piece.fichier:
        return None  # analysed already, replaced or removed meanwhile
    try:
        flux = piece.fichier.open("rb")
    except FileNotFoundError:
        journal.warning("Pièce %s : fichier absent du stockage", piece.pk)
        return None
    except OSError as erreur:  # the storage does not answer (pieces.stockage): still pending, tried again
        journal.warning("Pièce %s : stockage indisponible : %s", piece.pk, erreur)
        return EtatAnalyse.ERREUR
    with flux:
        if piece.pages is None:
            try:
                pages = inspecter(
                    flux.read(), settings.PIECE_ANALYSE_DELAI_TACHE, settings.PIECE_PAGES_MAX
                ).pages
            except PdfRefuse as refus:
                return rejeter(piece, EtatAnalyse.REFUSEE, refus.message)
            except DelaiDepasse:
                return rejeter(piece, EtatAnalyse.REFUSEE, "Ce PDF est trop complexe pour être analysé.")
            Piece.objects.filter(pk=piece.pk).update(pages=pages)
            piece.pages = pages
            flux.seek(0)
        maximum = pages_max(piece.nature, piece.dossier.appel)
        if piece.pages > maximum:  # counted here only: the upload could not (pieces.forms)
            return rejeter(
                piece,
                EtatAnalyse.REFUSEE,
                message_trop_de_pages(piece.pages, maximum, piece.nature == NaturePiece.ANNEXE),
            )
        verdict = antivirus.analyser(flux)
    if verdict.etat == EtatAnalyse.INFECTEE:
        return rejeter(piece, EtatAnalyse.INFECTEE, verdict.detail)
    Piece.objects.filter(pk=piece.pk, analyse=piece.analyse).update(
        analyse=verdict.etat,
        analyse_detail=verdict.detail,
        analyse_le=timezone.now(),
        analyse_essais=F("analyse_essais") + 1,
    )
    if verdict.etat != EtatAnalyse.ERREUR:
        if piece.remplace_id:
            remplacer(piece)
        _reevaluer(piece)
    return verdict.etat


def remplacer(piece: Piece) -> None:
    """``piece``, accepted, takes the place of the pièce it replaces: that one's row goes (its
    ``remplace`` link set to null by the deletion; the unique constraint is checked at the commit), its
    file once the transaction commits."""
    with transaction.atomic():
        ancienne = Piece.objects.select_for_update().filter(pk=piece.remplace_id).first()
        if ancienne is not None:
            fichier = ancienne.fichier.name
            ancienne.delete()
            if fichier:
                transaction.on_commit(lambda: ancienne.fichier.storage.delete(fichier), robust=True)
        Piece.objects.filter(pk=piece.pk).update(remplace=None)
    piece.remplace_id = None


def rejeter(piece: Piece, etat: str, detail: str) -> str:
    """Infected or refused: the file deleted, the state and reason kept, the depositor told by mail (by the
    dossier: ``signaux.piece_rejetee``)."""
    piece.fichier.delete(save=False)
    n = Piece.objects.filter(pk=piece.pk, analyse=piece.analyse).update(
        fichier="",
        analyse=etat,
        analyse_detail=detail[:300],
        analyse_le=timezone.now(),
        analyse_essais=F("analyse_essais") + 1,
    )
    journal.warning("Pièce %s du dossier %s %s : %s", piece.pk, piece.dossier_id, etat, detail)
    piece.analyse, piece.analyse_detail = etat, detail
    if n:
        signaux.piece_rejetee.send(sender=Piece, piece=piece)  # the dossier tells the depositor
    _reevaluer(piece)
    return etat


def _reevaluer(piece: Piece) -> None:
    """The dossier's summary (completion, blocking rules) read the pièce's state: the dossier refreshes it
    (``pieces.signaux.analyse_terminee``, received by ``candidatures``)."""
    signaux.analyse_terminee.send(sender=Piece, piece=piece)


def reprendre() -> int:
    """Queue again the pièces still waiting: an error of the antivirus (clamd down), a task lost, or
    uploaded while the antivirus was off. Celery beat runs it every 5 minutes (``reprendre-analyses``),
    ``manage.py analyser_pieces`` on demand."""
    from pieces.tasks import analyser_piece

    limite = timezone.now() - datetime.timedelta(seconds=ATTENTE_MAX)
    pieces = a_analyser().exclude(analyse=EtatAnalyse.EN_ATTENTE, depose_le__gt=limite)
    n = 0
    for pk in pieces.values_list("pk", flat=True):
        if not arriere_plan.lancer(analyser_piece, pk):
            break  # Redis down: the next sweep
        n += 1
    return n
