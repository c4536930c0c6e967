"""Server time of « Télécharger le dossier (PDF) » on complete dossiers, next to a logged-in bare page
(``outils.PAGE_NUE``: the ratio's reference) and a bare Django view, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_benchpdf REDIS_URL= \\
        .venv/bin/python bench/pdf.py [--repetitions 10] [--sortie /tmp/pdf] [--profil lourd_instruction]

Like bench/dossier.py: uses DATABASE_URL like the portal (PostgreSQL recommended), builds a throwaway
test database (``test_<name>``, dropped at the end), runs every request through Django's test client in
this process (no network); the setup is shared in ``bench/outils.py``. Two dossiers, both deposited then
instructed (``tests.depots.instruire``: two evaluations on the 9 criteria, an avis requested
and given, declared recevable); their pièces go to a temporary PRIVATE_MEDIA_ROOT, removed at the end:

- « ordinaire »: ``dossier_complet(d)`` as the demo and the tests fill it (4 members, 8 expense lines,
  a few sentences to each question);
- « lourd »: ``dossier_complet(d, membres=30, lignes=80)`` with long answers (about 1 500 characters to
  each question of the four axes) and a very long structure name.

Measured, each a GET of ``exports:dossier_pdf`` (the whole PDF built by WeasyPrint) by the porteur's
candidat (version « candidat »: the dossier, its checklist), an instructeur (« instruction »: plus
scores, avis, decisions, history) and, on the heavy dossier, an agent of the DDETS du Nord
(« territoire »: no score).

The first PDF of a process also decodes the Marianne fonts and parses the stylesheet (kept per thread
afterwards): it is printed apart, then every case is warmed up twice. Prints median and p90 in
milliseconds, the ratio to the logged-in bare page, the number of SQL queries, the pages and size of
each PDF.
Goal (issue): ≤ 1 s for a complete dossier. ``--sortie DIR`` writes the PDFs there; ``--profil <cas>``
runs that request under cProfile.
"""

import argparse
import os
import shutil
import tempfile
import time
from io import BytesIO
from pathlib import Path

from outils import NUE, PAGE_NUE, django_de_banc, get, imprimer, mesurer_les_cas, moteur, profiler

OBJECTIF_MS = 1000
MEMBRES, LIGNES = 30, 80
PARAGRAPHE = (
    "Le consortium s’appuie sur les instances de coordination existantes du département (pacte "
    "territorial d’insertion, comité local pour l’emploi, conférence des financeurs) et associe les "
    "personnes accompagnées à chaque étape : diagnostic partagé, conception des outils, évaluation. "
)
CAS = [
    "ordinaire_candidat",
    "ordinaire_instruction",
    "lourd_candidat",
    "lourd_instruction",
    "lourd_territoire",
]


def allonger(dossier):
    """About 1 500 characters to each question of axes 1 to 4, one very long structure name."""
    from candidatures.models import ReponseAxe

    long = (PARAGRAPHE * 5).strip()
    for reponse in ReponseAxe.objects.filter(dossier=dossier):
        for nom in ("objectifs", "actions", "public", "changements", "methodes", "calendrier"):
            setattr(reponse, nom, f"Axe {reponse.axe}. {long}")
        reponse.save()
    for nom in ("methodologie_equipe", "methodologie_implication", "methodologie_dynamique"):
        setattr(dossier, nom, long)
    dossier.save()
    membre = dossier.membres.order_by("id").first()
    membre.structure = (
        "Association départementale pour l’insertion sociale et professionnelle des personnes éloignées "
        "de l’emploi du versant nord-est de la métropole lilloise"
    )
    membre.save()


def instruit(candidat, instructeurs, agent, lourd: bool):
    """A complete dossier of ``candidat``'s porteur, deposited, then instructed."""
    from ami.models import Appel
    from candidatures.depot import deposer
    from candidatures.models import Dossier
    from demo.exemples import dossier_complet
    from tests.depots import instruire

    intitule = "SPIE du Nord 2022-2024" + (" (dossier lourd)" if lourd else "")
    dossier = Dossier.objects.creer(Appel.objects.courant(), candidat.organisation, intitule, candidat)
    if lourd:
        dossier_complet(dossier, membres=MEMBRES, lignes=LIGNES, user=candidat)
        allonger(dossier)
    else:
        dossier_complet(dossier, user=candidat)
    resultat = deposer(dossier.pk, candidat)
    assert resultat.depose, resultat.motif
    return instruire(resultat.dossier, instructeurs, agent)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--sortie", type=Path, help="write the PDFs in this folder")
    parser.add_argument("--profil", choices=CAS, action="append", default=[])
    parser.add_argument("--top", type=int, default=30, help="lines of the profile to print")
    args = parser.parse_args()

    fichiers = tempfile.mkdtemp(prefix="ami-bench-")
    os.environ["PRIVATE_MEDIA_ROOT"] = fichiers  # read by the settings, in django_de_banc()

    try:
        with django_de_banc() as settings:
            import datetime

            from django.test import Client
            from django.urls import reverse
            from django.utils import timezone
            from pypdf import PdfReader

            from ami.models import Appel
            from tests.factories import DepartementFactory, ServiceTerritorialFactory, UserFactory

            appel = Appel.objects.courant()
            appel.date_limite_depot = timezone.localdate() + datetime.timedelta(days=60)
            appel.save()
            candidat = UserFactory(first_name="Camille", last_name="Martin")
            instructeurs = [
                UserFactory(instructeur=True, first_name="Alex", last_name="Durand"),
                UserFactory(instructeur=True, first_name="Sacha", last_name="Bernard"),
            ]
            agent = UserFactory(
                agent=True,
                first_name="Morgane",
                last_name="Lefebvre",
                service_territorial=ServiceTerritorialFactory(
                    departement=DepartementFactory(), nom="DDETS du Nord"
                ),
            )
            dossiers = {
                taille: instruit(candidat, instructeurs, agent, taille == "lourd")
                for taille in ("ordinaire", "lourd")
            }
            clients = {}
            for version, user in (
                ("candidat", candidat),
                ("instruction", instructeurs[0]),
                ("territoire", agent),
            ):
                clients[version] = Client()
                clients[version].force_login(user)

            def url(taille):
                return reverse("exports:dossier_pdf", args=[dossiers[taille].pk])

            debut = time.perf_counter()
            assert clients["instruction"].get(url("lourd")).status_code == 200
            premier_ms = (time.perf_counter() - debut) * 1000

            # The ratio's reference: a logged-in bare page of base.html (``outils.PAGE_NUE``).
            cas = {
                "page": ("page nue, connecté", get(clients["candidat"], PAGE_NUE)),
                "nue": ("vue Django nue", get(clients["candidat"], NUE)),
            }
            for cle in CAS:
                taille, version = cle.split("_")
                cas[cle] = (f"PDF {taille}, version {version}", get(clients[version], url(taille)))
            print(
                f"base : {moteur(settings)} ; dossier ordinaire : 4 membres, 8 lignes de dépenses ; dossier "
                f"lourd : {MEMBRES} membres, {LIGNES} lignes, réponses de 1 500 caractères ; tous deux "
                f"instruits ; {args.repetitions} requêtes par cas"
            )
            print(
                f"premier PDF du processus (polices Marianne à décoder, dossier lourd) : {premier_ms:.0f} ms"
            )
            resultats, derniers = mesurer_les_cas(cas, args.repetitions, echauffement=2)
            details = []
            for cle, ((_, reponse), _) in derniers.items():
                libelle = resultats[cle][0]
                if cle not in ("page", "nue"):
                    pages = len(PdfReader(BytesIO(reponse.content)).pages)
                    details.append(f"{libelle} : {pages} pages, {len(reponse.content) / 1024:.0f} ko")
                    if args.sortie:
                        args.sortie.mkdir(parents=True, exist_ok=True)
                        (args.sortie / f"{cle}.pdf").write_bytes(reponse.content)
            imprimer(resultats, "page", OBJECTIF_MS, CAS)
            print("\n".join(details))
            for cle in args.profil:
                profiler(*cas[cle], args.top, fois=5)
    finally:
        shutil.rmtree(fichiers, ignore_errors=True)


if __name__ == "__main__":
    main()
