"""Simultaneous dépôts on a real SQLite file (issue 12 item 8), run as a script by
``tests/test_sqlite_concurrence.py``: the test suite's own database may be PostgreSQL, or SQLite in
memory, where nothing is concurrent.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 PRIVATE_MEDIA_ROOT=/tmp/prive python -m tests.sqlite_concurrence 6

Migrates the file, prepares ``n`` complete dossiers of ``n`` porteurs and one more, then posts, from one
thread each (its own connection, as under ``runserver``), the dépôt of the ``n`` dossiers at the same
instant, then two dépôts of the extra dossier at the same instant. Prints what came back, as JSON.
"""

import datetime
import json
import os
import sys
import threading

import django


def _simultanes(requetes):
    """Post every ``(client, url)`` at the same instant, one thread each; the status codes, in order
    (or what a thread raised)."""
    from django.db import connection

    barriere = threading.Barrier(len(requetes))
    statuts = [None] * len(requetes)

    def poster(i, client, url):
        try:
            barriere.wait(timeout=120)
            statuts[i] = client.post(url, {"confirmation": "oui"}).status_code
        except Exception as exc:  # reported: the test shows it
            statuts[i] = repr(exc)
        finally:
            connection.close()

    fils = [threading.Thread(target=poster, args=(i, *r)) for i, r in enumerate(requetes)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    return statuts


def main(n: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import got_request_exception
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from ami.models import Appel
    from candidatures import cycle
    from candidatures.models import Dossier
    from demo.exemples import dossier_complet
    from tests.factories import DossierFactory, UserFactory

    assert connection.vendor == "sqlite" and settings.DATABASES["default"]["NAME"] != ":memory:"
    call_command("migrate", verbosity=0)
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))

    clients, dossiers = [], []
    for _ in range(n + 1):
        candidat = UserFactory()
        dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)
        dossiers.append(dossier_complet(dossier, user=candidat).pk)
        client = Client(raise_request_exception=False)
        client.force_login(candidat)
        clients.append(client)
    double = Client(raise_request_exception=False)  # the same candidat, in a second tab
    double.force_login(candidat)
    connection.close()

    erreurs = []

    def noter(sender, request, **kwargs):
        erreurs.append(repr(sys.exc_info()[1]))

    got_request_exception.connect(noter, weak=False)
    url = [reverse("candidatures:depot", args=[pk]) for pk in dossiers]
    plusieurs = _simultanes([(clients[i], url[i]) for i in range(n)])
    un_seul = _simultanes([(clients[n], url[n]), (double, url[n])])

    lignes = Dossier.objects.filter(pk__in=dossiers).order_by("pk")
    with connection.cursor() as curseur:
        curseur.execute("PRAGMA journal_mode")
        journal_mode = curseur.fetchone()[0]
    return {
        "journal_mode": journal_mode,
        "plusieurs": plusieurs,
        "un_seul": un_seul,
        "erreurs": erreurs,
        "etats": {str(d.pk): d.etat for d in lignes},
        "numeros": {str(d.pk): d.numero for d in lignes},
        "depots": {str(d.pk): d.transitions.filter(action=cycle.Action.DEPOSER).count() for d in lignes},
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)))
