"""Schemathesis against the OpenAPI document the portal serves: every operation, called through the WSGI
application with an instructeur's token, on generated data — valid (the answer must follow the document:
status, content type, headers, JSON schema) and invalid (never a server error)."""

from collections import Counter

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as reglages
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.openapi import from_wsgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ami.wsgi import application
from candidatures import cycle
from tests.api.outils import emettre
from tests.depots import deposer_dossier, dossiers_a_l_etat

pytestmark = pytest.mark.django_db

CONFORMITE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
EXEMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}


@pytest.fixture
def meme_connexion():
    """The WSGI handler closes the connection at the end of each request, unlike the test client: the
    test's transaction (and its data) must survive the requests, as with Django's test client."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_schemathesis(meme_connexion, settings, candidat, instructeur):
    settings.API_LIMITE_PAR_MINUTE = 100_000
    depose = deposer_dossier(candidat)
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    dossiers_a_l_etat(5, departements=("59", "2A"))
    entetes = {"Authorization": f"Bearer {emettre(instructeur)}"}
    schema = from_wsgi("/api/v1/openapi.json", application)
    appels = {"operations": 0, "exemples": 0}
    statuts = Counter()

    def essayer(operation, mode, checks, **fixes):
        @given(case=operation.as_strategy(generation_mode=mode, **fixes))
        @reglages(
            max_examples=EXEMPLES[mode],
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def essai(case):
            appels["exemples"] += 1
            reponse = case.call_and_validate(headers=entetes, checks=checks)
            statuts[operation.path, mode.value, reponse.status_code] += 1

        essai()

    for resultat in schema.get_all_operations():
        operation = resultat.ok()
        appels["operations"] += 1
        essayer(operation, GenerationMode.POSITIVE, CONFORMITE)
        if "{id}" in operation.path:  # the dossier itself, not only 404s
            essayer(operation, GenerationMode.POSITIVE, CONFORMITE, path_parameters={"id": depose.pk})
        # Invalid data: a path parameter that is not a number does not reach the API (Django's HTML 404),
        # so only the absence of server error is checked.
        essayer(operation, GenerationMode.NEGATIVE, [not_a_server_error])
    assert appels["operations"] == 7
    assert appels["exemples"] > 150
    # Valid data reached every operation's answer, not only its errors.
    assert {chemin for chemin, mode, statut in statuts if mode == "positive" and statut == 200} == {
        op.ok().path for op in schema.get_all_operations()
    }
    print(f"schemathesis : {appels['operations']} opérations, {appels['exemples']} exemples")
    for (chemin, mode, statut), nombre in sorted(statuts.items()):
        print(f"  {chemin:<30} {mode:<9} {statut} × {nombre}")
