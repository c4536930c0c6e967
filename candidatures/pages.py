"""What every page of a dossier needs, for the candidatures and pieces views: the dossier the user may
see (or edit), and the context of the dossier's layout (side menu, checklist, budget totals)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from budget.totaux import totaux
from candidatures import libelles as L
from candidatures.bilan import bilan
from candidatures.models import Dossier, Section

AXES = (Section.AXE_1, Section.AXE_2, Section.AXE_3)


def dossier_pour(request, pk: int, modification: bool = False, verrou: bool = False) -> Dossier:
    """The dossier through ``Dossier.objects.for_user``: another porteur's is a 404, a deposited one
    is read-only (403 on any change). ``verrou``: its row locked until the end of the caller's
    transaction (the same read, not a second one)."""
    dossiers = Dossier.objects.for_user(request.user).select_related("appel", "organisation", "modifie_par")
    if verrou:
        dossiers = dossiers.select_for_update(of=("self",))
    dossier = get_object_or_404(dossiers, pk=pk)
    if modification and not dossier.modifiable:
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
    contexte.update(extra)
    return contexte
