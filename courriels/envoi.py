"""How a mail leaves the portal, in one place: ``envoyer`` writes it to the outbox (``Courriel``) in the
caller's transaction — a rolled-back change sends nothing, a committed one loses nothing, Redis down or
not — and asks the worker to send it after the commit (inline without REDIS_URL, as before). ``expedier``
sends one row at most once; a failure (SMTP down, refused…) is recorded with its error and tried again
after 1, 2, 4… minutes by the beat sweep ``envoyer_dus``, which also sends what Redis kept from leaving.
After ``ESSAIS_MAX`` tries the mail is « en échec », for an administrateur to « Renvoyer »."""

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from core.arriere_plan import lancer, lancer_apres_validation
from courriels.models import Courriel, EtatCourriel

journal = logging.getLogger(__name__)

ESSAIS_MAX = 8  # 1 + 2 + 4 + … + 64 minutes: about two hours of retries before « en échec »
CONSERVATION = datetime.timedelta(days=30)  # a mail sent is kept this long (what was sent, to whom)


def delai(essais: int) -> datetime.timedelta:
    """The wait before the next try, after ``essais`` failed ones: 1, 2, 4… minutes."""
    return datetime.timedelta(minutes=2 ** max(0, essais - 1))


def envoyer(sujet: str, texte: str, destinataires: list[str]) -> Courriel | None:
    """The one way to send a plain-text mail: stored now, sent once the caller's transaction commits."""
    from courriels.tasks import envoyer_courriel  # here: courriels.tasks imports this module

    if not destinataires:
        return None
    courriel = Courriel.objects.create(sujet=sujet, texte=texte, destinataires=list(destinataires))
    lancer_apres_validation(envoyer_courriel, courriel.pk)
    return courriel


def expedier(courriel_pk: int) -> bool:
    """Send the mail if it is still to send; True once sent. The row is locked while it is sent and
    skipped by anyone who finds it locked (the task and the sweep at once): never sent twice."""
    with transaction.atomic():
        courriel = (
            Courriel.objects.select_for_update(skip_locked=True)
            .filter(pk=courriel_pk, etat=EtatCourriel.A_ENVOYER)
            .first()
        )
        if courriel is None:
            return False  # sent already, given up, or being sent by another worker
        maintenant = timezone.now()
        courriel.essais += 1
        try:
            EmailMessage(courriel.sujet, courriel.texte, to=courriel.destinataires).send()
        except Exception as erreur:  # any failure of the mail server: recorded, tried again later
            journal.warning("Courriel %s non envoyé (essai %s) : %r", courriel.pk, courriel.essais, erreur)
            courriel.erreur = f"{type(erreur).__name__} : {erreur}"[:2000]
            courriel.prochain_essai = maintenant + delai(courriel.essais)
            if courriel.essais >= ESSAIS_MAX:
                courriel.etat = EtatCourriel.ECHEC
            courriel.save(update_fields=["essais", "erreur", "prochain_essai", "etat"])
            return False
        courriel.etat, courriel.envoye_le = EtatCourriel.ENVOYE, maintenant
        courriel.save(update_fields=["essais", "etat", "envoye_le"])
    return True


def dus(maintenant=None):
    """The mails to send now: never sent (their task lost with Redis) or whose next try has come."""
    return Courriel.objects.filter(
        etat=EtatCourriel.A_ENVOYER, prochain_essai__lte=maintenant or timezone.now()
    ).order_by("prochain_essai", "pk")


def envoyer_dus() -> int:
    """The beat sweep (every minute): each mail due, sent; the mails sent long ago, deleted. How many
    were sent."""
    envoyes = sum(expedier(pk) for pk in dus().values_list("pk", flat=True))
    Courriel.objects.filter(etat=EtatCourriel.ENVOYE, envoye_le__lt=timezone.now() - CONSERVATION).delete()
    return envoyes


def en_souffrance():
    """What the administrateurs see: the mails not sent, waiting for a try or given up, oldest first."""
    return Courriel.objects.exclude(etat=EtatCourriel.ENVOYE).order_by("cree_le", "pk")


def renvoyer(courriel: Courriel) -> bool:
    """« Renvoyer »: one more try, now (by the worker; by the next sweep if Redis is down). False when
    the service of tasks is unreachable."""
    from courriels.tasks import envoyer_courriel

    Courriel.objects.filter(pk=courriel.pk).exclude(etat=EtatCourriel.ENVOYE).update(
        etat=EtatCourriel.A_ENVOYER, prochain_essai=timezone.now()
    )
    return lancer(envoyer_courriel, courriel.pk)
