"""Median server time of the portal's pages, each next to the logged-in bare page of the same role
(``PAGE_NUE``: ``base.html`` with an empty content), in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_bench REDIS_URL= \\
        .venv/bin/python bench/pages.py [--repetitions 100] [--sql] [--profil fiche] [--top 30]

Like bench/dossier.py: uses DATABASE_URL like the portal (PostgreSQL recommended), builds a throwaway
test database (``test_<name>``, dropped at the end), runs every request through Django's test client in
this process (no network); the setup is shared in ``bench/outils.py``. Each role is logged in (a
candidat, an instructeur national, an agent of the DDETS du Nord, an administrateur) and its own bare
page measured: the ratio of a page is to the bare page of the same user (menu, bell, context
processors, session), never to the anonymous bare view (printed for reference).

Two heavy dossiers of the candidat's porteur, as bench/pdf.py builds them (``dossier_complet(d,
membres=30, lignes=80)``, about 1 500 characters to each question, a very long structure name): a
draft, and one deposited then instructed (``tests.depots.instruire``: two evaluations, an avis asked
and given, declared recevable). Measured, besides the lists (« Mes dossiers », « Dossiers à
instruire », the territory's, the administration):

- « apercu »: the candidat's overview (``candidatures:apercu``) of the heavy draft — goal ≤ 2× its
  bare page; « apercu_depose »: the same page of the instructed dossier;
- « fiche »: the instruction dossier page (``instruction:dossier``) of the instructed dossier for the
  instructeur, as a browser that runs its scripts gets it (the cookie ``instruction.pages
  .COOKIE_ONGLETS``: the open tab only, the others loaded when opened) — goal ≤ 2× his bare page;
  « fiche_complete »: every tab in the page (no JavaScript, or a browser's first dossier page);
  « fiche_agent »: the agent's; « onglet_recevabilite », « onglet_historique »: one tab's content as
  htmx asks for it on the tab's first opening.

Prints median and p90 in milliseconds, the ratio to the role's bare page, the number of SQL queries,
the size of the HTML. ``--profil <cas>`` then runs that request under cProfile (``outils.profiler``);
``--sql`` prints the queries of each request.
"""

import argparse
import os
import shutil
import tempfile

from outils import NUE, PAGE_NUE, django_de_banc, get, mesurer_les_cas, moteur, profiler
from pdf import allonger, instruit

OBJECTIF_RATIO = 2.0
CAS = [
    "apercu",
    "apercu_depose",
    "fiche",
    "fiche_complete",
    "fiche_agent",
    "onglet_recevabilite",
    "onglet_historique",
]
AVEC_OBJECTIF = ("apercu", "fiche")


def brouillon_lourd(candidat):
    """A heavy draft of ``candidat``'s porteur: every section filled, 30 members, 80 lines, long answers."""
    from ami.models import Appel
    from candidatures.models import Dossier
    from demo.exemples import dossier_complet

    intitule = "SPIE du Nord 2022-2024 (brouillon lourd)"
    dossier = Dossier.objects.creer(Appel.objects.courant(), candidat.organisation, intitule, candidat)
    dossier_complet(dossier, membres=30, lignes=80, user=candidat)
    allonger(dossier)
    return dossier


def comptes():
    """The logged-in users of the bench, by role."""
    from tests.factories import DepartementFactory, ServiceTerritorialFactory, UserFactory

    return {
        "candidat": UserFactory(first_name="Camille", last_name="Martin"),
        "instructeur": UserFactory(instructeur=True, first_name="Alex", last_name="Durand"),
        "instructeur2": UserFactory(instructeur=True, first_name="Sacha", last_name="Bernard"),
        "agent": UserFactory(
            agent=True,
            first_name="Morgane",
            last_name="Lefebvre",
            service_territorial=ServiceTerritorialFactory(
                departement=DepartementFactory(), nom="DDETS du Nord"
            ),
        ),
        "administrateur": UserFactory(administrateur=True),
    }


def imprimer_pages(resultats: dict, references: dict, tailles: dict):
    """The table: median, p90, ratio to the bare page of the case's role, SQL queries, HTML size, and
    whether each case of ``AVEC_OBJECTIF`` is within ``OBJECTIF_RATIO``."""
    print(f"{'page':<46} {'médiane ms':>11} {'p90 ms':>8} {'ratio':>7} {'requêtes SQL':>13} {'HTML ko':>8}")
    for cle, (libelle, mediane, p90, nombre) in resultats.items():
        reference = resultats[references[cle]][1]
        ratio = mediane / reference
        marque = ""
        if cle in AVEC_OBJECTIF:
            marque = "  ok" if ratio <= OBJECTIF_RATIO else f"  > objectif {OBJECTIF_RATIO:.0f}×"
        print(
            f"{libelle:<46} {mediane:>11.2f} {p90:>8.2f} {ratio:>7.1f} {nombre:>13} "
            f"{tailles[cle] / 1024:>8.0f}{marque}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument("--profil", choices=CAS, action="append", default=[])
    parser.add_argument("--sql", action="store_true", help="print the SQL queries of each request")
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

            from ami.models import Appel
            from instruction.pages import COOKIE_ONGLETS

            appel = Appel.objects.courant()
            appel.date_limite_depot = timezone.localdate() + datetime.timedelta(days=60)
            appel.save()
            users = comptes()
            brouillon = brouillon_lourd(users["candidat"])
            instruit_ = instruit(
                users["candidat"], [users["instructeur"], users["instructeur2"]], users["agent"], lourd=True
            )
            clients = {None: Client()}
            for role in ("candidat", "instructeur", "agent", "administrateur"):
                clients[role] = Client()
                clients[role].force_login(users[role])
            # A browser that runs the page's scripts: its dossier page holds the open tab only.
            for role in ("instructeur", "agent"):
                clients[f"{role}_js"] = Client()
                clients[f"{role}_js"].force_login(users[role])
                clients[f"{role}_js"].cookies[COOKIE_ONGLETS] = "htmx"

            fiche = reverse("instruction:dossier", args=[instruit_.pk])

            def hx(onglet):
                return {"HX-Request": "true", "HX-Target": f"panneau-{onglet}"}

            # key → (label, role, url, headers)
            pages = {
                "nue": ("vue Django nue (anonyme)", None, NUE, {}),
                **{
                    f"page_nue_{role}": (f"page nue de base.html ({role})", role, PAGE_NUE, {})
                    for role in ("candidat", "instructeur", "agent", "administrateur")
                },
                "accueil": ("accueil (anonyme)", None, "/", {}),
                "faq": ("questions / réponses (anonyme)", None, "/questions-reponses/", {}),
                "mes_dossiers": ("Mes dossiers", "candidat", reverse("candidatures:mes_dossiers"), {}),
                "apercu": (
                    "Vue d’ensemble, brouillon lourd",
                    "candidat",
                    reverse("candidatures:apercu", args=[brouillon.pk]),
                    {},
                ),
                "apercu_depose": (
                    "Vue d’ensemble, dossier lourd instruit",
                    "candidat",
                    reverse("candidatures:apercu", args=[instruit_.pk]),
                    {},
                ),
                "a_instruire": ("Dossiers à instruire", "instructeur", "/instruction/", {}),
                "fiche": ("Fiche d’instruction, dossier lourd", "instructeur_js", fiche, {}),
                "fiche_complete": ("  toute la fiche (sans JavaScript)", "instructeur", fiche, {}),
                "onglet_recevabilite": (
                    "  onglet Recevabilité (htmx)",
                    "instructeur_js",
                    f"{fiche}?onglet=recevabilite",
                    hx("recevabilite"),
                ),
                "onglet_historique": (
                    "  onglet Historique (htmx)",
                    "instructeur_js",
                    f"{fiche}?onglet=historique",
                    hx("historique"),
                ),
                "territoire": ("Dossiers de mon territoire", "agent", "/instruction/territoire/", {}),
                "fiche_agent": ("Fiche d’instruction, dossier lourd (agent)", "agent_js", fiche, {}),
                "administration": ("Administration", "administrateur", "/administration/", {}),
            }
            cas = {
                cle: (libelle, get(clients[role], url, **entetes))
                for cle, (libelle, role, url, entetes) in pages.items()
            }
            references = {
                cle: f"page_nue_{role.removesuffix('_js')}" if role else "nue"
                for cle, (_, role, _, _) in pages.items()
            }
            print(
                f"base : {moteur(settings)} ; dossiers lourds : 30 membres, 80 lignes de dépenses, "
                "réponses de 1 500 caractères (un brouillon, un dossier instruit) ; "
                f"{args.repetitions} requêtes par page ; ratio : à la page nue du même rôle"
            )
            resultats, derniers = mesurer_les_cas(cas, args.repetitions, sql=args.sql)
            tailles = {cle: len(retour[1].content) for cle, (retour, _) in derniers.items()}
            imprimer_pages(resultats, references, tailles)
            for cle in args.profil:
                profiler(*cas[cle], args.top)
    finally:
        shutil.rmtree(fichiers, ignore_errors=True)


if __name__ == "__main__":
    main()
