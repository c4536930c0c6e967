"""The antivirus: ClamAV's daemon, through clamav-client (``ANTIVIRUS=clamd``, ``CLAMD_ADRESSE``), or none
(``ANTIVIRUS=aucun``, the demo's choice, which the pages of pièces say).

The file is sent to clamd as a stream (INSTREAM): clamd needs no access to the portal's disk and may run on
another host (``CLAMD_ADRESSE=hôte:3310``). An unanswered scan is an error, never a clean verdict.
"""

import logging
from dataclasses import dataclass

from clamav_client import get_scanner
from clamav_client.clamd import ClamdError
from django.conf import settings

from pieces.models import EtatAnalyse

journal = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    etat: str  # EtatAnalyse: SAINE, INFECTEE, ERREUR or NON_ANALYSEE
    detail: str = ""  # the virus found, or the error


def active() -> bool:
    return settings.ANTIVIRUS == "clamd"


def client():
    """clamav-client's connection to clamd (Unix socket, or « hôte:port »)."""
    scanner = get_scanner(
        {"backend": "clamd", "address": settings.CLAMD_ADRESSE, "timeout": settings.CLAMD_DELAI}
    )
    return scanner.client


def analyser(flux) -> Verdict:
    """Scan the open binary file ``flux``."""
    if not active():
        return Verdict(EtatAnalyse.NON_ANALYSEE)
    try:
        reponse = client().instream(flux)
    except (ClamdError, OSError) as erreur:  # clamd down, too slow, or its answer unreadable
        journal.warning("Analyse antivirus impossible : %s", erreur)
        return Verdict(EtatAnalyse.ERREUR, f"Antivirus injoignable ou en erreur : {erreur}"[:300])
    statut, detail = reponse.get("stream", ("ERROR", "réponse vide"))
    if statut == "OK":
        return Verdict(EtatAnalyse.SAINE)
    if statut == "FOUND":
        return Verdict(EtatAnalyse.INFECTEE, (detail or "virus")[:300])
    journal.warning("Analyse antivirus en erreur : %s", detail)
    return Verdict(EtatAnalyse.ERREUR, f"Erreur de l’antivirus : {detail}"[:300])


def repond() -> bool:
    """clamd answers PING (the pages of pièces say when it does not)."""
    try:
        return client().ping() == "PONG"
    except (ClamdError, OSError):
        return False
