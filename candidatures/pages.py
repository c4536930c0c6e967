"""What every page of a dossier needs, for the candidatures and pieces views: the dossier the user may
see (or edit), and the context of the dossier's layout (side menu, checklist, budget totals)."""

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


def contexte_dossier(request, dossier, section=None, **extra) -> dict:
    etat = bilan(dossier)
    contexte = {
        "dossier": dossier,
        "section_courante": section,
        "sections": etat.sections,
        "incompletes": etat.incompletes,
        "recevabilite": etat.recevabilite,
        "donnees": etat.donnees,
        "totaux": totaux(etat.donnees.budget),
        "version_section": dossier.version(section) if section else 0,
        # The section's fields are editable: a draft, or a section reopened for compléments.
        "section_ouverte": dossier.section_modifiable(section) if section else dossier.modifiable,
        "titre_axe": L.AXES.get(int(section[-1]), "") if section in AXES else "",
        "question_indicateurs": L.QUESTIONS["indicateurs"],
        "consigne_axe_4": L.AXE_4_CONSIGNE,
        "oob": False,
        "regles_budget": ("R11", "R12", "R13", "R14", "R15"),
        "conflit": None,
        "erreurs": [],
        "enregistre": False,
        "ajout": False,
        "champs_erreurs": [],
        "montants_calcules": [],
    }
    contexte.update(complements_contexte(dossier))
    contexte.update(extra)
    contexte["empreintes"] = affiche.empreintes(contexte)
    contexte.update(
        affiche=affiche.encoder(contexte["empreintes"]), rafraichir=affiche.TOUT, regle_hors_bande=False
    )
    return contexte


def complements_contexte(dossier) -> dict:
    """The demande de compléments as the porteur's pages show it (``partials/complements.html``)."""
    if dossier.etat != Etat.COMPLEMENTS or not dossier.complements:
        return {"sections_complements": [], "date_complements": None, "sections_complements_ouvertes": False}
    noms = dict(Section.choices)
    return {
        "sections_complements": [(s, noms.get(s, s)) for s in dossier.complements.get("sections", [])],
        "date_complements": dossier.date_complements,
        "sections_complements_ouvertes": bool(dossier.sections_ouvertes()),
    }
