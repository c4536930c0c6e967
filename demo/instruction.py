"""Demo data for the instruction queue: forty more porteurs over thirteen régions (``demo.porteurs``),
each with a candidat account and a complete dossier, deposited through ``candidatures.depot.deposer`` on a
day of the last seven weeks, then moved along its lifecycle (``candidatures.cycle``) by the instructeur,
with the other events of its instruction (scores, avis: ``demo.evaluations``) in the order of their dates:
each through its service, in the state the dossier was in that day.

Deterministic (seeded), idempotent: a porteur is found by its SIRET, its dossier by its intitulé, and a
dossier that exists is left as it is. No e-mail: the dépôt's receipts are dropped (``sans_courriels``).
"""

import datetime
import functools
import hashlib
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from ami.models import ExclusionR08
from candidatures import complements, cycle
from candidatures.bilan import bilan
from candidatures.depot import deposer
from candidatures.models import (
    DemandeComplements,
    Dossier,
    Etat,
    Section,
    Transition,
)
from comptes.models import Organisation, Role, User
from demo import porteurs as D
from demo.exemples import ajouter_budget, pdf
from demo.remplissage import chiffres, cofinancer, consortium, joindre, lettres_cd_demandees, remplir
from instruction.constats import declarer
from instruction.forms import ComplementsForm, Constat, Proposition, PropositionForm, constat_automatique
from pieces.models import NaturePiece, Piece
from territoires.models import Departement

A = cycle.Action
SEMENCE = 2021
JOURS = 49  # deposits over the last seven weeks, never today
# How many dossiers end in each state; the oldest deposits are, roughly, the furthest along.
REPARTITION = [
    (Etat.PROPOSE, 2),
    (Etat.RECEVABLE, 10),
    (Etat.IRRECEVABLE, 3),
    (Etat.COMPLEMENTS, 3),
    (Etat.EN_INSTRUCTION, 12),
    (Etat.DEPOSE, 10),
]
# The sections each « Demande de compléments » of ``demo.porteurs.COMPLEMENTS`` names, in its order.
SECTIONS_COMPLEMENTS = [
    [Section.BUDGET, Section.PIECES],
    [Section.CONSORTIUM, Section.AXE_2],
    [Section.TERRITOIRE, Section.PIECES],
]
ALLER_RETOUR = [A.DEMANDER_COMPLEMENTS, A.TRANSMETTRE_COMPLEMENTS]  # after PRENDRE, for some dossiers


@dataclass(frozen=True)
class Plan:
    porteur: D.Porteur
    numero: int  # 1 to 40, its line of ``TABLE_PORTEURS``: its account is porteur01@…
    jours: int  # its dépôt, so many days ago
    etat: str
    variante: int  # the how-many-th dossier of this state: which motivation


def planifier() -> list[Plan]:
    """The forty dossiers in the order of their dépôt, each with its day and final state."""
    rng = random.Random(SEMENCE)  # noqa: S311 — demo data, not a secret
    porteurs = list(enumerate(D.porteurs(), start=1))
    rng.shuffle(porteurs)
    jours = sorted(rng.sample(range(1, JOURS + 1), len(porteurs)), reverse=True)
    etats = [etat for etat, nombre in REPARTITION for _ in range(nombre)]
    traites = len(etats) - dict(REPARTITION)[Etat.DEPOSE]  # the latest deposits are not taken yet
    bruit = [rang + rng.uniform(-8, 8) for rang in range(traites)]
    etats[:traites] = [etat for _, etat in sorted(zip(bruit, etats[:traites], strict=True))]
    vus: dict[str, int] = {}
    plans = []
    for (numero, porteur), jour, etat in zip(porteurs, jours, etats, strict=True):
        vus[etat] = vus.get(etat, -1) + 1
        plans.append(Plan(porteur, numero, jour, etat, vus[etat]))
    return plans


@contextmanager
def sans_courriels():
    """The dépôt mails each candidat of the porteur when the transaction commits: not for demo data (the
    demo's terminal would print forty receipts after its summary, a real mail server would send them)."""
    connexion = transaction.get_connection()
    if not connexion.in_atomic_block:
        raise RuntimeError("Les données de démonstration se créent dans une transaction.")
    avant = len(connexion.run_on_commit)
    yield
    del connexion.run_on_commit[avant:]


# A moment and what happens then: an event of a dossier's instruction, done in the order of the dates.
Evenement = tuple[datetime.datetime, Callable[[], object]]
# The dossier's state changes, from its dépôt: (when, which action, to which state).
Etapes = list[tuple[datetime.datetime, str, str]]


def creer_file(
    appel,
    instructeur: User,
    empreinte_mot_de_passe: str,
    animer: Callable[[Dossier, Plan, Etapes], list[Evenement]] | None = None,
) -> None:
    """Create what is missing of the forty porteurs, accounts and dossiers (in the caller's transaction).
    ``animer``: the other events of a new dossier's instruction, given its state changes (scores, avis:
    ``demo.evaluations.animation``). Returns the dossiers created and those kept as they were."""
    crees, gardes = [], []
    contenu = pdf()  # one PDF for every letter of engagement
    lettre = (contenu, hashlib.sha256(contenu).hexdigest())
    departements = Departement.objects.in_bulk()
    exclus = set(ExclusionR08.objects.filter(appel=appel).values_list("departement_id", flat=True))
    with sans_courriels():
        for plan in planifier():
            rng = random.Random(f"{SEMENCE}-{plan.numero}")  # noqa: S311 — one per porteur: idempotent
            user, feminin = creer_compte(plan, empreinte_mot_de_passe, rng)
            intitule = rng.choice(D.INTITULES).format(t=plan.porteur.territoire)
            existant = Dossier.objects.filter(organisation=user.organisation, intitule=intitule).first()
            if existant is not None:
                gardes.append(existant)
            else:
                dossier = Dossier.objects.creer(appel, user.organisation, intitule, user)
                remplir(dossier, plan.porteur, user, feminin, rng, departements, exclus)
                consortium(dossier, plan.porteur, rng, departements[plan.porteur.departements[0]])
                ajouter_budget(dossier, rng.randint(6, 28), Decimal(rng.randrange(12, 61) * 1000))
                cofinancer(dossier, rng)
                joindre(dossier, NaturePiece.LETTRE_POLE_EMPLOI, "lettre-engagement-pole-emploi.pdf", lettre)
                for code in lettres_cd_demandees(user.organisation, plan.porteur.departements):
                    nom = f"lettre-engagement-departement-{code}.pdf"
                    joindre(dossier, NaturePiece.LETTRE_CD, nom, lettre, departement=code)
                if exclus.intersection(plan.porteur.departements):  # R08: the existing porteur agrees
                    joindre(dossier, NaturePiece.ACCORD_SPIE, "lettre-accord-porteur-spie.pdf", lettre)
                deposer_et_instruire(dossier, plan, user, instructeur, rng, animer)
                crees.append(dossier)
    return crees, gardes


def impasses(dossiers) -> list[tuple[Dossier, str]]:
    """The dossiers of ``dossiers`` in a state no person could leave them in (made by an older demo,
    before it went through the portal's services): « Compléments demandés » without the request's
    sections and date, « Proposé » without its proposal. Each with what is wrong, in French."""
    en_cours = DemandeComplements.objects.filter(dossier=OuterRef("pk"), reponse__isnull=True)
    sans_demande = dossiers.filter(etat=Etat.COMPLEMENTS).exclude(Exists(en_cours))
    propositions = Transition.objects.filter(
        dossier=OuterRef("pk"), action=A.PROPOSER, donnees__has_key="proposition"
    )
    sans_proposition = dossiers.filter(etat=Etat.PROPOSE).exclude(Exists(propositions))
    return [
        *((d, "compléments demandés sans sections ni date") for d in sans_demande.order_by("numero")),
        *((d, "proposé sans proposition") for d in sans_proposition.order_by("numero")),
    ]


def creer_compte(plan: Plan, empreinte_mot_de_passe: str, rng) -> tuple[User, bool]:
    """The porteur (by its SIRET) and its candidat account (by its e-mail), created or updated."""
    porteur = plan.porteur
    organisation, _ = Organisation.objects.update_or_create(
        siret=D.siret(porteur, plan.numero),
        defaults={"nom": porteur.nom, "type": porteur.type, "departement_id": porteur.departements[0]},
    )
    email = f"porteur{plan.numero:02d}@demo.ami-spie.fr"
    user = User.objects.filter(email=email).first() or User(email=email)
    user.first_name, user.last_name, feminin = D.personne(rng)
    user.role, user.organisation, user.password = Role.CANDIDAT, organisation, empreinte_mot_de_passe
    user.save()
    return user, feminin


def deposer_et_instruire(dossier, plan: Plan, user, instructeur, rng, animer=None):
    jour = timezone.localdate() - datetime.timedelta(days=plan.jours)
    depot = a_heure(jour, rng)
    fini = depot - datetime.timedelta(minutes=rng.randint(5, 600))  # written before it was deposited
    Dossier.objects.filter(pk=dossier.pk).update(
        cree_le=depot - datetime.timedelta(days=rng.randint(12, 60)), modifie_le=fini
    )
    Piece.objects.filter(dossier=dossier).update(depose_le=fini)
    resultat = deposer(dossier.pk, user, maintenant=depot)
    if not resultat.depose:
        raise RuntimeError(f"Dépôt de « {dossier.intitule} » refusé : {resultat.motif} {resultat.bloquantes}")
    etapes = instruction_prevue(plan, jour, rng)
    evenements: list[Evenement] = [
        (quand, functools.partial(instruire, dossier.pk, plan, action, quand, instructeur, user))
        for quand, action in etapes
    ]
    if animer is not None:
        parcours = [(depot, A.DEPOSER, Etat.DEPOSE)]
        parcours += [(quand, action, cycle.REGLES[action].vers) for quand, action in etapes]
        evenements += animer(dossier, plan, parcours)
    for _, faire in sorted(evenements, key=lambda evenement: evenement[0]):
        faire()


def a_heure(jour: datetime.date, rng) -> datetime.datetime:
    """A moment of office hours on ``jour``, heure de Paris."""
    return timezone.make_aware(
        datetime.datetime.combine(jour, datetime.time(rng.randint(8, 18), rng.randrange(60)))
    )


def instruction_prevue(plan: Plan, jour_depot: datetime.date, rng) -> list[tuple[datetime.datetime, str]]:
    """The instructeur's actions leading the dossier to its state, on later days (never today)."""
    actions = cycle.chemin(plan.etat)
    if plan.etat in (Etat.EN_INSTRUCTION, Etat.RECEVABLE) and rng.random() < 0.3:
        actions[1:1] = ALLER_RETOUR
    jours = sorted(rng.sample(range(1, plan.jours), len(actions)))
    return [
        (a_heure(jour_depot + datetime.timedelta(days=jour), rng), action)
        for action, jour in zip(actions, jours, strict=True)
    ]


def instruire(pk, plan: Plan, action: str, quand: datetime.datetime, instructeur, candidat) -> None:
    """One state change of the dossier, ``quand``, through ``candidatures.cycle`` (the recevabilité:
    ``instruction.constats.declarer``)."""
    if action == A.DEMANDER_COMPLEMENTS:
        return demander_complements(pk, plan, quand, instructeur)
    if action == A.TRANSMETTRE_COMPLEMENTS:
        return transmettre_complements(pk, quand, candidat)
    if action == A.PROPOSER:
        return proposer(pk, plan, quand, instructeur)
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        motif, donnees = "", None
        if action == A.DECLARER_IRRECEVABLE:
            regle, constat, motif = D.IRRECEVABILITES[plan.variante % len(D.IRRECEVABILITES)]
            donnees = constats(dossier, regle, constat)
        elif action == A.DECLARER_RECEVABLE:
            modeles = D.RECEVABILITES
            motif = modeles[plan.variante % len(modeles)].format(**chiffres(dossier, plan.porteur))
            donnees = constats(dossier)
        if action in cycle.RECEVABILITE:
            declarer(dossier, action, instructeur, motif, donnees, maintenant=quand)
        else:
            cycle.effectuer(dossier, action, instructeur, motif=motif, maintenant=quand)


@contextmanager
def date_des_etapes(pk: int, quand: datetime.datetime):
    """For a service that records its step now (``Transition.le``): dated ``quand`` after it."""
    apres = Transition.objects.filter(dossier_id=pk).aggregate(m=Max("pk"))["m"] or 0
    yield
    Transition.objects.filter(dossier_id=pk, pk__gt=apres).update(le=quand)


def echeance_des_complements(plan: Plan, quand: datetime.datetime) -> datetime.date:
    """Three weeks after the request; for a request still awaiting its answer, ten days ahead at least:
    the sections stay open to the porteur until then (what an instructeur chooses in the form)."""
    echeance = timezone.localdate(quand) + datetime.timedelta(days=21)
    if plan.etat == Etat.COMPLEMENTS:
        echeance = max(echeance, timezone.localdate() + datetime.timedelta(days=10))
    return echeance


def demander_complements(pk, plan: Plan, quand, instructeur) -> None:
    """The instructeur's « Demande de compléments », as the form posts it (``ComplementsForm``), through
    ``candidatures.complements.demander``: a message, the sections reopened, a date."""
    message, _ = D.COMPLEMENTS[plan.variante % len(D.COMPLEMENTS)]
    sections = SECTIONS_COMPLEMENTS[plan.variante % len(SECTIONS_COMPLEMENTS)]
    echeance = echeance_des_complements(plan, quand)
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        donnees = {"sections": sections, "date_limite": echeance.isoformat(), "message": message}
        donnees["version_instruction"] = dossier.version_instruction
        formulaire = ComplementsForm(donnees)
        # Its date is checked against today: a request of weeks ago is judged on the rest.
        if not formulaire.is_valid() and set(formulaire.errors) - {"date_limite"}:
            raise RuntimeError(f"Demande de compléments refusée : {formulaire.errors.as_text()}")
        with date_des_etapes(pk, quand):
            complements.demander(dossier, instructeur, sections, echeance, message)


def transmettre_complements(pk, quand, candidat) -> None:
    """The porteur's « Transmettre les compléments », through ``candidatures.complements.transmettre``."""
    with date_des_etapes(pk, quand):
        resultat = complements.transmettre(pk, candidat)
    if not resultat.transmis:
        raise RuntimeError(f"Compléments de démonstration refusés : {resultat.motif} {resultat.points}")


def proposer(pk, plan: Plan, quand, instructeur) -> None:
    """The proposal to the comité de sélection, as the instructeur posts it (``PropositionForm``, the
    view ``instruction.views.actions.proposer``): lauréat, with its motivation."""
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        motif = D.PROPOSITIONS[plan.variante % len(D.PROPOSITIONS)].format(**chiffres(dossier, plan.porteur))
        formulaire = PropositionForm(
            {
                "proposition": Proposition.LAUREAT,
                "motif": motif,
                "version_instruction": dossier.version_instruction,
            }
        )
        if not formulaire.is_valid():
            raise RuntimeError(f"Proposition de démonstration refusée : {formulaire.errors.as_text()}")
        donnees = {"proposition": formulaire.cleaned_data["proposition"]}
        cycle.effectuer(
            dossier, A.PROPOSER, instructeur, formulaire.cleaned_data["motif"], donnees, maintenant=quand
        )


def constats(dossier, regle: str = "", motif: str = "") -> dict:
    """What the recevabilité form records: the automated checklist, ``regle`` judged non conforme."""
    return {
        ligne.regle: {
            "automatique": str(ligne.statut),
            "constat": Constat.NON_CONFORME if ligne.regle == regle else constat_automatique(ligne),
            "motif": motif if ligne.regle == regle else "",
        }
        for ligne in bilan(dossier).recevabilite.lignes
    }
