"""The mails to a porteur: every active candidat account of its organisation, sent in the background
(Celery when REDIS_URL is set, inline otherwise) once the transaction is committed (``courriels``)."""

from django.template.loader import render_to_string

from comptes.models import Role, User
from courriels import envoi as courriels


def membres_du_porteur(dossier) -> list[str]:
    return list(
        User.objects.filter(organisation_id=dossier.organisation_id, role=Role.CANDIDAT, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def envoyer_apres_validation(sujet: str, gabarit: str, contexte: dict, destinataires: list[str]):
    """``gabarit`` rendered now, into the outbox with the transaction, sent after the commit (never for a
    rolled-back change)."""
    if not destinataires:
        return
    courriels.envoyer(sujet, render_to_string(gabarit, contexte), destinataires)


def prevenir_porteur(dossier, sujet: str, gabarit: str, contexte: dict):
    envoyer_apres_validation(sujet, gabarit, {"dossier": dossier, **contexte}, membres_du_porteur(dossier))
