"""Fixtures of the dashboard's tests: the State's users (from tests/instruction/conftest.py), and
deposited dossiers built directly, as the dépôt and the instruction leave them (number, date, frozen
amount, failed rules, history of transitions), without going through the whole dépôt."""

import datetime
import html
import itertools
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ami.models import Appel
from candidatures.cycle import TRANSITIONS, Action
from candidatures.models import Dossier, Etat, Transition
from comptes.models import TypeOrganisation
from tests.factories import DossierFactory, OrganisationFactory

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


URL = reverse("pilotage:tableau_de_bord")
NBSP = "\u00a0"
T = TypeOrganisation


@pytest.fixture
def jeu():
    """Five deposited dossiers over three weeks of September 2021 (Mondays 6, 13 and 20), and a draft.

    | dossier | départements | porteur | subvention | dépôt → … → today | failed rules |
    | d1 | 59 | CD | 400 000 | 07/09 → en instruction 14/09 → recevable 21/09 | |
    | d2 | 59, 62 | PLIE | 300 000 | 08/09 → en instruction 15/09 | R13, R05 |
    | d3 | 35 | mission locale | 200 000 | 15/09 | R13 |
    | d4 | 59 | association | 100 000 | 14/09 → instr. 15/09 → recev. 16/09 → proposé 20/09 → laur. 22/09 | |
    | d5 | 75 | CD | 250 000 | 16/09 → instr. 17/09 → irrecevable 21/09 | R03 |
    """
    d = {
        "d1": depose(
            Etat.RECEVABLE,
            le=paris(2021, 9, 7),
            apres=[paris(2021, 9, 14), paris(2021, 9, 21)],
            subvention="400000",
        ),
        "d2": depose(
            Etat.EN_INSTRUCTION,
            le=paris(2021, 9, 8),
            apres=[paris(2021, 9, 15)],
            departements=("59", "62"),
            type=T.PLIE,
            subvention="300000",
            regles=["R13", "R05"],
        ),
        "d3": depose(
            le=paris(2021, 9, 15),
            departements=("35",),
            type=T.MISSION_LOCALE,
            subvention="200000",
            regles=["R13"],
        ),
        "d4": depose(
            Etat.LAUREAT,
            le=paris(2021, 9, 14),
            apres=[paris(2021, 9, 15), paris(2021, 9, 16), paris(2021, 9, 20), paris(2021, 9, 22)],
            type=T.ASSOCIATION,
        ),
        "d5": depose(
            Etat.IRRECEVABLE,
            le=paris(2021, 9, 16),
            apres=[paris(2021, 9, 17), paris(2021, 9, 21)],
            departements=("75",),
            subvention="250000",
            regles=["R03"],
        ),
    }
    # An avis given on d1: an event of the history, no change of état.
    Transition.objects.create(
        dossier=d["d1"],
        action="donner_avis",
        depuis=Etat.RECEVABLE,
        vers=Etat.RECEVABLE,
        le=paris(2021, 9, 22),
    )
    # A draft: never counted, whatever its rules.
    brouillon = DossierFactory(regles_bloquantes=["R01", "R13"])
    brouillon.departements.add("59")
    return d


def contenu(reponse) -> str:
    return html.unescape(reponse.content.decode())


def liens_carte(reponse) -> dict[str, tuple[str, str]]:
    """The map's links: département → (href, accessible name)."""
    texte = reponse.content.decode()
    debut = re.search(r'<svg class="pilotage-carte[^"]*" id="carte"', texte).start()
    carte = texte[debut : texte.index("</svg>", debut)]
    liens = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-departement="([^"]+)">', carte)
    resultat = {}
    for href, nom, code in liens:
        assert code not in resultat, f"deux liens pour {code}"
        resultat[code] = (html.unescape(href), html.unescape(nom))
    return resultat
