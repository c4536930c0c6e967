"""Ce que font les échanges, en un endroit : envoyer un message (et sa pièce jointe), inviter un service,
marquer le fil lu par un côté, prévenir les destinataires — par courriel (un lien direct vers le
message, jamais son contenu) et dans le portail (``notifications.services.notifier``), dans la
transaction de l'événement."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from candidatures import cycle
from comptes.models import Role, User
from courriels import envoi as courriels
from messagerie import analyse
from messagerie.acces import cote_de
from messagerie.models import Cote, Invitation, Message, PieceJointe
from notifications.models import Nature, Notification
from notifications.services import compter, notifier


def lien(dossier, user, ancre: str = "") -> str:
    """Le chemin des échanges du dossier pour ``user`` : la page « Échanges » du porteur, l'onglet
    « Échanges » de la fiche pour l'État."""
    suffixe = f"#{ancre}" if ancre else ""
    if cote_de(user) == Cote.PORTEUR:
        return reverse("messagerie:fil", args=[dossier.pk]) + suffixe
    return reverse("instruction:dossier", args=[dossier.pk]) + "?onglet=echanges" + suffixe


def marquer_lu(dossier, user) -> None:
    """Le fil lu par le côté de ``user`` : les accusés de lecture de ce côté, datés de la première
    lecture ; pour un agent, la dernière lecture de son service (ses non lus)."""
    maintenant = timezone.now()
    # The bell's notifications of this thread are read with it; the bell's cached count follows once
    # committed (``notifications.services.compter``), or it would say « 1 non lue » for ten minutes.
    lues = Notification.objects.filter(
        destinataire=user, dossier=dossier, nature=Nature.MESSAGE, lue_le__isnull=True
    ).update(lue_le=maintenant)
    if lues:
        transaction.on_commit(lambda: compter(user.pk))
    cote = cote_de(user)
    messages = Message.objects.filter(dossier=dossier)
    if cote == Cote.PORTEUR:
        messages.exclude(cote=Cote.PORTEUR).filter(lu_porteur_le__isnull=True).update(
            lu_porteur_le=maintenant
        )
    elif cote == Cote.INSTRUCTION:
        messages.exclude(cote=Cote.INSTRUCTION).filter(lu_instruction_le__isnull=True).update(
            lu_instruction_le=maintenant
        )
    elif cote == Cote.SERVICE and user.service_territorial_id:
        Invitation.objects.filter(dossier=dossier, service_id=user.service_territorial_id).update(
            lu_le=maintenant
        )


def envoyer(dossier, auteur, texte: str, fichier=None, verification=None) -> Message:
    """Le message de ``auteur`` (qui lit le fil : ``messagerie.acces``), sa pièce jointe acceptée par
    ``verification`` (le ``PieceForm`` du formulaire : pages, empreinte), analysée après la validation."""
    cote = cote_de(auteur)
    with transaction.atomic():
        message = Message.objects.create(
            dossier=dossier,
            auteur=auteur,
            cote=cote,
            service_id=auteur.service_territorial_id if cote == Cote.SERVICE else None,
            texte=texte,
        )
        if fichier is not None:
            piece = PieceJointe.objects.create(
                message=message,
                fichier=fichier,
                nom=fichier.name[:200],
                taille=fichier.size,
                pages=getattr(verification, "pages", None),
                empreinte=getattr(verification, "empreinte", ""),
            )
            analyse.lancer(piece)
        marquer_lu(dossier, auteur)  # who answers has read what came before
        prevenir(message)
    return message


def inviter(dossier, services, par) -> list[Invitation]:
    """Les ``services`` invités dans le fil (une fois chacun), leurs agents prévenus."""
    deja = set(Invitation.objects.filter(dossier=dossier).values_list("service_id", flat=True))
    nouvelles = [
        Invitation.objects.create(dossier=dossier, service=s, par=par) for s in services if s.pk not in deja
    ]
    if nouvelles:
        agents = agents_des_services([i.service_id for i in nouvelles])
        _prevenir(dossier, agents, "Vous êtes invité dans les échanges du dossier", None)
    return nouvelles


def agents_des_services(services) -> list:
    return list(User.objects.filter(role=Role.AGENT, is_active=True, service_territorial_id__in=services))


def destinataires(message) -> list:
    """Qui est prévenu d'un message : les autres côtés du fil. L'équipe du porteur (ses membres actifs) ;
    l'instruction : les instructeurs qui suivent le dossier (qui l'a pris en instruction, qui a écrit
    dans le fil, qui a invité un service), à défaut tous les instructeurs ; les agents des services
    invités. Jamais l'auteur."""
    dossier = message.dossier
    personnes = []
    if message.cote != Cote.PORTEUR:
        personnes += User.objects.filter(
            organisation_id=dossier.organisation_id, role=Role.CANDIDAT, is_active=True
        )
    if message.cote != Cote.INSTRUCTION:
        suivent = set(
            dossier.transitions.filter(action=cycle.Action.PRENDRE).values_list("par_id", flat=True)
        )
        suivent |= set(dossier.messages.filter(cote=Cote.INSTRUCTION).values_list("auteur_id", flat=True))
        suivent |= set(Invitation.objects.filter(dossier=dossier).values_list("par_id", flat=True))
        instructeurs = User.objects.filter(role=Role.INSTRUCTEUR, is_active=True)
        suivis = list(instructeurs.filter(pk__in=suivent - {None}))
        personnes += suivis or list(instructeurs)
    services = set(Invitation.objects.filter(dossier=dossier).values_list("service_id", flat=True))
    services.discard(message.service_id)
    personnes += agents_des_services(services)
    return [p for p in personnes if p.pk != message.auteur_id]


def prevenir(message) -> None:
    _prevenir(message.dossier, destinataires(message), "Nouveau message sur le dossier", message)


def _prevenir(dossier, personnes, titre: str, message) -> None:
    """Un courriel par côté (le lien de ses pages), et la cloche de chacun. Jamais le contenu."""
    ancre = f"message-{message.pk}" if message else ""
    titre = f"{titre} {dossier.numero}"
    par_lien: dict[str, list] = {}
    for personne in personnes:
        par_lien.setdefault(lien(dossier, personne, ancre), []).append(personne)
    for chemin, groupe in par_lien.items():
        notifier(groupe, Nature.MESSAGE, titre, chemin, dossier=dossier)
        adresses = sorted({p.email for p in groupe if p.email})
        texte = render_to_string(
            "messagerie/courriels/message.txt",
            {"dossier": dossier, "lien": f"{settings.PORTAIL_URL}{chemin}", "invitation": message is None},
        )
        courriels.envoyer(f"{titre} : {dossier.intitule}"[:250], texte, adresses)
