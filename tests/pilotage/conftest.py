"""Fixtures of the dashboard's tests: the State's users (from tests/instruction/conftest.py), and
deposited dossiers built directly, as the dépôt and the instruction leave them (number, date, frozen
amount, failed rules, history of transitions), without going through the whole dépôt."""

import datetime
import itertools
from decimal import Decimal

from ami.models import Appel
from candidatures.cycle import TRANSITIONS, Action
from candidatures.models import Dossier, Etat, Transition
from comptes.models import TypeOrganisation
from tests.factories import OrganisationFactory

_numeros = itertools.count(1)

# The actions that take a dossier from « déposé » to each état, in order.
CHEMINS = {
    Etat.DEPOSE: [],
    Etat.EN_INSTRUCTION: [Action.PRENDRE],
    Etat.COMPLEMENTS: [Action.PRENDRE, Action.DEMANDER_COMPLEMENTS],
    Etat.RECEVABLE: [Action.PRENDRE, Action.DECLARER_RECEVABLE],
    Etat.IRRECEVABLE: [Action.PRENDRE, Action.DECLARER_IRRECEVABLE],
    Etat.PROPOSE: [Action.PRENDRE, Action.DECLARER_RECEVABLE, Action.PROPOSER],
    Etat.LAUREAT: [Action.PRENDRE, Action.DECLARER_RECEVABLE, Action.PROPOSER, Action.DECIDER_LAUREAT],
    Etat.NON_RETENU: [Action.PRENDRE, Action.DECLARER_RECEVABLE, Action.PROPOSER, Action.DECIDER_NON_RETENU],
}


def paris(annee, mois, jour, heure=12):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(annee, mois, jour, heure))


def depose(
    etat=Etat.DEPOSE,
    *,
    le,
    apres=(),
    departements=("59",),
    type=TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    subvention="100000",
    regles=(),
    organisation=None,
):
    """A dossier deposited ``le`` (aware datetime), then taken to ``etat`` by the actions of
    ``CHEMINS[etat]``, each at the matching date of ``apres``; its history holds the dépôt and each
    of these transitions."""
    n = next(_numeros)
    dossier = Dossier.objects.create(
        appel=Appel.objects.courant(),
        organisation=organisation or OrganisationFactory(type=type),
        intitule=f"SPIE {n}",
        etat=etat,
        numero_ordre=n,
        numero=f"AMI2-SPIE-2021-{n:04d}",
        depose_le=le,
        cout_global=Decimal(subvention) * Decimal("1.25"),
        subvention_demandee=Decimal(subvention),
        regles_bloquantes=list(regles),
    )
    dossier.departements.add(*departements)
    actions = CHEMINS[etat]
    assert len(apres) == len(actions), (etat, apres)
    lignes = [
        Transition(dossier=dossier, action=Action.DEPOSER, depuis=Etat.BROUILLON, vers=Etat.DEPOSE, le=le)
    ]
    courant = Etat.DEPOSE
    for action, date in zip(actions, apres, strict=True):
        vers = TRANSITIONS[action].vers
        lignes.append(Transition(dossier=dossier, action=action, depuis=courant, vers=vers, le=date))
        courant = vers
    Transition.objects.bulk_create(lignes)
    return dossier
