"""Issue 12 item 7, property-based, the instruction: arbitrary text and numbers posted to every field of
every form of the dossier's page — recevabilité (each rule's constat and motivation), notation, demande
d'avis, avis, compléments, proposition, décision — and of the queue's filters, through the real views,
on PostgreSQL: no server error, every error in French, what was typed comes back in the page."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from candidatures import cycle
from candidatures.models import Dossier
from tests.depots import deposer_dossier, instruire
from tests.factories import UserFactory
from tests.saisie.formulaires import formulaires_de, poster_au_hasard
from tests.saisie.hostile import REGLAGES
from tests.saisie.outils import exemple_isole

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(candidat, collegue, instructeur, instructeur2, agent_nord):
    """Three deposited dossiers of the Nord: in instruction, recevable, proposé."""
    en_instruction = deposer_dossier(candidat)
    cycle.effectuer(en_instruction, cycle.Action.PRENDRE, instructeur)
    recevable = instruire(
        deposer_dossier(UserFactory(organisation=candidat.organisation)), [instructeur2], agent_nord
    )
    propose = instruire(
        deposer_dossier(UserFactory(organisation=candidat.organisation)), [instructeur2], agent_nord
    )
    cycle.effectuer(propose, cycle.Action.PROPOSER, instructeur, "Projet solide.", {"proposition": "laureat"})
    return {"en_instruction": en_instruction, "recevable": recevable, "propose": propose}


# (who, which dossier, the forms of the page to post to)
SCENARIOS = [
    ("instructeur", "en_instruction", {"recevabilite_form", "complements_form", "evaluation_form"}),
    ("instructeur", "en_instruction", {"demande_avis_form"}),
    ("instructeur", "recevable", {"proposition_form"}),
    ("instructeur", "propose", {"decision_form"}),
    ("agent_nord", "en_instruction", {"avis_form"}),
]


@pytest.mark.parametrize(("role", "etat", "noms"), SCENARIOS, ids=["-".join(sorted(s[2])) for s in SCENARIOS])
@REGLAGES
@given(donnees=st.data())
def test_item7_toute_saisie_de_l_instruction_sans_erreur_serveur(
    request, client, dossiers, role, etat, noms, donnees
):
    client.force_login(request.getfixturevalue(role))
    client.raise_request_exception = True
    url = reverse("instruction:dossier", args=[dossiers[etat].pk])
    with exemple_isole():
        formulaires = formulaires_de(client, url, noms)
        assert {f.nom for f in formulaires} == noms, "un formulaire attendu manque à la page"
        for formulaire in formulaires:
            with exemple_isole():  # each form from the same dossier, in the same state
                poster_au_hasard(client, formulaire, donnees)
    assert Dossier.objects.get(pk=dossiers[etat].pk).etat == etat  # every example undone


@REGLAGES
@given(donnees=st.data())
def test_item7_toute_saisie_des_filtres_de_la_file_sans_erreur_serveur(
    client, instructeur, dossiers, donnees
):
    client.force_login(instructeur)
    client.raise_request_exception = True
    (filtres,) = formulaires_de(client, reverse("instruction:a_instruire"), {"form"})
    poster_au_hasard(client, filtres, donnees)
