"""CPU time of one login attempt with a wrong password (issue 15 item 6): without the lockout (each attempt
hashes the password, ~1.5 s on the machine of the issue), counted under the limit, and refused once the
account is locked (django-axes refuses it before any backend: no hash).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchconnexion REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/connexion.py [--repetitions 30]

Django's own hasher (PBKDF2, as in production), the cache of the settings (Redis with REDIS_URL, else
in-process memory), the test client (no network). CPU time of this process (``time.process_time``), in ms:
median and p90 of ``--repetitions`` attempts after a short warm-up."""

import argparse
import itertools
import logging
import time

from outils import django_de_banc, imprimer, mesurer_les_cas, moteur


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=30)
    args = parser.parse_args()

    with django_de_banc() as settings:
        for nom in ("django.request", "axes", "comptes.verrouillage"):  # one line per refusal otherwise
            logging.getLogger(nom).setLevel(logging.ERROR)
        from django.contrib.auth.hashers import make_password
        from django.core.cache import cache
        from django.test import Client
        from django.test.utils import override_settings

        from tests.factories import UserFactory

        hacheurs = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        with override_settings(PASSWORD_HASHERS=hacheurs):
            camille = UserFactory(email="camille@exemple.fr")
            camille.password = make_password("le-bon-mot-de-passe-42")
            camille.save(update_fields=["password"])
            client = Client()
            adresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))

            def essai(email, ip, attendu, axes=True):
                def requete():
                    with override_settings(AXES_ENABLED=axes):
                        debut = time.process_time()
                        reponse = client.post(
                            "/compte/connexion/",
                            {"username": email() if callable(email) else email, "password": "faux"},
                            REMOTE_ADDR=ip() if callable(ip) else ip,
                        )
                        duree = (time.process_time() - debut) * 1000
                    assert reponse.status_code == attendu, reponse.status_code
                    return duree, reponse

                return requete

            comptes = (f"personne{n}@exemple.fr" for n in itertools.count(1))
            cache.clear()
            for _ in range(settings.CONNEXION_ECHECS_COMPTE):  # camille locked, from 192.0.2.1
                client.post(
                    "/compte/connexion/",
                    {"username": camille.email, "password": "faux"},
                    REMOTE_ADDR="192.0.2.1",
                )
            cas = {
                "avant": ("sans limitation (avant)", essai(camille.email, "198.51.100.1", 200, axes=False)),
                "compte": (
                    "compté, sous la limite",
                    essai(lambda: next(comptes), lambda: next(adresses), 200),
                ),
                "bloque": ("refusé, compte bloqué", essai(camille.email, lambda: next(adresses), 429)),
            }
            resultats, _ = mesurer_les_cas(cas, args.repetitions, echauffement=3)
        cache_utilise = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(
            f"base : {moteur(settings)}, cache : {cache_utilise}, {args.repetitions} essais par cas, "
            "temps CPU du processus (ms)"
        )
        imprimer(resultats, "avant", objectif_ms=50, avec_objectif={"bloque"}, largeur=30)


if __name__ == "__main__":
    main()
