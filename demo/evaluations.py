"""Demo data for the second half of the instruction, on the queue of ``demo.instruction``: the scores of
the instructeurs on the call's grid and the avis of the services déconcentrés, at various stages.

By the plan of each dossier (``demo.instruction.planifier``): one or two evaluations on most recevable
and proposé dossiers and on some in instruction; requests for avis (``instruction.avis.demander``) to the
DDETS and the DREETS of its territory, some answered (``donner``, by an agent of the service, created when
the service has none), some pending, some late, reminded; two avis given spontaneously on deposited
dossiers. Each is dated in the past between the dossier's own steps, its history reading in order.

Deterministic (seeded), idempotent: a dossier that has evaluations, or requests or avis, keeps them.
No e-mail (``sans_courriels``)."""

import datetime
import random
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from candidatures import cycle
from candidatures.models import Dossier, Etat, Transition
from comptes.models import Role, ServiceTerritorial, TypeServiceTerritorial, User
from demo import porteurs as D
from demo.instruction import SEMENCE, Plan, a_heure, planifier, sans_courriels
from instruction import avis
from instruction.models import Avis, DemandeAvis, Evaluation, Note, SensAvis, note_ponderee
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


def animer(appel, instructeurs: list[User], empreinte_mot_de_passe: str) -> None:
    """Scores and avis on the forty dossiers of the queue, where they have none (caller's transaction)."""
    creer_services()
    criteres = list(appel.criteres.all())
    agents = Agents(empreinte_mot_de_passe)
    User.objects.filter(role=Role.AGENT, email__regex=AGENTS).update(password=empreinte_mot_de_passe)
    with sans_courriels():
        for plan in planifier():
            dossier = (
                Dossier.objects.filter(appel=appel, organisation__siret=D.siret(plan.porteur, plan.numero))
                .exclude(etat=Etat.BROUILLON)
                .first()
            )
            if dossier is None:
                continue
            rng = {quoi: graine(plan, quoi) for quoi in ("qualite", "notes", "avis")}
            bornes = (3.6, 4.7) if plan.etat == Etat.PROPOSE else (1.4, 4.6)  # on 5: what scores aim at
            qualite = rng["qualite"].uniform(*bornes)
            parcours = Parcours.de(dossier)
            noter(dossier, plan, parcours, instructeurs, criteres, qualite, rng["notes"])
            instructeur = instructeurs[plan.numero % len(instructeurs)]
            consulter(dossier, plan, parcours, instructeur, qualite, rng["avis"], agents)
            spontane(dossier, plan, parcours, rng["avis"], agents)


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
    """The dossier's state changes (when, which action, to which state), by date."""

    etapes: list[tuple[datetime.datetime, str, str]]

    @classmethod
    def de(cls, dossier):
        transitions = dossier.transitions.exclude(action__in=cycle.EVENEMENTS)
        return cls(list(transitions.order_by("le", "id").values_list("le", "action", "vers")))

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


def dater(dossier, parcours: Parcours, apres: int | None, quand: datetime.datetime) -> None:
    """The events just recorded (``cycle.consigner``, transitions after ``apres``) happened ``quand``."""
    etat = parcours.etat(quand)
    Transition.objects.filter(dossier=dossier, pk__gt=apres or 0).update(le=quand, depuis=etat, vers=etat)


def dernier(dossier) -> int | None:
    return dossier.transitions.aggregate(m=Max("pk"))["m"]


def noter(dossier, plan: Plan, parcours, instructeurs, criteres, qualite, rng) -> None:
    """Recevable and proposé dossiers but two in ten, one in three in instruction: their evaluations."""
    if dossier.etat not in NOTES or plan.etat != dossier.etat or dossier.evaluations.exists():
        return
    if (plan.etat == Etat.RECEVABLE and plan.variante % 5 == 4) or (
        plan.etat == Etat.EN_INSTRUCTION and plan.variante % 3
    ):
        return
    debut, fin = parcours.depuis(Etat.EN_INSTRUCTION), parcours.avant(A.PROPOSER)
    membres, publics = dossier.membres.count(), len(dossier.publics)
    evaluateurs = instructeurs[: rng.randint(*NOTES[plan.etat])]
    if len(evaluateurs) == 1 and rng.random() < 0.3:
        evaluateurs = instructeurs[1:2]
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
                cible = 1 if dossier.accord_porteur_existant else 4.8
            valeur = round((cible + rng.gauss(0, 0.7)) * critere.note_max / 5)
            notes[critere.pk] = max(0, min(critere.note_max, valeur))
        note = note_ponderee(notes, criteres)
        quand = moment(rng, debut, fin)
        evaluation = Evaluation.objects.create(
            dossier=dossier,
            instructeur=instructeur,
            commentaire=rng.choice(D.APPRECIATIONS[(note >= 10) + (note >= 14)]),
            note_sur_20=note,
            donnee_le=quand,
        )
        Note.objects.bulk_create(
            Note(evaluation=evaluation, critere_id=pk, valeur=v) for pk, v in notes.items()
        )
        apres = dernier(dossier)
        cycle.consigner(dossier, A.NOTER, instructeur, donnees={"note_sur_20": str(note)})
        dater(dossier, parcours, apres, quand)


def consulter(dossier, plan: Plan, parcours, instructeur, qualite, rng, agents) -> None:
    """Requests for avis to the services of the territory, early in the instruction, and their answers;
    two in three dossiers in instruction, all recevable and proposé ones."""
    if dossier.etat not in REPONSES or plan.etat != dossier.etat:
        return
    if plan.etat == Etat.EN_INSTRUCTION and plan.variante % 3 == 2:
        return
    if dossier.demandes_avis.exists() or dossier.avis.exists():
        return
    debut, fin = parcours.avant(A.PRENDRE), parcours.avant(A.PROPOSER)
    demandee_le = moment(rng, debut, debut + (fin - debut) * rng.uniform(0.2, 0.6))
    date_limite = timezone.localdate(demandee_le) + datetime.timedelta(days=rng.choice([10, 14, 15, 21]))
    limite = min(fin, timezone.make_aware(datetime.datetime.combine(date_limite, datetime.time(18))))
    services = avis.services_proposes(dossier)
    apres = dernier(dossier)
    demandes = avis.demander(dossier, instructeur, services, date_limite, rng.choice(D.MESSAGES_AVIS))
    DemandeAvis.objects.filter(pk__in=[d.pk for d in demandes]).update(demandee_le=demandee_le)
    dater(dossier, parcours, apres, demandee_le)
    rappel = date_limite - datetime.timedelta(days=avis.RELANCE_JOURS)
    for demande in demandes:
        if rng.random() < REPONSES[plan.etat]:
            poids = (65, 30, 5) if qualite >= 3.5 else (45, 40, 15) if qualite >= 2.5 else (20, 40, 40)
            sens = rng.choices(SensAvis.values, poids)[0]
            motivation = rng.choice(D.MOTIVATIONS_AVIS[sens]).format(t=plan.porteur.territoire)
            donner(
                dossier, parcours, agents[demande.service], sens, motivation, moment(rng, demandee_le, limite)
            )
        elif rappel < timezone.localdate():  # reminded by ``avis.relancer``, early that morning
            quand = timezone.make_aware(datetime.datetime.combine(rappel, datetime.time(7)))
            demande.relancee_le = quand
            demande.save(update_fields=["relancee_le"])
            apres = dernier(dossier)
            cycle.consigner(dossier, A.RELANCER_AVIS, None, donnees={"service": demande.service.nom})
            dater(dossier, parcours, apres, quand)


def spontane(dossier, plan: Plan, parcours, rng, agents) -> None:
    """Two deposited dossiers: an avis given before any request, by their DDETS or their DREETS."""
    if plan.etat != Etat.DEPOSE or plan.variante not in SPONTANES or dossier.etat not in avis.ETATS_AVIS:
        return
    services = list(avis.services_proposes(dossier))
    if not services or dossier.avis.exists():
        return
    sens, motivation = D.AVIS_SPONTANES[list(SPONTANES).index(plan.variante)]
    quand = moment(rng, parcours.depuis(Etat.DEPOSE), parcours.avant(A.PRENDRE))
    agent = agents[services[SPONTANES[plan.variante]]]
    donner(dossier, parcours, agent, sens, motivation.format(t=plan.porteur.territoire), quand)


def donner(dossier, parcours, agent, sens, motivation, quand) -> None:
    apres = dernier(dossier)
    donne = avis.donner(dossier, agent, sens, motivation)
    Avis.objects.filter(pk=donne.pk).update(donne_le=quand)
    dater(dossier, parcours, apres, quand)


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
