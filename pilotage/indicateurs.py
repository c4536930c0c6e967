"""The dashboard's figures, each from one aggregate query over the dossiers a user may read
(``Dossier.objects.for_user``): the page costs the same number of queries whatever the number of
dossiers, and never reads them one by one.

- ``repartition``: one GROUP BY (état, type of porteur) with the count and the sum of the subvention
  demandée: the counts by état, by type, and the amounts;
- ``evolution``: the number of dossiers in each état at the end of each week, from two GROUP BY per
  week (dépôts; changes of état from the history, ``candidatures.models.Transition``);
- ``echecs_par_regle``: the dossiers that missed a rule and the recevabilité decisions (two queries).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from candidatures.models import Etat, Transition
from candidatures.recevabilite import LIBELLES
from comptes.models import TypeOrganisation
from instruction.constats import constats_par_dossier
from instruction.models import Constat

# The états of a deposited dossier, in the order of the lifecycle (``candidatures.cycle``).
ETATS = [etat for etat in Etat if etat != Etat.BROUILLON]
# Still in the running for the envelope: declared recevable, proposed, or lauréat.
RETENUS = frozenset({Etat.RECEVABLE, Etat.PROPOSE, Etat.LAUREAT})
# The blocking rules (the warnings W01, W02 never block a dépôt).
REGLES_BLOQUANTES = [regle for regle in LIBELLES if regle.startswith("R")]
# Beyond a year of weeks since the first dépôt, the series stops at the last change rather than today.
SEMAINES_MAX = 52


@dataclass
class Repartition:
    total: int = 0  # the deposited dossiers still in the running (a withdrawn one is not)
    par_etat: dict = field(default_factory=dict)  # Etat → count (every état of a deposited dossier)
    par_type: dict = field(default_factory=dict)  # TypeOrganisation → count (every type)
    subvention_deposes: Decimal = Decimal(0)
    subvention_retenus: Decimal = Decimal(0)
    subvention_laureats: Decimal = Decimal(0)
    nombre_retenus: int = 0
    nombre_laureats: int = 0


def repartition(dossiers) -> Repartition:
    """Counts by état and by type of porteur, and the subvention demandée: one query."""
    lignes = (
        dossiers.order_by()
        .values("etat", "organisation__type")
        .annotate(n=Count("pk"), subvention=Sum("subvention_demandee"))
    )
    r = Repartition(par_etat=dict.fromkeys(ETATS, 0), par_type=dict.fromkeys(TypeOrganisation.values, 0))
    for ligne in lignes:
        etat, n, subvention = ligne["etat"], ligne["n"], ligne["subvention"] or Decimal(0)
        r.par_etat[etat] = r.par_etat.get(etat, 0) + n
        if etat == Etat.RETIRE:  # withdrawn by its porteur: its own line, out of the totals and gauges
            continue
        r.total += n
        type_ = ligne["organisation__type"]
        r.par_type[type_] = r.par_type.get(type_, 0) + n
        r.subvention_deposes += subvention
        if etat in RETENUS:
            r.subvention_retenus += subvention
            r.nombre_retenus += n
        if etat == Etat.LAUREAT:
            r.subvention_laureats += subvention
            r.nombre_laureats += n
    return r


def _semaine(valeur) -> datetime.date:
    """The Monday (Paris time) of a TruncWeek value (an aware datetime, or a date)."""
    if isinstance(valeur, datetime.datetime):
        return timezone.localtime(valeur).date() if timezone.is_aware(valeur) else valeur.date()
    return valeur


@dataclass
class Semaine:
    debut: datetime.date  # its Monday
    effectifs: dict  # Etat → number of dossiers in that état at the end of the week

    @property
    def total(self) -> int:
        return sum(self.effectifs.values())


def evolution(dossiers, par_etat: dict, maintenant=None) -> list[Semaine]:
    """The number of dossiers in each état at the end of each week, from the week of the first dépôt
    to this one (to the week of the last change when that is more than a year away).

    Counted backwards from today's figures (``par_etat``, from ``repartition``): at the end of week w,
    a dossier's état is today's, undone by every change after w: a dépôt after w takes one from
    « déposé »; a change of état after w (the history, ``Transition``: depuis → vers) gives one back
    to « depuis » and takes one from « vers ». The last week always matches today's figures, even for
    a dossier whose history is incomplete. Two queries, one row per week and change."""
    maintenant = maintenant or timezone.now()
    deltas: dict[datetime.date, dict] = {}
    depots = (
        dossiers.order_by().annotate(semaine=TruncWeek("depose_le")).values("semaine").annotate(n=Count("pk"))
    )
    for ligne in depots:
        if ligne["semaine"] is None:
            continue
        delta = deltas.setdefault(_semaine(ligne["semaine"]), {})
        delta[Etat.DEPOSE] = delta.get(Etat.DEPOSE, 0) + ligne["n"]
    changements = (
        Transition.objects.filter(dossier__in=dossiers.order_by().values("pk"))
        .exclude(depuis=F("vers"))  # events of the instruction (avis, notes): no change of état
        .exclude(depuis=Etat.BROUILLON)  # the dépôt itself: counted from depose_le above
        .order_by()
        .annotate(semaine=TruncWeek("le"))
        .values("semaine", "depuis", "vers")
        .annotate(n=Count("pk"))
    )
    for ligne in changements:
        delta = deltas.setdefault(_semaine(ligne["semaine"]), {})
        delta[ligne["vers"]] = delta.get(ligne["vers"], 0) + ligne["n"]
        delta[ligne["depuis"]] = delta.get(ligne["depuis"], 0) - ligne["n"]
    if not deltas:
        return []

    cette_semaine = _lundi(timezone.localtime(maintenant).date())
    debut = min(deltas)
    fin = max(cette_semaine, debut)
    if (fin - debut).days > 7 * SEMAINES_MAX:
        fin = max(d for d in deltas if d <= fin)  # the last change (debut at least)
    lundis = [debut + datetime.timedelta(weeks=i) for i in range((fin - debut).days // 7 + 1)]

    # Backwards from today: undo what happened after each week.
    courant = {etat: par_etat.get(etat, 0) for etat in ETATS}
    for semaine in (d for d in deltas if d > fin):
        _defaire(courant, deltas[semaine])
    resultat = []
    for lundi in reversed(lundis):
        resultat.append(Semaine(lundi, {etat: max(n, 0) for etat, n in courant.items()}))
        _defaire(courant, deltas.get(lundi, {}))
    resultat.reverse()
    return resultat


def _lundi(jour: datetime.date) -> datetime.date:
    return jour - datetime.timedelta(days=jour.weekday())


def _defaire(effectifs: dict, delta: dict) -> None:
    for etat, n in delta.items():
        if etat in effectifs:
            effectifs[etat] -= n


def echecs_par_regle(dossiers) -> dict[str, int]:
    """How many dossiers miss each blocking rule: their last automated check
    (``Dossier.regles_bloquantes``, refreshed when the call's rates change), corrected by the
    instructeurs' findings at the recevabilité decision (``instruction.models.ConstatRegle``: a rule judged
    « non conforme » counts, one judged « conforme » does not). Two queries, on the dossiers that missed
    a rule and on the recevabilité decisions only."""
    par_dossier = {
        pk: set(regles)
        for pk, regles in dossiers.order_by()
        .exclude(regles_bloquantes=[])
        .values_list("pk", "regles_bloquantes")
    }
    for dossier_id, constats in constats_par_dossier(dossiers).items():
        regles = par_dossier.setdefault(dossier_id, set())
        for regle, constat in constats.items():
            if constat == Constat.NON_CONFORME:
                regles.add(regle)
            else:
                regles.discard(regle)
    comptes = dict.fromkeys(REGLES_BLOQUANTES, 0)
    for regles in par_dossier.values():
        for regle in regles & comptes.keys():
            comptes[regle] += 1
    return comptes
