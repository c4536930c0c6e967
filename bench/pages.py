"""Median server time of the portal's pages, next to a bare Django view, in the same run.

    .venv/bin/python bench/pages.py [--repetitions 200]

Uses DATABASE_URL like the portal (PostgreSQL recommended); builds a throwaway test
database, runs every page through Django's test client in this process (no network),
and prints median and p90 in milliseconds and the ratio to the bare view.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.decorators import login_not_required
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import (
        override_settings,
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )
    from django.urls import path

    @login_not_required
    def vue_nue(request):
        return HttpResponse("ok")

    import ami.urls

    ami.urls.urlpatterns.insert(0, path("bench-nue/", vue_nue))

    setup_test_environment()
    anciennes = setup_databases(verbosity=0, interactive=False)
    try:
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            from tests.factories import UserFactory

            comptes = {
                "candidat": UserFactory(),
                "instructeur": UserFactory(instructeur=True),
                "agent": UserFactory(agent_regional=True),
                "administrateur": UserFactory(administrateur=True),
            }
            pages = [
                ("vue Django nue", None, "/bench-nue/"),
                ("accueil (anonyme)", None, "/"),
                ("questions / réponses", None, "/questions-reponses/"),
                ("Mes dossiers", "candidat", "/candidatures/"),
                ("Dossiers à instruire", "instructeur", "/instruction/"),
                ("Dossiers de mon territoire", "agent", "/instruction/territoire/"),
                ("Administration", "administrateur", "/administration/"),
            ]
            print(
                f"base : {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
                f"{args.repetitions} requêtes par page"
            )
            resultats = {}
            for libelle, role, url in pages:
                client = Client()
                if role:
                    client.force_login(comptes[role])
                for _ in range(10):  # warm-up
                    assert client.get(url).status_code == 200, url
                durees = []
                for _ in range(args.repetitions):
                    debut = time.perf_counter()
                    client.get(url)
                    durees.append((time.perf_counter() - debut) * 1000)
                durees.sort()
                resultats[libelle] = (statistics.median(durees), durees[int(len(durees) * 0.9)])
            base = resultats["vue Django nue"][0]
            print(f"{'page':<30} {'médiane ms':>11} {'p90 ms':>8} {'ratio':>7}")
            for libelle, (mediane, p90) in resultats.items():
                print(f"{libelle:<30} {mediane:>11.2f} {p90:>8.2f} {mediane / base:>7.1f}")
    finally:
        teardown_databases(anciennes, verbosity=0)


if __name__ == "__main__":
    main()
