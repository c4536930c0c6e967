"""Le nombre de messages non lus par ``user``, en sous-requête d'un queryset de dossiers : « Mes
dossiers » et la file d'instruction l'annotent sans une requête de plus, quel que soit le nombre de
dossiers ou de messages.

Non lus : pour l'équipe du porteur, les messages des autres côtés qu'aucun de ses membres n'a lus ; pour
l'instruction, ceux des autres côtés qu'aucun instructeur n'a lus ; pour un agent, ceux d'un autre
service que le sien envoyés depuis la dernière lecture du fil par son service (et aucun sans invitation)."""

import datetime

from django.db.models import Count, DateTimeField, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from messagerie.models import Cote, Invitation, Message, cote_de

JAMAIS = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _messages_non_lus(user, dossier=None):
    """Les messages non lus par ``user`` : du dossier de la requête englobante (``dossier=None``)."""
    messages = Message.objects.filter(dossier_id=OuterRef("pk") if dossier is None else dossier.pk)
    cote = cote_de(user)
    if cote == Cote.PORTEUR:
        return messages.exclude(cote=Cote.PORTEUR).filter(lu_porteur_le__isnull=True)
    if cote == Cote.INSTRUCTION:
        return messages.exclude(cote=Cote.INSTRUCTION).filter(lu_instruction_le__isnull=True)
    if cote == Cote.SERVICE and user.service_territorial_id:
        service = user.service_territorial_id
        dossier_lie = OuterRef(OuterRef("pk")) if dossier is None else dossier.pk
        invitation = Invitation.objects.filter(dossier_id=dossier_lie, service_id=service)
        return (
            messages.filter(Exists(invitation))
            .exclude(cote=Cote.SERVICE, service_id=service)
            .alias(
                depuis=Coalesce(
                    Subquery(invitation.values("lu_le")[:1]), Value(JAMAIS), output_field=DateTimeField()
                )
            )
            .filter(envoye_le__gt=F("depuis"))
        )
    return messages.filter(pk=-1)  # aucun côté : aucun message (une sous-requête vide, pas EmptyResultSet)


def non_lus(user):
    """L'expression à annoter sur des dossiers : ``.annotate(non_lus=non_lus(user))`` (0 sans message)."""
    compte = _messages_non_lus(user).order_by().values("dossier_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(compte, output_field=IntegerField()), Value(0))


def non_lus_du_dossier(user, dossier) -> int:
    return _messages_non_lus(user, dossier).count()


def non_lus_par_dossier(user, dossiers) -> dict[int, int]:
    """{pk: nombre de non lus} des ``dossiers`` (une liste, un queryset), en une requête : les pages des
    applications du dossier (« Mes dossiers ») le lisent par le gabarit, sans importer la messagerie."""
    from candidatures.models import Dossier

    identifiants = [dossier.pk for dossier in dossiers]
    if not identifiants:
        return {}
    lignes = Dossier.objects.filter(pk__in=identifiants).annotate(n=non_lus(user)).values_list("pk", "n")
    return {pk: n for pk, n in lignes if n}
