"""Fixtures of the upload tests (issue 12 item 5): an open call (refilled after a transactional test's
flush), a draft dossier of the candidat, the candidat logged in, and ``envoyer`` (a file posted, then
analysed); the helpers are in ``tests/pieces/outils.py``."""

import pytest

from tests.pieces.outils import poster


@pytest.fixture(autouse=True)
def _appel(request):
    """The call open, pièces stored in ``tmp_path`` (the root conftest's ``appel_ouvert``), for the
    tests that use the database."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("appel_ouvert")


@pytest.fixture
def envoyer(django_capture_on_commit_callbacks, clamd):
    """Post a file; the analysis queued at the commit runs once the response is back, as a worker
    would run it (tests marked ``transaction=True`` see it run inline, at the request's commit)."""

    def _envoyer(client, dossier, nature, contenu, nom="lettre.pdf", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return poster(client, dossier, nature, contenu, nom, **extra)

    return _envoyer
