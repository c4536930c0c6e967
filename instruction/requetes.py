"""The instruction's figures of the dossiers, as methods of their queryset: the average score a user
may see (blind scoring) and the avis of the services déconcentrés — one implementation each, for the
queue, the Classement and the exports.

They read the instruction's models (``Evaluation``, ``Avis``, ``DemandeAvis``) and its blind-scoring
rule (``instruction.visibilite_notes``), which ``candidatures`` (below ``instruction``) may not
import: so they live here, on ``DossiersInstruits``, a subclass of the dossier's own queryset
(``candidatures.requetes.DossierQuerySet``: ``for_user``, ``with_budget``, ``derniere_decision``).
Start from ``dossiers()`` where ``Dossier.objects`` would be::

    dossiers().for_user(user).with_note_moyenne(user).with_avis()
"""

from django.db import models
from django.db.models import OuterRef, Value

from candidatures.models import Dossier
from candidatures.politique import politique
from candidatures.requetes import DossierQuerySet, compte
from instruction import visibilite_notes
from instruction.models import Avis, DemandeAvis, SensAvis


def avis_recus(**filtres):
    """How many avis the row's dossier received (of ``filtres``: a ``sens``…), 0 when none."""
    return compte(Avis.objects.filter(dossier=OuterRef("pk"), **filtres))


def avis_demandes(**filtres):
    """How many avis were requested for the row's dossier (``avis__isnull=True``: still awaited)."""
    return compte(DemandeAvis.objects.filter(dossier=OuterRef("pk"), **filtres))


# The counts by sens of the Classement's « Avis » column.
PAR_SENS = {
    "avis_favorables": SensAvis.FAVORABLE,
    "avis_reserves": SensAvis.RESERVES,
    "avis_defavorables": SensAvis.DEFAVORABLE,
}


class DossiersInstruits(DossierQuerySet):
    def with_note_moyenne(self, user):
        """``moyenne``: the average weighted score on 20 where ``user`` may see it, NULL elsewhere and
        where nobody scored (blind scoring: ``visibilite_notes.note_moyenne``); ``nb_evaluations``: how
        many instructeurs scored it — NULL both for a user who never sees scores (an agent: no
        subquery). ``visibilite_notes.texte_masque(moyenne, nb_evaluations)`` tells a hidden average
        from a missing one."""
        if not politique(user).voit_notes_nationales:
            return self.annotate(
                moyenne=Value(None, output_field=visibilite_notes.NOTE),
                nb_evaluations=Value(None, output_field=models.IntegerField()),
            )
        return self.annotate(
            moyenne=visibilite_notes.note_moyenne(user), nb_evaluations=visibilite_notes.nombre_evaluations()
        )

    def with_avis(self, par_sens: bool = False):
        """``avis_recus``, ``avis_demandes`` and ``avis_attendus`` (requested, not given yet); with
        ``par_sens``, the received ones by sens too (``PAR_SENS``). Correlated counts: no GROUP BY."""
        comptes = {
            "avis_recus": avis_recus(),
            "avis_demandes": avis_demandes(),
            "avis_attendus": avis_demandes(avis__isnull=True),
        }
        if par_sens:
            comptes.update({nom: avis_recus(sens=sens) for nom, sens in PAR_SENS.items()})
        return self.annotate(**comptes)


def dossiers() -> DossiersInstruits:
    """Every dossier, as ``Dossier.objects.all()``, with the instruction's figures at hand."""
    return DossiersInstruits(model=Dossier)
