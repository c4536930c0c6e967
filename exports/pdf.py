"""The dossier as a PDF (WeasyPrint): every section of annexe 7 with its labels, the consortium, the
budget with its totals and rates, the pièces, the recevabilité checklist; the State's versions add the
instruction (état, scores, avis, decisions, history) as the dossier page shows it to the same user.

``pdf_dossier(dossier, user)`` needs no request (the ZIP export calls it for many dossiers) and reads
the dossier with a fixed number of queries, whatever its numbers of members and budget lines. It does
not check the user's right to the dossier: the caller got ``dossier`` through
``Dossier.objects.for_user(user)`` (``exports.views.pdf.dossier_pdf``).

Nothing is fetched over the network: the only resources are the DSFR's Marianne fonts and the print
stylesheet, named ``static:<path>`` and read from the static files on disk (``_fetcher``).
"""

import atexit
import gc
import posixpath
import threading

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from budget.chiffres import part
from budget.totaux import etat_des_depenses, totaux
from candidatures import cycle
from candidatures.models import Etat
from candidatures.politique import PDF_CANDIDAT, PDF_INSTRUCTION, PDF_TERRITOIRE, politique
from candidatures.recevabilite import charger, evaluer
from candidatures.resume import resume
from consortium.models import TypeMembre
from instruction import notation
from instruction.constats import avec_constats_motives
from pieces.models import NaturePiece

# The versions (``politique(user).version_pdf``).
CANDIDAT, INSTRUCTION, TERRITOIRE = PDF_CANDIDAT, PDF_INSTRUCTION, PDF_TERRITOIRE
FEUILLE = "exports/pdf.css"  # static file: A4 pages, header and footer in the margins, Marianne, tables
GABARIT = "exports/pdf/dossier.html"
REGLES_BUDGET = ("R11", "R12", "R13", "R14", "R15")
# The instruction's version shows the proposal to the committee among the decisions.
DECISIONS = cycle.DECISIONS | {cycle.Action.PROPOSER}
TITRES_VERSION = {
    CANDIDAT: "Version du porteur",
    INSTRUCTION: "Version d’instruction — document interne",
    TERRITOIRE: "Version des services déconcentrés — document interne",
}


def nom_fichier(dossier) -> str:
    return f"{dossier.numero or f'dossier-{dossier.pk}'}.pdf"


def pied_de_page(dossier, aujourd_hui=None) -> str:
    """« AMI2-SPIE-2021-0001 — déposé le 04/10/2021 », or « Brouillon du 04/10/2021 »."""
    if dossier.etat == Etat.BROUILLON or not dossier.depose_le:
        return f"Brouillon du {(aujourd_hui or timezone.localdate()):%d/%m/%Y}"
    return f"{dossier.numero} — déposé le {timezone.localtime(dossier.depose_le):%d/%m/%Y}"


def _groupes_depenses(depenses, totaux_budget: dict) -> list:
    """The FAQ's état des dépenses: every group, its « Action n° » sub-groups and its figures
    (``budget.totaux.etat_des_depenses``, the budget page's and the exports' too)."""
    return etat_des_depenses(depenses, totaux_budget)


def _types_membres(membres) -> list[tuple[str, list]]:
    """The members by type, in the order of the annexe 7 §2 table (the types that have members)."""
    return [
        (libelle, [m for m in membres if m.type == valeur])
        for valeur, libelle in TypeMembre.choices
        if any(m.type == valeur for m in membres)
    ]


def _financements(lignes, cout_global) -> list[tuple]:
    """(line, its share of the coût global) of the plan de financement."""
    return [
        (ligne, part(ligne.montant, cout_global) if ligne.montant is not None else None) for ligne in lignes
    ]


def _pieces(pieces: dict) -> list:
    ordre = {valeur: n for n, valeur in enumerate(NaturePiece.values)}
    return sorted(pieces.values(), key=lambda piece: ordre.get(piece.nature, 99))


def _notes(dossier, user) -> dict:
    """The evaluations as the dossier page shows them to ``user`` (``instruction.notation.synthese``):
    a table criterion × instructeur, each instructeur's weighted score on 20 and the average."""
    synthese = notation.synthese(dossier, user)
    criteres = list(dossier.appel.criteres.all())
    valeurs = [{note.critere_id: note.valeur for note in e.notes.all()} for e in synthese.evaluations]
    lignes = [(critere, [v.get(critere.pk) for v in valeurs]) for critere in criteres]
    return {"synthese": synthese, "lignes_notes": lignes}


def _instruction(dossier, user, version) -> dict:
    visibles = politique(user).evenements_visibles
    transitions = list(
        avec_constats_motives(dossier.transitions.filter(action__in=visibles)).select_related("par")
    )
    demandes = list(dossier.demandes_avis.select_related("service", "demandee_par"))
    contexte = {
        "transitions": transitions,
        "decisions": [t for t in transitions if t.action in DECISIONS],
        "demandes_avis": demandes,
        "avis_demandes": {d.avis_id for d in demandes if d.avis_id},
        "avis_donnes": list(dossier.avis.select_related("service", "auteur")),
        "aujourd_hui": timezone.localdate(),
        "synthese": None,
        "lignes_notes": [],
    }
    if version == INSTRUCTION:
        contexte.update(_notes(dossier, user))
    return contexte


def contexte_pdf(dossier, user) -> dict:
    """What the PDF template needs; ``dossier`` with ``appel`` and ``organisation`` select_related
    (otherwise two more queries)."""
    # « candidat » (the dossier alone), « instruction » (instructeurs, administrateurs: everything the
    # dossier page shows them) or « territoire » (agents: avis, decisions, history, never the scores).
    version = politique(user).version_pdf
    donnees = charger(dossier)
    totaux_budget = totaux(donnees.budget, donnees.appel)
    maintenant = timezone.localtime()
    contexte = {
        "dossier": dossier,
        "appel": dossier.appel,
        "version": version,
        "titre_version": TITRES_VERSION[version],
        "interne": version != CANDIDAT,
        "pied": pied_de_page(dossier, maintenant.date()),
        "edite_le": maintenant,
        "edite_par": user,
        "etat": politique(user).libelle_etat(dossier.etat),
        "donnees": donnees,
        "recevabilite": evaluer(donnees=donnees),
        "totaux": totaux_budget,
        "regles_budget": REGLES_BUDGET,
        "oob": False,
        "resume": resume(donnees),
        "types_membres": _types_membres(donnees.membres),
        "groupes_depenses": _groupes_depenses(dossier.depenses.all(), totaux_budget),
        "lignes_financements": _financements(dossier.financements.all(), donnees.budget.cout_global),
        "pieces": _pieces(donnees.pieces),
        "departements": list(dossier.departements.select_related("region")),
    }
    if version != CANDIDAT:
        contexte.update(_instruction(dossier, user, version))
    return contexte


def html_dossier(dossier, user) -> str:
    return render_to_string(GABARIT, contexte_pdf(dossier, user))


def _fetcher():
    """A WeasyPrint URL fetcher that reads ``static:<path>`` from the static files on disk and refuses
    every other URL: no HTTP, no file outside the static files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FetcherStatique(URLFetcher):
        def fetch(self, url, headers=None):
            nom = posixpath.normpath(url.removeprefix("static:"))
            if not url.startswith("static:") or nom.startswith(("/", "..")):
                raise ValueError(f"Ressource refusée dans le PDF : {url}")
            chemin = finders.find(nom)
            if not chemin:
                raise ValueError(f"Fichier statique introuvable : {url}")
            with open(chemin, "rb") as fichier:
                return URLFetcherResponse(url, fichier.read())

    return FetcherStatique(fail_on_errors=True)


_local = threading.local()
# Dropped before the interpreter's teardown, while WeasyPrint can still remove its font folder.
atexit.register(vars(_local).clear)


def _outils():
    """The font configuration (Marianne decoded once) and the parsed stylesheet, kept per thread:
    WeasyPrint's objects are not shared between threads."""
    if getattr(_local, "outils", None) is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fetcher = _fetcher()
        polices = FontConfiguration()
        feuille = CSS(url=f"static:{FEUILLE}", url_fetcher=fetcher, font_config=polices)
        _local.outils = (fetcher, polices, feuille)
    return _local.outils


def pdf_depuis_html(html: str) -> bytes:
    from weasyprint import HTML

    fetcher, polices, feuille = _outils()
    document = HTML(string=html, url_fetcher=fetcher)
    # The layout builds hundreds of thousands of boxes that the cyclic garbage collector would scan
    # again and again while they are all alive: without it, a dossier of 8 pages takes 0.69 s instead
    # of 0.90 s (bench/pdf.py). Collection resumes right after, whatever happens.
    collecte = gc.isenabled()
    gc.disable()
    try:
        # Tagged PDF (headings, tables, reading order): what a screen reader needs of a public document.
        return document.write_pdf(stylesheets=[feuille], font_config=polices, pdf_tags=True)
    finally:
        if collecte:
            gc.enable()


def pdf_dossier(dossier, user) -> bytes:
    """The dossier as ``user`` may read it, as PDF bytes (see the module's docstring)."""
    return pdf_depuis_html(html_dossier(dossier, user))
