"""Median server time of a section save (draft save + every recevabilité rule), next to a bare
Django view, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ami_bench REDIS_URL= \\
        .venv/bin/python bench/dossier.py [--repetitions 100] [--profil budget]

Like bench/pages.py: uses DATABASE_URL like the portal (PostgreSQL recommended), builds a
throwaway test database (``test_<name>``, dropped at the end), and runs every request through
Django's test client in this process (no network); the setup is shared in ``bench/outils.py``.
The dossier is ``dossier_complet(d, membres=30, lignes=80)``; its pièces go to a temporary
PRIVATE_MEDIA_ROOT, removed at the end.

Measured, each as the page sends it (the fields with the prefixes of ``candidatures.sections.saisie``,
one value changed per request, the section's current version):

- autosave of the budget section (80 expense lines + 2 financing lines), one coût unitaire changed:
  as portail.js posts it, the row typed in only, named in ``_lignes``;
- the same change saved by the « Enregistrer » button: the row typed in only, as portail.js posts it
  (``data-lignes-saisies``), answered as an autosave;
- the same change with every row posted (what a browser without JavaScript sends; with htmx here);
- autosave of the consortium section (30 members), one interlocuteur changed (its row only);
- autosave of the chef de file section, one fonction changed;
- GET of the budget section page;
- the bare view (``NUE``) and the logged-in bare page of ``base.html`` (``PAGE_NUE``, bench/outils.py):
  the ratios are to the bare page, what every page of the portal costs before its own content.

Each save posts back the fingerprints of what the page shows around the form (``_affiche``,
candidatures.affiche) and takes the new ones from the answer, as the page does.

Requests are urlencoded, as htmx posts them, with ``HX-Request: true``; every request, the bare view
included, is made by the same logged-in candidat. Templates are not instrumented (see
bench/outils.py), so times are those of the server.

Prints median and p90 in milliseconds, the ratio to the bare page, and the number of SQL queries of
each request; then the median CPU time of the process (``time.process_time``: the server's own work,
without the database's) and the size of each answer. Goals (issue 18): a save ≤ 12 ms of CPU, the
budget page ≤ 2× the bare page. ``--lignes 300``: a budget of 300 lines (80 by default).
``--profil <cas>`` then runs that request under cProfile and prints the top functions; ``--sql``
prints the queries of each request.
"""

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from urllib.parse import urlencode

from outils import NUE, PAGE_NUE, django_de_banc, get, imprimer, mesurer_les_cas, moteur, profiler

OBJECTIF_MS = 30
OBJECTIF_CPU_MS = 12
AFFICHE = re.compile(r'id="affiche-section" value="([^"]*)"')
FORMULAIRE = "application/x-www-form-urlencoded"  # what htmx posts (no hx-encoding on the form)
MEMBRES, LIGNES = 30, 80


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=100)
    parser.add_argument(
        "--profil",
        choices=["budget", "budget_bouton", "budget_complet", "consortium", "chef_de_file", "page"],
        action="append",
        default=[],
        help="profile this request with cProfile (repeatable)",
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL queries of each request")
    parser.add_argument("--top", type=int, default=30, help="lines of the profile to print")
    parser.add_argument("--lignes", type=int, default=LIGNES, help="expense lines of the budget")
    args = parser.parse_args()
    lignes = args.lignes

    fichiers = tempfile.mkdtemp(prefix="ami-bench-")
    os.environ["PRIVATE_MEDIA_ROOT"] = fichiers  # read by the settings, in django_de_banc()

    try:
        with django_de_banc() as settings:
            import datetime

            from django.test import Client
            from django.urls import reverse
            from django.utils import timezone

            from ami.models import Appel
            from candidatures.models import Dossier, Section
            from candidatures.recevabilite import evaluer
            from candidatures.sections import DEFINITIONS, saisie
            from demo.exemples import dossier_complet
            from tests.dossier.outils import donnees_postees
            from tests.factories import UserFactory

            appel = Appel.objects.courant()
            appel.date_limite_depot = timezone.localdate() + datetime.timedelta(days=60)
            appel.save()
            user = UserFactory()
            dossier = Dossier.objects.create(
                appel=appel,
                organisation=user.organisation,
                intitule="Banc d’essai",
                cree_par=user,
                modifie_par=user,
            )
            dossier_complet(dossier, membres=MEMBRES, lignes=lignes, user=user)
            dossier = Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk)
            bloquantes = [ligne.regle for ligne in evaluer(dossier).bloquantes]
            assert not bloquantes, bloquantes

            client = Client()
            client.force_login(user)

            def sauvegarde(section, champ, valeurs, toutes_les_lignes=False, bouton=False):
                """A request function: save of ``section``, ``champ`` alternating between ``valeurs``.
                As portail.js posts an autosave: the main form and the row typed in (« _lignes »);
                ``bouton``: the same rows, as the « Enregistrer » button posts them (no « _autosave »);
                ``toutes_les_lignes``: every row, as a page without JavaScript posts it (with htmx
                here, to measure the same answer)."""
                url = reverse("candidatures:section", args=[dossier.pk, section])
                data = donnees_postees(DEFINITIONS[section], dossier)  # tests/dossier/outils.py
                assert champ in data, (champ, sorted(data)[:10])
                postee = saisie(DEFINITIONS[section], dossier, data)
                assert postee.valide(), postee.erreurs()  # what the page posts is valid as is
                assert not any(form.has_changed() for form in postee.formulaires()), section
                prefixe = "-".join(champ.split("-")[:2]) if champ.count("-") >= 2 else ""
                if not toutes_les_lignes:
                    cles = {groupe.cle for groupe in DEFINITIONS[section].groupes}
                    data = {
                        nom: valeur
                        for nom, valeur in data.items()
                        if nom.split("-")[0] not in cles or nom.startswith(prefixe + "-")
                    }
                    data["_lignes"] = prefixe
                compteur = iter(range(10**9))
                # What the page shows around the form, fingerprinted (candidatures.affiche): posted
                # back with each save, refreshed by each answer, as the page does.
                affiche = {"valeur": AFFICHE.search(client.get(url).content.decode()).group(1)}

                def requete():
                    n = next(compteur)
                    data.update(
                        {
                            champ: valeurs[n % len(valeurs)],
                            "version": str(Dossier.objects.get(pk=dossier.pk).version(section)),
                            "_champ": champ,
                            "_affiche": affiche["valeur"],
                        }
                    )
                    if not toutes_les_lignes and not bouton:
                        data["_autosave"] = "1"
                    debut = time.perf_counter()
                    reponse = client.post(
                        url,
                        urlencode(data, doseq=True),
                        content_type=FORMULAIRE,
                        headers={"HX-Request": "true"},
                    )
                    duree = (time.perf_counter() - debut) * 1000
                    assert reponse.status_code == 200, (section, reponse.status_code)
                    affiche["valeur"] = AFFICHE.search(reponse.content.decode()).group(1)
                    return duree, reponse

                return requete

            premiere_depense = dossier.depenses.order_by("id").first().pk
            premier_membre = dossier.membres.order_by("id").first().pk
            cas = {
                "page": ("vue Django nue", get(client, NUE)),
                "page_nue": ("page nue connectée (base.html)", get(client, PAGE_NUE)),
                "budget": (
                    f"autosave budget ({lignes} lignes)",
                    sauvegarde(
                        Section.BUDGET, f"depense-{premiere_depense}-cout_unitaire", ["5 000,00", "5 001,00"]
                    ),
                ),
                "budget_bouton": (
                    f"« Enregistrer » budget ({lignes} l.)",
                    sauvegarde(
                        Section.BUDGET,
                        f"depense-{premiere_depense}-cout_unitaire",
                        ["5 000,00", "5 001,00"],
                        bouton=True,
                    ),
                ),
                "budget_complet": (
                    f"toutes les lignes postées ({lignes})",
                    sauvegarde(
                        Section.BUDGET,
                        f"depense-{premiere_depense}-cout_unitaire",
                        ["5 000,00", "5 001,00"],
                        toutes_les_lignes=True,
                    ),
                ),
                "consortium": (
                    f"autosave consortium ({MEMBRES} membres)",
                    sauvegarde(
                        Section.CONSORTIUM,
                        f"membre-{premier_membre}-interlocuteur",
                        ["Référente 1", "Référent 1"],
                    ),
                ),
                "chef_de_file": (
                    "autosave chef de file",
                    sauvegarde(
                        Section.CHEF_DE_FILE,
                        "interlocuteur1_fonction",
                        ["Directrice de l’insertion", "Directrice adjointe de l’insertion"],
                    ),
                ),
                "budget_page": (
                    f"GET page budget ({lignes} lignes)",
                    get(client, reverse("candidatures:section", args=[dossier.pk, Section.BUDGET])),
                ),
            }

            # Each save is really saved: the version goes up by one per request, no conflict.
            for section, cle in ((Section.BUDGET, "budget"), (Section.CONSORTIUM, "consortium")):
                avant = Dossier.objects.get(pk=dossier.pk).version(section)
                cas[cle][1]()
                assert Dossier.objects.get(pk=dossier.pk).version(section) == avant + 1, section

            print(
                f"base : {moteur(settings)}, "
                f"dossier de {MEMBRES} membres et {lignes} lignes de dépenses, "
                f"{args.repetitions} requêtes par cas"
            )
            cpu = {cle: [] for cle in cas}
            cas = {cle: (libelle, avec_cpu(requete, cpu[cle])) for cle, (libelle, requete) in cas.items()}
            resultats, derniers = mesurer_les_cas(cas, args.repetitions, sql=args.sql)
            for cle, (libelle, mediane, p90, nombre) in resultats.items():
                if cle not in ("page", "page_nue", "budget_page"):  # the version read of ``sauvegarde``
                    resultats[cle] = (libelle, mediane, p90, nombre - 1)
            imprimer(
                resultats,
                "page_nue",
                OBJECTIF_MS,
                ("budget", "budget_bouton", "budget_complet", "consortium", "chef_de_file"),
            )
            print(f"\n{'requête':<34} {'CPU ms':>8} {'ratio CPU':>10} {'Ko répondus':>12}")
            reference = statistics.median(cpu["page_nue"][-args.repetitions :])
            for cle, (libelle, *_) in resultats.items():
                mediane_cpu = statistics.median(cpu[cle][-args.repetitions :])
                taille = len(derniers[cle][0][1].content) / 1000
                marque = ""
                if cle in ("budget", "budget_bouton", "consortium", "chef_de_file"):
                    marque = (
                        "  ok" if mediane_cpu <= OBJECTIF_CPU_MS else f"  > objectif {OBJECTIF_CPU_MS} ms"
                    )
                ratio = mediane_cpu / reference
                print(f"{libelle:<34} {mediane_cpu:>8.2f} {ratio:>10.1f} {taille:>12.1f}{marque}")
            for cle in args.profil:
                cle = "budget_page" if cle == "page" else cle
                profiler(*cas[cle], args.top)
    finally:
        shutil.rmtree(fichiers, ignore_errors=True)


def avec_cpu(requete, durees: list):
    """``requete``, its CPU time (``time.process_time``, ms) appended to ``durees`` at each call."""

    def mesuree():
        debut = time.process_time()
        retour = requete()
        durees.append((time.process_time() - debut) * 1000)
        return retour

    return mesuree


if __name__ == "__main__":
    main()
