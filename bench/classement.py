"""The Classement over 10 000 deposited dossiers (those of bench/file.py, about half of them in its
états: recevable, proposé, lauréat, non retenu), scored by two instructeurs, next to a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchclassement REDIS_URL= \\
        .venv/bin/python bench/classement.py [--dossiers 10000] [--repetitions 20] [--sql]

Each dossier of the Classement has one or two evaluations (the first instructeur's on two in three,
the second's on the others and on one in five), the proposé ones their proposal. Measured as the first
instructeur (ranked ones, then his « À noter par vous ») and as an administrateur (all ranked): the
first page, a middle one, the last one; median and p90 in ms, the page's size and its SQL queries.
Before issue 13 the Classement was one page of every dossier: 2,4 Mo and 1,5 to 3 s at 10 000 dossiers.
"""

import argparse
import datetime
import random
from decimal import Decimal

from outils import NUE, django_de_banc, get, imprimer, mesurer_les_cas, moteur

OBJECTIF_MS = 300


def noter(instructeur, instructeur2) -> int:
    """Evaluations and proposals for the dossiers of the Classement (bulk inserts)."""
    from candidatures import cycle
    from candidatures.models import Dossier, Etat, Transition
    from instruction.classement import ETATS_CLASSES
    from instruction.models import Evaluation

    hasard = random.Random(13)  # noqa: S311 (test data)
    dossiers = list(Dossier.objects.filter(etat__in=ETATS_CLASSES).values_list("pk", "etat", "depose_le"))
    evaluations, transitions = [], []
    for n, (pk, etat, depose_le) in enumerate(dossiers):
        auteurs = [instructeur if n % 3 else instructeur2] + ([instructeur2] if n % 5 == 0 and n % 3 else [])
        for auteur in auteurs:
            note = Decimal(hasard.randrange(600, 2000)) / 100
            evaluations.append(Evaluation(dossier_id=pk, instructeur=auteur, note_sur_20=note))
        if etat == Etat.PROPOSE:
            transitions.append(
                Transition(
                    dossier_id=pk,
                    action=cycle.Action.PROPOSER,
                    depuis=Etat.RECEVABLE,
                    vers=Etat.PROPOSE,
                    par=instructeur,
                    le=depose_le + datetime.timedelta(days=20),
                    donnees={"proposition": hasard.choice(["laureat", "non_retenu"])},
                )
            )
    Evaluation.objects.bulk_create(evaluations, batch_size=5_000)
    Transition.objects.bulk_create(transitions, batch_size=5_000)
    return len(dossiers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print the SQL queries of each request")
    args = parser.parse_args()

    with django_de_banc() as settings:
        from django.db import connection
        from django.test import Client
        from django.urls import reverse
        from file import peupler

        from ami.models import Appel
        from instruction.classement import PAR_PAGE, synthese
        from tests.factories import UserFactory

        peupler(args.dossiers)
        instructeur, instructeur2 = UserFactory(instructeur=True), UserFactory(instructeur=True)
        classes = noter(instructeur, instructeur2)
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                curseur.execute("VACUUM ANALYZE")
        clients = {}
        for nom, user in (("instructeur", instructeur), ("administrateur", UserFactory(administrateur=True))):
            clients[nom] = Client()
            clients[nom].force_login(user)
        appel = Appel.objects.courant()
        pages = -(-synthese(instructeur, appel).dossiers // PAR_PAGE)
        url = reverse("instruction:classement")
        cas = {"nue": ("vue Django nue", get(clients["instructeur"], NUE))}
        for nom, client in clients.items():
            for numero in (1, pages // 2, pages):
                cas[f"{nom}-{numero}"] = (f"{nom}, page {numero}", get(client, f"{url}?page={numero}"))
        print(
            f"base : {moteur(settings)}, {args.dossiers} dossiers déposés, {classes} au Classement, "
            f"{pages} pages de {PAR_PAGE}, {args.repetitions} requêtes par cas"
        )
        resultats, derniers = mesurer_les_cas(
            cas, args.repetitions, echauffement=3, sql=args.sql, longueur_sql=600
        )
        tailles = {cle: len(retour[1].content) for cle, (retour, _) in derniers.items()}
        imprimer(resultats, "nue", OBJECTIF_MS, [cle for cle in resultats if cle != "nue"], largeur=28)
        print(
            "\ntaille des pages : "
            + ", ".join(f"{resultats[c][0]} {t / 1024:.0f} Ko" for c, t in tailles.items())
        )


if __name__ == "__main__":
    main()
