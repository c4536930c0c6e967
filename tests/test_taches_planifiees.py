"""Celery beat (``CELERY_BEAT_SCHEDULE``): each entry names a task the workers know, and each task that
takes over work left behind (``reprendre_*``, ``purger_*``, ``relancer_*``) is scheduled — a recovery task
nobody runs is a failure nobody sees (the messagerie's attachments were scanned again by nothing)."""

from django.conf import settings

from ami.celery import app


def _taches_du_portail():
    app.loader.import_default_modules()
    return {nom for nom in app.tasks if not nom.startswith("celery.")}


def test_chaque_entree_planifiee_est_une_tache_connue():
    connues = _taches_du_portail()
    for nom, entree in settings.CELERY_BEAT_SCHEDULE.items():
        assert entree["task"] in connues, nom


def test_chaque_tache_de_reprise_est_planifiee():
    planifiees = {entree["task"] for entree in settings.CELERY_BEAT_SCHEDULE.values()}
    reprises = {
        nom
        for nom in _taches_du_portail()
        if nom.rsplit(".", 1)[-1].startswith(("reprendre_", "purger_", "relancer_"))
    }
    assert reprises and reprises <= planifiees, sorted(reprises - planifiees)
