"""Le fil des échanges d'un dossier, tel que pages et PDF le montrent : les messages et, en lecture
seule, les demandes de compléments et leurs réponses (``Transition`` de ``candidatures.cycle``), dans
l'ordre chronologique ; et les événements des échanges pour l'historique du dossier (message envoyé,
service invité). Un nombre fixe de requêtes, quel que soit le nombre de messages."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from candidatures.cycle import Action
from candidatures.models import Section
from messagerie import acces
from messagerie.models import Cote, Invitation, Message, PieceJointe

COMPLEMENTS = (Action.DEMANDER_COMPLEMENTS, Action.TRANSMETTRE_COMPLEMENTS)
TITRES_SECTIONS = dict(Section.choices)


@dataclass
class Element:
    """Un élément du fil : ``nature`` « message », « demande » (de compléments) ou « transmission »."""

    nature: str
    le: object
    message: Message | None = None
    transition: object = None
    sections: list = field(default_factory=list)
    date_limite: object = None
    modifications: int = 0
    ancre: str = ""


def messages(dossier):
    """The dossier's messages, their author, service and attachments: two queries (one without any)."""
    pieces = Prefetch("pieces_jointes", PieceJointe.objects.order_by("id"))
    return list(dossier.messages.select_related("auteur", "service").prefetch_related(pieces))


def _etapes(dossier, transitions):
    """The compléments' steps: from ``transitions`` (the history already read: no query, no detail of
    the request), else read with their request and answer (one query)."""
    if transitions is not None:
        return [t for t in transitions if getattr(t, "action", "") in COMPLEMENTS], False
    etapes = dossier.transitions.filter(action__in=COMPLEMENTS).select_related(
        "par", "demande_complements", "reponse_complements"
    )
    return list(etapes), True


def elements(dossier, liste_messages=None, transitions=None) -> list[Element]:
    """The messages and the compléments' steps of the dossier, oldest first."""
    liste = [
        Element("message", m.envoye_le, message=m, ancre=f"message-{m.pk}")
        for m in (messages(dossier) if liste_messages is None else liste_messages)
    ]
    etapes, details = _etapes(dossier, transitions)
    for transition in etapes:
        ancre = f"complements-{transition.pk}"
        if transition.action == Action.DEMANDER_COMPLEMENTS:
            demande = getattr(transition, "demande_complements", None) if details else None
            sections = [TITRES_SECTIONS.get(s, s) for s in (demande.sections if demande else [])]
            date_limite = demande.date_limite if demande else None
            liste.append(
                Element("demande", transition.le, None, transition, sections, date_limite, ancre=ancre)
            )
        else:
            reponse = getattr(transition, "reponse_complements", None) if details else None
            n = len(reponse.modifications) if reponse else 0
            liste.append(
                Element("transmission", transition.le, transition=transition, modifications=n, ancre=ancre)
            )
    return sorted(liste, key=lambda e: (e.le, e.nature != "message"))


@dataclass
class Evenement:
    """Une ligne de l'historique du dossier venue des échanges, lue comme une ``Transition`` par les
    gabarits de l'historique (page du dossier, PDF d'instruction) : l'état ne change pas."""

    libelle: str
    le: object
    par: object
    motif: str = ""
    action: str = ""
    depuis: str = ""
    vers: str = ""
    constats_motives: tuple = ()

    def get_depuis_display(self):
        return ""

    def get_vers_display(self):
        return ""


APERCU = 300  # characters of a message in the history; the whole message is in « Échanges »


def evenements(liste_messages, invitations) -> list[Evenement]:
    """The history's lines of the thread: each message (its side, attachments, the start of its text),
    each invitation of a service."""
    resultat = []
    for message in liste_messages:
        if message.cote == Cote.PORTEUR:
            libelle = "Message de l’équipe du porteur"
        elif message.cote == Cote.SERVICE:
            libelle = f"Message de {message.service.nom if message.service else 'un service territorial'}"
        else:
            libelle = "Message de l’instruction"
        noms = [p.nom for p in message.pieces_jointes.all()]
        if noms:
            libelle += f" (pièce jointe : {', '.join(noms)})"
        texte = message.texte if len(message.texte) <= APERCU else message.texte[:APERCU] + "…"
        resultat.append(Evenement(libelle, message.envoye_le, message.auteur, texte, action="message"))
    for invitation in invitations:
        libelle = f"{invitation.service.nom} invité dans les échanges"
        resultat.append(Evenement(libelle, invitation.le, invitation.par, action="invitation"))
    return resultat


class _Onglet:
    """The « Échanges » tab's name, from the ``non_lus`` of the dataclass: « Échanges (2 non lus) »."""

    @property
    def libelle(self) -> str:
        if not self.non_lus:
            return "Échanges"
        return f"Échanges ({self.non_lus} non lu{'s' if self.non_lus > 1 else ''})"


@dataclass
class Echanges(_Onglet):
    """The thread as ``user`` reads it, read once for a page or a PDF: its elements, the history's lines
    (``evenements``), the services invited, the messages he has not read (before this reading)."""

    elements: list
    evenements: list
    invitations: list
    non_lus: int = 0


@dataclass(frozen=True)
class OngletEchanges(_Onglet):
    """The « Échanges » tab when neither its panel nor the history is in the page (a browser that loads
    the other tabs on demand, instruction.pages): its name only, without reading the thread."""

    non_lus: int


def onglet(dossier, user) -> OngletEchanges | None:
    """The tab of ``dossier``'s thread for ``user`` (``None`` when he does not read it, as ``echanges``):
    the messages he has not read counted in SQL (``requetes``, the count of « Mes dossiers » and the
    queue), one query, two for an agent."""
    from messagerie import requetes

    if not acces.lit_le_fil(user, dossier):
        return None
    return OngletEchanges(requetes.non_lus_du_dossier(user, dossier))


def echanges(dossier, user, transitions=None) -> Echanges | None:
    """The thread of ``dossier`` (which ``user`` reads: the caller got it through ``for_user``) for
    ``user``, or ``None`` when he does not read it (an agent whose service is not invited). A fixed
    number of queries: the messages and their attachments, the invitations, the compléments' steps
    (none when ``transitions``, the history already read, is given)."""
    if not acces.lit_le_fil(user, dossier):
        return None
    liste = messages(dossier)
    invitations = list(Invitation.objects.filter(dossier=dossier).select_related("service", "par"))
    non_lus = sum(1 for m in liste if acces.non_lu(m, user, invitations))
    return Echanges(
        elements(dossier, liste, transitions), evenements(liste, invitations), invitations, non_lus
    )


def historique(transitions, echanges_du_dossier) -> list:
    """The ``transitions`` of the history and the thread's lines, by date."""
    if echanges_du_dossier is None:
        return list(transitions)
    return sorted([*transitions, *echanges_du_dossier.evenements], key=lambda t: t.le)
