"""What the recevabilité rules read: one snapshot of a dossier, loaded with a fixed number of queries.

Rules are pure functions of this snapshot (``DonneesDossier``): no query, no clock of their own.
"""

import datetime
from dataclasses import dataclass, field

from budget.chiffres import Budget
from comptes.models import TypeOrganisation


@dataclass(frozen=True)
class DonneesDossier:
    dossier: object  # candidatures.models.Dossier, read only
    appel: object  # ami.models.Appel
    maintenant: datetime.datetime
    porteur_type: str = ""
    porteur_siret: str = ""
    departements: tuple[str, ...] = ()
    axes: dict = field(default_factory=dict)  # {1: ReponseAxe, 2: …, 3: …}
    indicateurs_par_axe: dict = field(default_factory=dict)  # {1: (Indicateur, …), …}, in order
    membres: tuple = ()
    budget: Budget = field(default_factory=Budget)
    pieces: dict = field(default_factory=dict)  # {nature: Piece}
    exclusions: tuple = ()

    @property
    def porteur_est_cd(self) -> bool:
        return self.porteur_type == TypeOrganisation.CONSEIL_DEPARTEMENTAL

    def indicateurs(self, axe: int) -> list:
        """The indicateurs of ``axe`` that have a libellé."""
        return [i for i in self.indicateurs_par_axe.get(axe, ()) if i.libelle.strip()]
