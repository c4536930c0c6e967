"""A change of the call's rates or dates re-evaluates the recevabilité of the open dossiers: the drafts,
and the deposited dossiers not yet declared recevable or irrecevable (their automatic check, which the
instruction queue shows, uses the call's current parameters). Its summary is an event of the history,
about the call."""

from ami.models import Appel
from candidatures.bilan import bilan
from candidatures.models import Dossier, Etat
from core.historique import evenement

OUVERTS = [Etat.BROUILLON, Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENTS]
# The parameters that the rules read (rules.md: R10–R14, R17, W01, W02).
PARAMETRES_DES_REGLES = [
    "date_limite_depot",
    "heure_limite_depot",
    "subvention_etat_max",
    "part_etat_max",
    "cofinancement_min",
    "frais_generaux_max",
    "indicateurs_max_par_axe",
    "annexe_pages_max",
]


def reevaluer(appel_pk: int, par=None) -> tuple[int, int]:
    """(open dossiers re-evaluated, dossiers whose number of blocking points changed)."""
    dossiers = Dossier.objects.filter(appel_id=appel_pk, etat__in=OUVERTS).select_related(
        "appel", "organisation"
    )
    total = changes = 0
    for dossier in dossiers.iterator(chunk_size=200):
        avant = dossier.nb_bloquantes
        bilan(dossier, forcer=True)
        total += 1
        changes += dossier.nb_bloquantes != avant
    evenement(
        Appel.objects.get(pk=appel_pk),
        par,
        "Recevabilité des dossiers ouverts",
        f"Réévaluée après le changement des paramètres : {total} dossier{'s' if total > 1 else ''}, "
        f"{changes} dont le nombre de points bloquants a changé",
    )
    return total, changes
