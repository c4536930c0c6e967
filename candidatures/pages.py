"""What every page of a dossier needs, for the views of the dossier (``views``, ``views_pieces``): the
dossier the user may see (or edit), and the context of the dossier's layout (side menu, checklist, budget
totals)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ami import libelles as L
from budget.totaux import totaux
from candidatures import affiche
from candidatures.bilan import bilan
from candidatures.models import Dossier, Etat, Section

AXES = (Section.AXE_1, Section.AXE_2, Section.AXE_3)


def dossier_pour(
    request, pk: int, modification: bool = False, verrou: bool = False, section: str | None = None
) -> Dossier:
    """The dossier through ``Dossier.objects.for_user``: another porteur's is a 404, a deposited one
    is read-only (403 on any change) but for the sections reopened by a demande de compléments
    (``section``). ``verrou``: its row locked until the end of the caller's transaction (the same read,
    not a second one)."""
    dossiers = Dossier.objects.for_user(request.user).select_related("appel", "organisation", "modifie_par")
    if verrou:
        dossiers = dossiers.select_for_update(of=("self",))
    dossier = get_object_or_404(dossiers, pk=pk)
    ouvert = dossier.modifiable if section is None else dossier.section_modifiable(section)
    if modification and not ouvert:
        raise PermissionDenied("Ce dossier est déposé : il n’est plus modifiable.")
    return dossier


# The rules whose messages the budget's totals repeat (``budget/partials/totaux.html``).
REGLES_BUDGET = ("R11", "R12", "R13", "R14", "R15")
# The pages of the dossier that are not a section's form: the summary, the dépôt.
RECAPITULATIFS = ("apercu", "depot")


def contexte_dossier(request, dossier, section=None, **extra) -> dict:
    """What the page of ``section`` shows, and only that: the dossier's layout on every page (side menu,
    checklist, the demande de compléments), then what each kind of page adds — a section's form (its
    version, whether it is open, the fingerprints of what surrounds it: ``candidatures.affiche``), the
    budget's totals (the budget and the summaries), the axes' wording. ``extra``: the view's own."""
    etat = bilan(dossier)
    contexte = {
        "dossier": dossier,
        "section_courante": section,
        "sections": etat.sections,
        "recevabilite": etat.recevabilite,
    }
    if dossier.etat == Etat.COMPLEMENTS:  # partials/complements.html
        contexte.update(complements_contexte(dossier))
    if section == "depot":
        contexte["incompletes"] = etat.incompletes
    if section in RECAPITULATIFS or section == Section.BUDGET:  # partials/resume.html, the totals
        totaux_budget = totaux(etat.donnees.budget, etat.donnees.appel)
        contexte.update(donnees=etat.donnees, totaux=totaux_budget, regles_budget=REGLES_BUDGET)
    formulaire = section in Section.values and section != Section.PIECES  # candidatures/section_base.html
    if section in Section.values:
        # The section's fields are editable: a draft, or a section reopened for compléments.
        contexte["section_ouverte"] = dossier.section_modifiable(section)
    if formulaire:
        contexte["version_section"] = dossier.version(section)
    if section in AXES:
        contexte.update(
            titre_axe=L.AXES.get(int(section[-1]), ""), question_indicateurs=L.QUESTIONS["indicateurs"]
        )
    if section == Section.AXE_4:
        contexte["consigne_axe_4"] = L.AXE_4_CONSIGNE
    contexte.update(extra)
    if formulaire:
        contexte["empreintes"] = affiche.empreintes(contexte)
        contexte.update(affiche=affiche.encoder(contexte["empreintes"]), rafraichir=affiche.TOUT)
    return contexte


def complements_contexte(dossier) -> dict:
    """The demande de compléments as the porteur's pages show it (``partials/complements.html``)."""
    demande = dossier.demande_complements
    if demande is None:
        return {"sections_complements": [], "date_complements": None, "sections_complements_ouvertes": False}
    noms = dict(Section.choices)
    return {
        "sections_complements": [(s, noms.get(s, s)) for s in demande.sections],
        "date_complements": dossier.date_complements,
        "sections_complements_ouvertes": bool(dossier.sections_ouvertes()),
    }
