"""The recevabilité decision with the instructeur's findings rule by rule (``ConstatRegle``): recorded
with the transition, read by the dossier's history, the PDF and the dashboard."""

from django.db.models import Prefetch

from candidatures import cycle
from instruction.models import ConstatRegle


def declarer(dossier, action: str, user, motif: str, constats: dict, maintenant=None):
    """Declare ``dossier`` recevable or irrecevable (``action``) with ``constats``
    ({règle: {"automatique", "constat", "motif"}}, ``RecevabiliteForm.constats``); the caller holds the
    dossier's lock (``cycle.effectuer``)."""
    assert action in cycle.RECEVABILITE, action
    transition = cycle.effectuer(dossier, action, user, motif, maintenant=maintenant)
    ConstatRegle.objects.bulk_create(
        ConstatRegle(transition=transition, regle=regle, **constat) for regle, constat in constats.items()
    )
    return transition


def avec_constats_motives(transitions):
    """``transitions`` with ``constats_motives``: the rules an instructeur judged apart from the automated
    check, with the motivation (one query for the whole history)."""
    return transitions.prefetch_related(
        Prefetch("constats", queryset=ConstatRegle.objects.exclude(motif=""), to_attr="constats_motives")
    )


def constats_par_dossier(dossiers) -> dict[int, dict[str, str]]:
    """{dossier: {règle: constat}} of the recevabilité decisions of ``dossiers``, the last decision's
    constat winning (one query)."""
    constats = ConstatRegle.objects.filter(
        transition__dossier__in=dossiers.order_by().values("pk"), transition__action__in=cycle.RECEVABILITE
    ).order_by("transition__le", "transition_id", "id")
    resultat = {}
    for dossier_id, regle, constat in constats.values_list("transition__dossier_id", "regle", "constat"):
        resultat.setdefault(dossier_id, {})[regle] = constat
    return resultat
