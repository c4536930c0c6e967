"""The ranking of the recevable dossiers by weighted score, with the avis beside each, and the
selection's total subvention against the envelope (« 35 territoires lauréats », at most 500 000 € each:
``Appel.nombre_laureats`` × ``Appel.subvention_etat_max``, both configurable)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from candidatures import cycle
from candidatures.models import Dossier, Etat, Transition
from instruction.models import Avis, Evaluation, SensAvis

ETATS_CLASSES = (Etat.RECEVABLE, Etat.PROPOSE, Etat.LAUREAT, Etat.NON_RETENU)


@dataclass
class Rang:
    dossier: Dossier
    rang: int
    proposition: str  # laureat / non_retenu / ""
    retenu: bool  # lauréat, or proposed lauréat
    cumul: Decimal  # subvention of the retained dossiers up to this one


def _compte_avis(sens: str):
    return Coalesce(
        Subquery(
            Avis.objects.filter(dossier=OuterRef("pk"), sens=sens)
            .values("dossier")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def classement(user, appel):
    """(rangs, total retenu, nombre retenu, enveloppe) — a fixed number of queries."""
    moyenne = (
        Evaluation.objects.filter(dossier=OuterRef("pk"))
        .values("dossier")
        .annotate(m=Avg("note_sur_20"))
        .values("m")
    )
    dossiers = list(
        Dossier.objects.for_user(user)
        .filter(appel=appel, etat__in=ETATS_CLASSES)
        .select_related("organisation")
        .annotate(
            moyenne=Subquery(moyenne),
            avis_favorables=_compte_avis(SensAvis.FAVORABLE),
            avis_reserves=_compte_avis(SensAvis.RESERVES),
            avis_defavorables=_compte_avis(SensAvis.DEFAVORABLE),
        )
        .order_by("-moyenne", "depose_le")
    )
    propositions = {}
    for transition in Transition.objects.filter(
        dossier__in=[d.pk for d in dossiers], action=cycle.Action.PROPOSER
    ).order_by("le", "id"):
        propositions[transition.dossier_id] = transition.donnees.get("proposition", "")
    # Dossiers without a score come last (PostgreSQL sorts NULL first in a descending order).
    dossiers.sort(key=lambda d: d.moyenne is None)
    rangs, cumul, nombre = [], Decimal("0"), 0
    for n, dossier in enumerate(dossiers, start=1):
        proposition = propositions.get(dossier.pk, "") if dossier.etat == Etat.PROPOSE else ""
        retenu = dossier.etat == Etat.LAUREAT or proposition == "laureat"
        if retenu:
            cumul += dossier.subvention_demandee or 0
            nombre += 1
        rangs.append(Rang(dossier, n, proposition, retenu, cumul))
    return rangs, cumul, nombre, appel.enveloppe
