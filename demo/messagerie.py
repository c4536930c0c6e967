"""Demo data for the messagerie (issue 17, point 10): a living thread on four dossiers of the instruction
queue (``demo.instruction``), each written through the portal's own services (``messagerie.services``:
``envoyer``, ``inviter``, ``marquer_lu``), as the pages post them — the attachment accepted by the
message form (``MessageForm``, which calls the pièces' ``PieceForm``), then analysed as the background
task does. Each step is dated after the dossier's last change of state, before today.

- a dossier en instruction of the Nord: the instructeur asks for a letter of engagement, the porteur
  sends it (PDF), the DDETS du Nord is invited and answers, a second member of the porteur's team (who
  joined it through « Mon équipe »: ``comptes.equipe``) writes last — unread by the instruction;
- a dossier whose compléments are requested: the porteur asks, the instructeur answers — unread by
  the porteur;
- a recevable dossier: the second instructeur tells the calendar, the porteur asks about the
  cofinancement, the answer is unread by the porteur;
- a deposited dossier nobody has taken yet: two questions of the porteur, unread by the instruction.

Idempotent: a dossier that has a message already keeps its thread as it is. No e-mail (the
notifications of the bell are kept): the caller's ``demo.instruction.sans_courriels``."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Max
from django.utils import timezone

from candidatures.models import Dossier, Etat
from comptes import equipe
from comptes.models import Role, User
from demo.exemples import pdf
from demo.instruction import Plan, planifier, sans_courriels
from messagerie import analyse, services
from messagerie.forms import MessageForm
from messagerie.models import Invitation, Message
from messagerie.requetes import non_lus
from notifications.models import Notification

INSTRUCTEUR, INSTRUCTEUR2, AGENT = "instructeur", "instructeur2", "agent"
PORTEUR, EQUIPE = "porteur", "equipe"  # the porteur's account, the second member of its team
AGENT_NORD = "agent.ddets@demo.ami-spie.fr"  # DDETS du Nord (``demo.management.commands.demo``)
COLLEGUE = ("Élodie", "Marchand")  # the second member of the Nord porteur's team
LETTRE = "lettre-engagement-cofinancement-departement.pdf"

# Each thread: the step's author, what he does (« ecrit », « joint » with the PDF, « invite » his
# territory's DDETS, « lit »), the text.
FIL_NORD = [
    (
        INSTRUCTEUR,
        "ecrit",
        "Bonjour,\n\nJe poursuis l’instruction de votre candidature à l’AMI SPIE. Le plan de "
        "financement mentionne un cofinancement du Département au titre de l’insertion, mais la lettre "
        "d’engagement jointe ne précise ni le montant ni les années 2022 à 2024. Pouvez-vous nous "
        "transmettre une lettre signée qui les indique ?\n\nBien cordialement,\nIsabelle Martin, DGEFP",
    ),
    (
        PORTEUR,
        "joint",
        "Bonjour Madame Martin,\n\nVous trouverez ci-jointe la lettre d’engagement signée par le "
        "vice-président en charge de l’insertion : elle précise le montant du cofinancement pour chaque "
        "année de la période 2022-2024. Le vote en commission permanente est prévu en janvier.\n\n"
        "Cordialement",
    ),
    (
        INSTRUCTEUR,
        "invite",
        "Merci pour cette lettre. J’invite la DDETS du Nord dans nos échanges : elle connaît les "
        "membres du consortium et pourra confirmer l’articulation avec le PLIE et France Travail sur "
        "le territoire de Roubaix.",
    ),
    (
        AGENT,
        "ecrit",
        "Bonjour,\n\nLa DDETS du Nord confirme que le consortium réunit bien les acteurs du territoire "
        "(PLIE, Mission locale, France Travail, structures de l’IAE). Nous suggérons de préciser dans "
        "le calendrier la date de la première réunion du comité de pilotage partagé.\n\nThomas Leroy, "
        "DDETS du Nord",
    ),
    (INSTRUCTEUR, "lit", ""),
    (
        EQUIPE,
        "ecrit",
        "Bonjour,\n\nJe suis chargée de mission SPIE auprès du Département et rejoins l’équipe sur ce "
        "dossier. Le premier comité de pilotage du consortium est fixé au 15 mars ; nous mettrons à "
        "jour le calendrier de la section « Consortium » si les compléments sont rouverts.\n\n"
        "Élodie Marchand",
    ),
]
FIL_COMPLEMENTS = [
    (
        PORTEUR,
        "ecrit",
        "Bonjour,\n\nNous avons bien reçu la demande de compléments. Pour la section « Budget », "
        "faut-il détailler le cofinancement du Fonds social européen ligne par ligne, ou un total par "
        "année suffit-il ?\n\nMerci par avance",
    ),
    (
        INSTRUCTEUR,
        "ecrit",
        "Bonjour,\n\nUn total par année et par financeur suffit, à condition que la part acquise et la "
        "part demandée soient distinguées. Pensez aussi à joindre la lettre d’engagement de chaque "
        "cofinanceur dans la section « Pièces », avant la date indiquée dans la demande.\n\n"
        "Isabelle Martin, DGEFP",
    ),
]
FIL_RECEVABLE = [
    (
        INSTRUCTEUR2,
        "ecrit",
        "Bonjour,\n\nVotre dossier est déclaré recevable. Pour information, le calendrier de l’AMI "
        "prévoit l’examen des dossiers par le comité de sélection à la fin du mois, puis une réponse "
        "aux porteurs dans les semaines suivantes.\n\nPaul Garnier, DIPLP",
    ),
    (
        PORTEUR,
        "ecrit",
        "Merci pour ce retour. Si le dossier est retenu, le conventionnement peut-il intervenir avant "
        "le vote du cofinancement de la Région, ou faut-il attendre la délibération ?",
    ),
    (
        INSTRUCTEUR2,
        "ecrit",
        "Le conventionnement peut intervenir sur la base de la lettre d’engagement : la délibération "
        "sera demandée avec le premier bilan d’exécution. Nous revenons vers vous après le comité.",
    ),
]
FIL_DEPOSE = [
    (
        PORTEUR,
        "ecrit",
        "Bonjour,\n\nUn nouveau partenaire, l’association d’insertion du bassin minier, souhaite "
        "rejoindre le consortium après le dépôt. Comment le signaler sans retirer notre candidature ?",
    ),
    (
        PORTEUR,
        "ecrit",
        "Complément : sa lettre d’engagement sera signée la semaine prochaine ; nous pouvons la "
        "transmettre par cette messagerie si cela vous convient.",
    ),
]


@dataclass
class Bilan:
    """What this run did: the threads created and kept, who finds unread messages at login."""

    crees: list = field(default_factory=list)
    gardes: list = field(default_factory=list)

    def resume(self, instructeur) -> str:
        dossiers = Dossier.objects.filter(pk__in=[d.pk for d in self.crees + self.gardes])
        messages = Message.objects.filter(dossier__in=dossiers)
        jointes = messages.filter(pieces_jointes__isnull=False).count()
        invites = Invitation.objects.filter(dossier__in=dossiers).select_related("service")
        candidats = [
            u.email
            for u in User.objects.filter(role=Role.CANDIDAT, organisation__dossiers__in=dossiers)
            .distinct()
            .order_by("email")
            if Dossier.objects.filter(organisation=u.organisation).annotate(n=non_lus(u)).filter(n__gt=0)
        ]
        file = Dossier.objects.exclude(etat=Etat.BROUILLON).annotate(n=non_lus(instructeur)).filter(n__gt=0)
        return (
            f"  Échanges : {len(self.crees)} fils créés, {len(self.gardes)} conservés tels quels, "
            f"{messages.count()} messages dont {jointes} avec pièce jointe, "
            f"{', '.join(i.service.nom for i in invites) or 'aucun service'} invitée ; non lus à la "
            f"connexion pour {', '.join(candidats) or 'aucun porteur'} (« Mes dossiers ») et dans la "
            f"file de {instructeur.email} ({file.count()} dossiers)."
        )


def animer(instructeurs, comptes, empreinte_mot_de_passe: str) -> Bilan:
    """The four threads (``FIL_*``), those missing created; ``comptes``: the demo's accounts by e-mail."""
    plans = planifier()
    choix = [
        (premier(plans, Etat.EN_INSTRUCTION, "59"), FIL_NORD),
        (premier(plans, Etat.COMPLEMENTS), FIL_COMPLEMENTS),
        (premier(plans, Etat.RECEVABLE), FIL_RECEVABLE),
        (premier(plans, Etat.DEPOSE, "59"), FIL_DEPOSE),
    ]
    bilan = Bilan()
    with sans_courriels():
        for plan, etapes in choix:
            porteur = User.objects.get(email=compte_du_porteur(plan))
            dossier = Dossier.objects.exclude(etat=Etat.BROUILLON).filter(organisation=porteur.organisation)
            dossier = dossier.select_related("organisation").order_by("pk").first()
            if dossier is None:
                continue
            if Message.objects.filter(dossier=dossier).exists():
                bilan.gardes.append(dossier)
                continue
            auteurs = {
                INSTRUCTEUR: instructeurs[0],
                INSTRUCTEUR2: instructeurs[1],
                PORTEUR: porteur,
                AGENT: comptes[AGENT_NORD],
            }
            if any(qui == EQUIPE for qui, *_ in etapes):
                auteurs[EQUIPE] = collegue(porteur, empreinte_mot_de_passe)
            ecrire(dossier, etapes, auteurs)
            bilan.crees.append(dossier)
    return bilan


def premier(plans: list[Plan], etat: str, departement: str = "") -> Plan:
    """The first dossier deposited (``demo.instruction.planifier``) that ends in ``etat``, in
    ``departement``."""
    dans = [p for p in plans if not departement or departement in p.porteur.departements]
    return next(p for p in dans if p.etat == etat)


def compte_du_porteur(plan: Plan) -> str:
    return f"porteur{plan.numero:02d}@demo.ami-spie.fr"  # ``demo.instruction.creer_compte``


def collegue(porteur, empreinte_mot_de_passe: str) -> User:
    """A second member of ``porteur``'s team: an account that asked to join the organisation, accepted
    by ``porteur`` (``comptes.equipe``, as « Mon équipe » does); kept as it is once a member."""
    email = porteur.email.replace("@", ".equipe@")
    compte = User.objects.filter(email=email).first()
    if compte is None:
        prenom, nom = COLLEGUE
        compte = User(email=email, first_name=prenom, last_name=nom, role=Role.CANDIDAT)
        compte.password = empreinte_mot_de_passe
        compte.save()
    if compte.organisation_id is None:
        demande = equipe.demander_adhesion(compte, porteur.organisation)
        equipe.accepter(porteur, demande)
        compte.refresh_from_db()
    return compte


def ecrire(dossier, etapes, auteurs) -> None:
    """The steps of a thread, each through its service, spread from the dossier's last change of state
    to a few hours ago."""
    debut = dossier.transitions.exclude(depuis=F("vers")).aggregate(m=Max("le"))["m"] or dossier.depose_le
    fin = timezone.now() - datetime.timedelta(hours=3)
    avant = debut
    for rang, (qui, quoi, texte) in enumerate(etapes, start=1):
        quand = heure_de_bureau(debut + (fin - debut) * rang / (len(etapes) + 1), avant, fin)
        avant = quand
        auteur = auteurs[qui]
        with date_des_echanges(dossier, quand):
            if quoi == "lit":
                services.marquer_lu(dossier, auteur)
            elif quoi == "invite":
                services.inviter(dossier, [auteurs[AGENT].service_territorial], auteur)
                services.envoyer(dossier, auteur, texte)
            elif quoi == "joint":
                joindre(dossier, auteur, texte)
            else:
                services.envoyer(dossier, auteur, texte)


def heure_de_bureau(quand, apres, avant) -> datetime.datetime:
    """``quand`` moved to office hours of a working day (8 h to 18 h, heure de Paris; a weekend to the
    Monday after, or the Friday before), to the minute, kept after ``apres`` (by a quarter of an hour at
    least) and before ``avant``."""
    local = timezone.localtime(quand)
    quand = local.replace(hour=8 + local.hour % 11, second=0, microsecond=0)
    if quand.weekday() >= 5:
        lundi = quand + datetime.timedelta(days=7 - quand.weekday())
        vendredi = quand - datetime.timedelta(days=quand.weekday() - 4)
        quand = lundi if lundi < avant else vendredi if vendredi > apres else quand
    return min(max(quand, apres + datetime.timedelta(minutes=15)), avant)


def joindre(dossier, auteur, texte: str) -> Message:
    """A message with a PDF, as the page posts it: checked by the message form, sent, then analysed as
    the background task does after the commit (the demo drops the commit's callbacks)."""
    fichier = SimpleUploadedFile(LETTRE, pdf(), content_type="application/pdf")
    formulaire = MessageForm({"texte": texte}, {"fichier": fichier})
    if not formulaire.is_valid():
        raise RuntimeError(f"Message de démonstration refusé : {formulaire.errors.as_text()}")
    donnees = formulaire.cleaned_data
    message = services.envoyer(dossier, auteur, donnees["texte"], donnees["fichier"], formulaire.piece)
    for piece in message.pieces_jointes.all():
        analyse.analyser(piece.pk)
    return message


@contextmanager
def date_des_echanges(dossier, quand: datetime.datetime):
    """For the services that date what they record now (a message, a reading, an invitation, the
    bell's notifications): dated ``quand`` after them."""
    maintenant = timezone.now()
    yield
    messages = Message.objects.filter(dossier=dossier)
    messages.filter(envoye_le__gte=maintenant).update(envoye_le=quand)
    messages.filter(lu_porteur_le__gte=maintenant).update(lu_porteur_le=quand)
    messages.filter(lu_instruction_le__gte=maintenant).update(lu_instruction_le=quand)
    invitations = Invitation.objects.filter(dossier=dossier)
    invitations.filter(le__gte=maintenant).update(le=quand)
    invitations.filter(lu_le__gte=maintenant).update(lu_le=quand)
    notifications = Notification.objects.filter(dossier=dossier)
    notifications.filter(creee_le__gte=maintenant).update(creee_le=quand)
    notifications.filter(lue_le__gte=maintenant).update(lue_le=quand)
