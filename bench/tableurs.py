"""Time and peak memory of the exports over 10 000 deposited dossiers, next to a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchexports REDIS_URL= \\
        .venv/bin/python bench/tableurs.py [--dossiers 10000] [--repetitions 3]

The dossiers are those of bench/file.py (``peupler``), each with 4 members of the consortium,
12 dépenses, 4 financements and its three axes answered (four answers of about 550 characters
each): 40 000 members, 120 000 dépenses, 40 000 financements.

Measured through Django's test client, the response read to its last byte: the XLSX workbook (four
sheets), the CSV of dossiers and of dépenses, as an instructeur (every dossier) and as an agent of a
DREETS (its région). Peak memory: each export again in a child process of its own (Django set up,
nothing else loaded), whose peak resident memory (``ru_maxrss``) is printed beside what Django alone
takes. Goal (issue): peak RSS < 200 MB for the XLSX of 10 000 dossiers.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal

from outils import NUE, django_de_banc, get, mesurer

OBJECTIF_MO = 200
TEXTE = "Le consortium s’appuie sur les acteurs du territoire pour un accompagnement sans couture. " * 6


def completer(nombre_membres=4, nombre_depenses=12) -> None:
    """Members, budget lines and axes for every deposited dossier (bulk inserts)."""
    from budget.models import LigneDepense, LigneFinancement
    from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
    from candidatures.models import Dossier, ReponseAxe
    from consortium.models import Membre, TypeMembre

    ids = list(Dossier.objects.exclude(numero=None).values_list("pk", "cout_global"))
    groupes, natures, types = GroupeDepense.values, NatureDepense.values, TypeMembre.values
    lot = 20_000
    Membre.objects.bulk_create(
        (
            Membre(
                dossier_id=pk,
                type=types[i % len(types)],
                structure=f"Structure {pk}-{i}",
                interlocuteur="Claude Martin",
                telephone="03 20 00 00 00",
                courriel="contact@exemple.fr",
            )
            for pk, _ in ids
            for i in range(nombre_membres)
        ),
        batch_size=lot,
    )
    LigneDepense.objects.bulk_create(
        (
            LigneDepense(
                dossier_id=pk,
                groupe=groupes[i % len(groupes)],
                nature=natures[i % len(natures)],
                objet=f"Action {i} : coordination des parcours",
                montant=(cout / nombre_depenses).quantize(Decimal("0.01")),
            )
            for pk, cout in ids
            for i in range(nombre_depenses)
        ),
        batch_size=lot,
    )
    LigneFinancement.objects.bulk_create(
        (
            LigneFinancement(
                dossier_id=pk,
                type=type_,
                financeur="Financeur",
                montant=(cout * part).quantize(Decimal("0.01")),
            )
            for pk, cout in ids
            for type_, part in [
                (TypeFinancement.SUBVENTION_ETAT, Decimal("0.7")),
                (TypeFinancement.AUTOFINANCEMENT, Decimal("0.1")),
                (TypeFinancement.COFINANCEMENT_PUBLIC, Decimal("0.15")),
                (TypeFinancement.CONTRIBUTION_MEMBRE, Decimal("0.05")),
            ]
        ),
        batch_size=lot,
    )
    ReponseAxe.objects.bulk_create(
        (
            ReponseAxe(dossier_id=pk, axe=axe, objectifs=TEXTE, actions=TEXTE, public=TEXTE, methodes=TEXTE)
            for pk, _ in ids
            for axe in (1, 2, 3)
        ),
        batch_size=lot,
    )


def pic_memoire_mo() -> float:
    """The process's peak resident memory (VmHWM). Not ``ru_maxrss``: on Linux a child started by
    fork + exec keeps its parent's peak there (the parent holds the 10 000 dossiers it built)."""
    with open("/proc/self/status") as statut:
        for ligne in statut:
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def enfant(user_pk: int, quoi: str) -> None:
    """In a process of its own: one export written to a temporary file; prints its peak memory."""
    import django

    django.setup()
    from ami.urls import urlpatterns  # noqa: F401 (every module of the portal loaded, as in a worker)

    avant = pic_memoire_mo()
    from comptes.models import User
    from exports.ecriture import flux_csv, flux_xlsx
    from exports.lignes import Selection, feuilles

    selection = Selection(User.objects.get(pk=user_pk))
    debut = time.perf_counter()
    if quoi == "xlsx":
        flux = flux_xlsx(feuilles(selection))
    else:
        feuille = feuilles(selection)[0 if quoi == "csv-dossiers" else 2]
        flux = flux_csv(feuille.colonnes, feuille.lignes)
    taille = sum(len(morceau) for morceau in flux)
    print(
        json.dumps(
            {
                "django_mo": avant,
                "pic_mo": pic_memoire_mo(),
                "secondes": time.perf_counter() - debut,
                "taille_mo": taille / 1024 / 1024,
            }
        )
    )


def telecharger(client, url):
    def requete():
        debut = time.perf_counter()
        reponse = client.get(url)
        taille = sum(len(m) for m in reponse.streaming_content)
        assert reponse.status_code == 200 and taille
        return (time.perf_counter() - debut) * 1000, reponse

    return requete


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--enfant", nargs=2, metavar=("USER", "EXPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enfant:
        return enfant(int(args.enfant[0]), args.enfant[1])

    with django_de_banc() as settings:
        from django.db import connection
        from django.test import Client
        from django.urls import reverse
        from file import peupler

        from tests.factories import UserFactory

        debut = time.perf_counter()
        peupler(args.dossiers)
        completer()
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                curseur.execute("VACUUM ANALYZE")
        print(
            f"Données : {args.dossiers} dossiers en {time.perf_counter() - debut:.0f} s ({connection.vendor})"
        )
        instructeur = UserFactory(instructeur=True)
        agent = UserFactory(agent_regional=True)
        clients = {}
        for nom, user in (("instructeur", instructeur), ("agent", agent)):
            clients[nom] = Client()
            clients[nom].force_login(user)
        xlsx, csv_ = reverse("exports:xlsx"), reverse("exports:csv", args=["dossiers"])
        cas = {
            "vue Django nue": get(clients["instructeur"], NUE),
            "XLSX, instructeur (tout)": telecharger(clients["instructeur"], xlsx),
            "CSV dossiers, instructeur": telecharger(clients["instructeur"], csv_),
            "CSV dépenses, instructeur": telecharger(
                clients["instructeur"], reverse("exports:csv", args=["depenses"])
            ),
            "XLSX, agent DREETS": telecharger(clients["agent"], xlsx),
        }
        resultats = {}
        for libelle, requete in cas.items():
            repetitions = 50 if libelle.startswith("vue") else args.repetitions
            resultats[libelle] = mesurer(requete, repetitions, echauffement=0 if repetitions < 10 else 10)
        nue = resultats["vue Django nue"][0]
        print(f"{'export':<30} {'médiane ms':>11} {'p90 ms':>9} {'ratio':>9}")
        for libelle, (mediane, p90) in resultats.items():
            print(f"{libelle:<30} {mediane:>11.0f} {p90:>9.0f} {mediane / nue:>9.0f}")

        environnement = dict(os.environ, DATABASE_URL=_url_de_test(settings))
        print(
            f"\n{'mémoire (processus à part)':<30} {'Django seul':>12} {'pic':>8} {'durée':>8} {'taille':>8}"
        )
        for quoi, user in (
            ("xlsx", instructeur),
            ("csv-dossiers", instructeur),
            ("csv-depenses", instructeur),
        ):
            sortie = subprocess.run(  # noqa: S603 (this script, on its own test database)
                [sys.executable, __file__, "--enfant", str(user.pk), quoi],
                env=environnement,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            m = json.loads(sortie.strip().splitlines()[-1])
            marque = "  ok" if m["pic_mo"] < OBJECTIF_MO else f"  > objectif {OBJECTIF_MO} Mo"
            print(
                f"{quoi:<30} {m['django_mo']:>9.0f} Mo {m['pic_mo']:>5.0f} Mo {m['secondes']:>6.1f} s "
                f"{m['taille_mo']:>5.1f} Mo{marque}"
            )


def _url_de_test(settings) -> str:
    base = settings.DATABASES["default"]
    if base["ENGINE"].endswith("postgresql"):
        return f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}"
    return f"sqlite:///{base['NAME']}"


if __name__ == "__main__":
    main()
