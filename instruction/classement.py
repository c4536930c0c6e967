"""The ranking of the recevable dossiers by weighted score, with the avis beside each, and the
selection's total subvention against the envelope (« 35 territoires lauréats », at most 500 000 € each:
``Appel.nombre_laureats`` × ``Appel.subvention_etat_max``, both configurable).

Blind scoring (``instruction.visibilite_notes``): a position in a ranking by average says something of
that average (« between 14,20 and 12,75 »). So an instructeur's ranking holds only the dossiers whose
scores he may see, those he scored himself; the others come after it, unranked, in a group « À noter
par vous » in the order of their dépôt, their average shown as masked. An administrateur ranks them
all (the dossiers nobody scored last, « non noté »)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from candidatures import cycle
from candidatures.models import Dossier, Etat, Transition
from instruction import visibilite_notes
from instruction.models import Avis, SensAvis

ETATS_CLASSES = (Etat.RECEVABLE, Etat.PROPOSE, Etat.LAUREAT, Etat.NON_RETENU)


@dataclass
class Rang:
    dossier: Dossier
    rang: int | None  # None: not ranked for this user (his scores not given yet: « À noter par vous »)
    proposition: str  # laureat / non_retenu / ""
    retenu: bool  # lauréat, or proposed lauréat
    cumul: Decimal  # subvention of the retained dossiers up to this one

    @property
    def masque(self) -> bool:
        return self.rang is None


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
    """(rangs, total retenu, nombre retenu, enveloppe) — a fixed number of queries. The ranked
    dossiers first (``rang`` 1, 2…), then those whose scores ``user`` may not see (``rang`` None)."""
    dossiers = list(
        Dossier.objects.for_user(user)
        .filter(appel=appel, etat__in=ETATS_CLASSES)
        .select_related("organisation")
        .annotate(
            notes_visibles=visibilite_notes.condition(user),
            moyenne=visibilite_notes.note_moyenne(user),
            nb_evaluations=visibilite_notes.nombre_evaluations(),
            avis_favorables=_compte_avis(SensAvis.FAVORABLE),
            avis_reserves=_compte_avis(SensAvis.RESERVES),
            avis_defavorables=_compte_avis(SensAvis.DEFAVORABLE),
        )
        # Dossiers without a score come last (PostgreSQL sorts NULL first in a descending order).
        .order_by(F("moyenne").desc(nulls_last=True), "depose_le", "pk")
    )
    propositions = {}
    for transition in Transition.objects.filter(
        dossier__in=[d.pk for d in dossiers], action=cycle.Action.PROPOSER
    ).order_by("le", "id"):
        propositions[transition.dossier_id] = transition.donnees.get("proposition", "")
    # The ranked ones, then the masked ones in the order of their dépôt (their average is NULL).
    dossiers.sort(key=lambda d: not d.notes_visibles)
    rangs, cumul, nombre, n = [], Decimal("0"), 0, 0
    for dossier in dossiers:
        proposition = propositions.get(dossier.pk, "") if dossier.etat == Etat.PROPOSE else ""
        retenu = dossier.etat == Etat.LAUREAT or proposition == "laureat"
        if retenu:
            cumul += dossier.subvention_demandee or 0
            nombre += 1
        n += dossier.notes_visibles
        rangs.append(Rang(dossier, n if dossier.notes_visibles else None, proposition, retenu, cumul))
    return rangs, cumul, nombre, appel.enveloppe
