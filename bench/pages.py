"""Median server time of the portal's pages, next to a bare Django view, in the same run.

    .venv/bin/python bench/pages.py [--repetitions 200]

Uses DATABASE_URL like the portal (PostgreSQL recommended); builds a throwaway test
database, runs every page through Django's test client in this process (no network),
and prints median and p90 in milliseconds and the ratio to the bare view.
"""

import argparse

from outils import NUE, django_de_banc, get, mesurer, moteur


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=200)
    args = parser.parse_args()

    with django_de_banc() as settings:
        from django.test import Client

        from tests.factories import UserFactory

        comptes = {
            "candidat": UserFactory(),
            "instructeur": UserFactory(instructeur=True),
            "agent": UserFactory(agent_regional=True),
            "administrateur": UserFactory(administrateur=True),
        }
        pages = [
            ("vue Django nue", None, NUE),
            ("accueil (anonyme)", None, "/"),
            ("questions / réponses", None, "/questions-reponses/"),
            ("Mes dossiers", "candidat", "/candidatures/"),
            ("Dossiers à instruire", "instructeur", "/instruction/"),
            ("Dossiers de mon territoire", "agent", "/instruction/territoire/"),
            ("Administration", "administrateur", "/administration/"),
        ]
        print(f"base : {moteur(settings)}, {args.repetitions} requêtes par page")
        resultats = {}
        for libelle, role, url in pages:
            client = Client()
            if role:
                client.force_login(comptes[role])
            resultats[libelle] = mesurer(get(client, url), args.repetitions)
        base = resultats["vue Django nue"][0]
        print(f"{'page':<30} {'médiane ms':>11} {'p90 ms':>8} {'ratio':>7}")
        for libelle, (mediane, p90) in resultats.items():
            print(f"{libelle:<30} {mediane:>11.2f} {p90:>8.2f} {mediane / base:>7.1f}")


if __name__ == "__main__":
    main()
