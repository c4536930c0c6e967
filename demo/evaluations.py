"""Demo data for the second half of the instruction, on the queue of ``demo.instruction``: the scores of
the instructeurs on the call's grid and the avis of the services déconcentrés, at various stages.

By the plan of each dossier (``demo.instruction.planifier``): one or two evaluations on most recevable
and proposé dossiers and on some in instruction (``instruction.notation.enregistrer``); requests for avis
(``instruction.avis.demander``) to the DDETS and the DREETS of its territory, some answered
(``instruction.avis.donner``, by an agent of the service, created when the service has none), some
pending, some late, reminded; two avis given spontaneously on deposited dossiers. Each is planned between
the dossier's own steps, then done through its service with them, in the order of the dates: in the state
the dossier was in that day. The services record the moment they run: the demo dates it after them.

Deterministic (seeded), idempotent: only a new dossier of the queue gets its events. No e-mail (the
caller's ``demo.instruction.sans_courriels``)."""

import datetime
import functools
import random
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from candidatures import cycle
from candidatures.models import Dossier, EngagementSpie, Etat, Transition
from comptes.models import Role, ServiceTerritorial, TypeServiceTerritorial, User
from demo import porteurs as D
from demo.instruction import SEMENCE, Evenement, Plan, a_heure
from instruction import avis, notation
from instruction.models import Avis, DemandeAvis, Evaluation, SensAvis, note_ponderee
from territoires.models import Departement

A = cycle.Action
# The DDETS of the demo's départements (La Réunion: the DEETS, régionale, stands for both).
DDETS = {
    "01": "DDETS de l’Ain", "02": "DDETS de l’Aisne", "08": "DDETS des Ardennes", "11": "DDETS de l’Aude",
    "13": "DDETS des Bouches-du-Rhône", "14": "DDETS du Calvados", "25": "DDETS du Doubs",
    "29": "DDETS du Finistère", "31": "DDETS de la Haute-Garonne", "33": "DDETS de la Gironde",
    "34": "DDETS de l’Hérault", "35": "DDETS d’Ille-et-Vilaine", "38": "DDETS de l’Isère",
    "42": "DDETS de la Loire", "44": "DDETS de la Loire-Atlantique", "45": "DDETS du Loiret",
    "51": "DDETS de la Marne", "57": "DDETS de la Moselle", "59": "DDETS du Nord",
    "62": "DDETS du Pas-de-Calais", "63": "DDETS du Puy-de-Dôme", "67": "DDETS du Bas-Rhin",
    "69": "DDETS du Rhône", "75": "DRIEETS, unité départementale de Paris",
    "76": "DDETS de la Seine-Maritime", "80": "DDETS de la Somme", "84": "DDETS de Vaucluse",
    "87": "DDETS de la Haute-Vienne",
    "91": "DDETS de l’Essonne", "93": "DDETS de la Seine-Saint-Denis", "95": "DDETS du Val-d’Oise",
}  # fmt: skip
DREETS = {"11": "DRIEETS Île-de-France", "04": "DEETS de La Réunion"}  # else « DREETS <région> »
AGENTS = r"^agent\.(ddets|dreets)-\w+@demo\.ami-spie\.fr$"  # the accounts of the services consulted
NOTES = {Etat.PROPOSE: (2, 2), Etat.RECEVABLE: (1, 2), Etat.EN_INSTRUCTION: (1, 1)}  # evaluations, min/max
REPONSES = {Etat.PROPOSE: 1, Etat.RECEVABLE: 0.75, Etat.EN_INSTRUCTION: 0.4}  # share of requests answered
SPONTANES = {1: 0, 4: -1}  # deposited dossier (its variante) → which service gives its avis spontaneously


def animation(appel, instructeurs: list[User], empreinte_mot_de_passe: str):
    """The services and their agents' password; then, for ``demo.instruction.creer_file``, the scores and
    avis of each new dossier of the queue as dated events (``demo.instruction.Evenement``), planned from its
    state changes and done with them in the order of their dates (caller's transaction, no e-mail)."""
    creer_services()
    criteres = list(appel.criteres.all())
    agents = Agents(empreinte_mot_de_passe)
    User.objects.filter(role=Role.AGENT, email__regex=AGENTS).update(password=empreinte_mot_de_passe)

    def evenements(dossier, plan: Plan, etapes) -> list[Evenement]:
        rng = {quoi: graine(plan, quoi) for quoi in ("qualite", "notes", "avis")}
        bornes = (3.6, 4.7) if plan.etat == Etat.PROPOSE else (1.4, 4.6)  # on 5: what scores aim at
        qualite = rng["qualite"].uniform(*bornes)
        parcours = Parcours(list(etapes))
        instructeur = instructeurs[plan.numero % len(instructeurs)]
        return [
            *noter(dossier, plan, parcours, instructeurs, criteres, qualite, rng["notes"]),
            *consulter(dossier, plan, parcours, instructeur, qualite, rng["avis"], agents),
            *spontane(dossier, plan, parcours, rng["avis"], agents),
        ]

    return evenements


def graine(plan: Plan, quoi: str) -> random.Random:
    """One generator per dossier and per step: a step done already does not shift the next one."""
    return random.Random(f"{SEMENCE}-{plan.numero}-{quoi}")  # noqa: S311 — demo data, not a secret


def creer_services() -> None:
    """The DDETS of each département of the demo porteurs, the DREETS of each of their régions."""
    codes = sorted({code for porteur in D.porteurs() for code in porteur.departements})
    existants = set(ServiceTerritorial.objects.values_list("type", "departement_id", "region_id"))
    for code in codes:
        if code in DDETS and (TypeServiceTerritorial.DDETS, code, None) not in existants:
            ServiceTerritorial.objects.create(
                type=TypeServiceTerritorial.DDETS, nom=DDETS[code], departement_id=code
            )
    regions = set(Departement.objects.filter(code__in=codes).values_list("region_id", "region__nom"))
    for code, nom in sorted(regions):
        if (TypeServiceTerritorial.DREETS, None, code) not in existants:
            nom = DREETS.get(code, "DREETS " + nom.replace("'", "’"))
            ServiceTerritorial.objects.create(type=TypeServiceTerritorial.DREETS, nom=nom, region_id=code)


@dataclass
class Parcours:
    """The dossier's state changes (when, which action, to which state), by date: planned
    (``demo.instruction.deposer_et_instruire``), done with the events placed between them."""

    etapes: list[tuple[datetime.datetime, str, str]]

    def etat(self, quand: datetime.datetime) -> str:
        return [vers for le, _, vers in self.etapes if le <= quand][-1]

    def depuis(self, *etats) -> datetime.datetime:
        """When the dossier last entered one of ``etats`` (its dépôt if never)."""
        return max((le for le, _, vers in self.etapes if vers in etats), default=self.etapes[0][0])

    def avant(self, *actions) -> datetime.datetime:
        """The first of ``actions`` (the end of what comes before it), else the beginning of today."""
        aujourd_hui = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
        return min((le for le, action, _ in self.etapes if action in actions), default=aujourd_hui)


def moment(rng, debut: datetime.datetime, fin: datetime.datetime) -> datetime.datetime:
    """A moment between ``debut`` and ``fin``, in office hours when it can be."""
    premier, dernier = timezone.localdate(debut), timezone.localdate(fin)
    jours = [premier + datetime.timedelta(days=n) for n in range(1, (dernier - premier).days)]
    quand = a_heure(rng.choice(jours or [premier, dernier]), rng)
    return quand if debut < quand < fin else debut + (fin - debut) * rng.uniform(0.2, 0.8)


@contextmanager
def a_la_date(pk: int, quand: datetime.datetime):
    """The dossier as it is ``quand`` (its row locked), for a service that records the event now: what
    it records (``Transition.le``) is dated ``quand`` after it (avis and scores have no date to give)."""
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        apres = dossier.transitions.aggregate(m=Max("pk"))["m"] or 0
        yield dossier
        Transition.objects.filter(dossier=dossier, pk__gt=apres).update(le=quand)


def noter(dossier, plan: Plan, parcours, instructeurs, criteres, qualite, rng) -> list[Evenement]:
    """Recevable and proposé dossiers but two in ten, one in three in instruction: their evaluations, each
    through ``instruction.notation.enregistrer`` (the form the instructeur posts)."""
    if plan.etat not in NOTES:
        return []
    if (plan.etat == Etat.RECEVABLE and plan.variante % 5 == 4) or (
        plan.etat == Etat.EN_INSTRUCTION and plan.variante % 3
    ):
        return []
    debut, fin = parcours.depuis(Etat.EN_INSTRUCTION), parcours.avant(A.PROPOSER)
    membres, publics = dossier.membres.count(), len(dossier.publics)
    evaluateurs = instructeurs[: rng.randint(*NOTES[plan.etat])]
    if len(evaluateurs) == 1 and rng.random() < 0.3:
        evaluateurs = instructeurs[1:2]
    evenements = []
    for instructeur in evaluateurs:
        biais = rng.uniform(-0.6, 0.6)
        notes = {}
        for critere in criteres:
            cible = qualite + biais
            if critere.libelle.startswith("Ampleur"):
                cible = (cible + min(5, membres / 2)) / 2
            elif critere.libelle.startswith("Publics"):
                cible = (cible + 1 + publics) / 2
            elif critere.libelle.startswith("Territoire pas encore"):
                cible = 1 if dossier.engagement_spie == EngagementSpie.TERRITOIRE else 4.8
            valeur = round((cible + rng.gauss(0, 0.7)) * critere.note_max / 5)
            notes[critere.pk] = max(0, min(critere.note_max, valeur))
        note = note_ponderee(notes, criteres)
        quand = moment(rng, debut, fin)
        commentaire = rng.choice(D.APPRECIATIONS[(note >= 10) + (note >= 14)])
        donnees = {**{f"note_{pk}": v for pk, v in notes.items()}, "commentaire": commentaire, "version": 0}
        faire = functools.partial(evaluer, dossier.pk, instructeur, criteres, donnees, quand)
        evenements.append((quand, faire))
    return evenements


def evaluer(pk, instructeur, criteres, donnees, quand) -> None:
    formulaire = notation.EvaluationForm(donnees, criteres=criteres)
    if not formulaire.is_valid():
        raise RuntimeError(f"Évaluation de démonstration refusée : {formulaire.errors.as_text()}")
    with a_la_date(pk, quand) as dossier:
        evaluation, refus = notation.enregistrer(dossier, instructeur, formulaire)
        if evaluation is None:
            raise RuntimeError(refus)
        Evaluation.objects.filter(pk=evaluation.pk).update(donnee_le=quand)


def consulter(dossier, plan: Plan, parcours, instructeur, qualite, rng, agents) -> list[Evenement]:
    """Requests for avis to the services of the territory, early in the instruction, and their answers;
    two in three dossiers in instruction, all recevable and proposé ones."""
    if plan.etat not in REPONSES:
        return []
    if plan.etat == Etat.EN_INSTRUCTION and plan.variante % 3 == 2:
        return []
    debut, fin = parcours.avant(A.PRENDRE), parcours.avant(A.PROPOSER)
    demandee_le = moment(rng, debut, debut + (fin - debut) * rng.uniform(0.2, 0.6))
    date_limite = timezone.localdate(demandee_le) + datetime.timedelta(days=rng.choice([10, 14, 15, 21]))
    limite = min(fin, timezone.make_aware(datetime.datetime.combine(date_limite, datetime.time(18))))
    services = list(avis.services_proposes(dossier))
    message = rng.choice(D.MESSAGES_AVIS)
    demande = functools.partial(demander, dossier.pk, instructeur, services, date_limite, message)
    evenements: list[Evenement] = [(demandee_le, functools.partial(demande, demandee_le))]
    rappel = date_limite - datetime.timedelta(days=avis.RELANCE_JOURS)
    for service in services:
        if rng.random() < REPONSES[plan.etat]:
            poids = (65, 30, 5) if qualite >= 3.5 else (45, 40, 15) if qualite >= 2.5 else (20, 40, 40)
            sens = rng.choices(SensAvis.values, poids)[0]
            motivation = rng.choice(D.MOTIVATIONS_AVIS[sens]).format(t=plan.porteur.territoire)
            quand = moment(rng, demandee_le, limite)
            reponse = functools.partial(donner, dossier.pk, agents, service, sens, motivation, quand)
            evenements.append((quand, reponse))
        elif rappel < timezone.localdate():  # reminded by ``avis.relancer``, early that morning
            quand = timezone.make_aware(datetime.datetime.combine(rappel, datetime.time(7)))
            evenements.append((quand, functools.partial(relancer, dossier.pk, service, quand)))
    return evenements


def demander(pk, instructeur, services, date_limite, message, demandee_le) -> None:
    with a_la_date(pk, demandee_le) as dossier:
        demandes = avis.demander(dossier, instructeur, services, date_limite, message)
        DemandeAvis.objects.filter(pk__in=[d.pk for d in demandes]).update(demandee_le=demandee_le)


def relancer(pk, service, quand) -> None:
    """What ``avis.relancer`` does for one request (it reminds every request due today, and mails)."""
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        DemandeAvis.objects.filter(dossier=dossier, service=service).update(relancee_le=quand)
        cycle.effectuer(dossier, A.RELANCER_AVIS, None, donnees={"service": service.nom}, maintenant=quand)


def spontane(dossier, plan: Plan, parcours, rng, agents) -> list[Evenement]:
    """Two deposited dossiers: an avis given before any request, by their DDETS or their DREETS."""
    avis_possible = plan.etat in cycle.REGLES[A.DONNER_AVIS].depuis
    if plan.etat != Etat.DEPOSE or plan.variante not in SPONTANES or not avis_possible:
        return []
    services = list(avis.services_proposes(dossier))
    if not services:
        return []
    sens, motivation = D.AVIS_SPONTANES[list(SPONTANES).index(plan.variante)]
    quand = moment(rng, parcours.depuis(Etat.DEPOSE), parcours.avant(A.PRENDRE))
    service = services[SPONTANES[plan.variante]]
    motivation = motivation.format(t=plan.porteur.territoire)
    return [(quand, functools.partial(donner, dossier.pk, agents, service, sens, motivation, quand))]


def donner(pk, agents, service, sens, motivation, quand) -> None:
    """The avis of ``service``, by its first agent (``Agents``), through ``instruction.avis.donner``."""
    agent = agents[service]
    with a_la_date(pk, quand) as dossier:
        donne = avis.donner(dossier, agent, sens, motivation)
        Avis.objects.filter(pk=donne.pk).update(donne_le=quand)


class Agents(dict):
    """An agent by service: its first, else one created (``agent.ddets-33@…``, the demo password)."""

    def __init__(self, empreinte_mot_de_passe: str):
        super().__init__()
        self.empreinte = empreinte_mot_de_passe

    def __missing__(self, service) -> User:
        user = (
            User.objects.filter(role=Role.AGENT, is_active=True, service_territorial=service)
            .order_by("email")
            .first()
        )
        if user is None:
            email = f"agent.{service.type}-{service.departement_id or service.region_id}@demo.ami-spie.fr"
            prenom, nom, _ = D.personne(random.Random(f"{SEMENCE}-{email}"))  # noqa: S311 — demo data
            user = User.objects.create(
                email=email,
                first_name=prenom,
                last_name=nom,
                role=Role.AGENT,
                service_territorial=service,
                password=self.empreinte,
            )
        self[service] = user
        return user
