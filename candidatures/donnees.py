"""What the recevabilité rules read: one snapshot of a dossier, loaded with a fixed number of queries.

Rules are pure functions of this snapshot (``DonneesDossier``): no query, no clock of their own.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from budget.chiffres import Budget
from comptes.models import TypeOrganisation


@dataclass(frozen=True)
class DonneesDossier:
    dossier: object  # candidatures.models.Dossier, read only
    appel: object  # ami.models.Appel
    maintenant: datetime.datetime
    porteur_type: str = ""
    porteur_siret: str = ""
    porteur_departement: str = ""  # the code of the porteur's département
    departements: tuple[str, ...] = ()
    noms_departements: dict = field(default_factory=dict)  # {code: nom} of ``departements``
    axes: dict = field(default_factory=dict)  # {1: ReponseAxe, 2: …, 3: …}
    indicateurs_par_axe: dict = field(default_factory=dict)  # {1: (Indicateur, …), …}, in order
    membres: tuple = ()
    budget: Budget = field(default_factory=Budget)
    pieces: dict = field(default_factory=dict)  # {Piece.cle: Piece}, the pièces that count
    exclusions: tuple = ()

    @property
    def porteur_est_cd(self) -> bool:
        return self.porteur_type == TypeOrganisation.CONSEIL_DEPARTEMENTAL

    @cached_property
    def cas_exceptionnel_admis(self) -> bool:
        """R02's judgement, the one R01, R05 and R07 read (``candidatures.rules.territoire``)."""
        from candidatures.rules.territoire import cas_exceptionnel

        return cas_exceptionnel(self).admis

    def indicateurs(self, axe: int) -> list:
        """The indicateurs of ``axe`` that have a libellé."""
        return [i for i in self.indicateurs_par_axe.get(axe, ()) if i.libelle.strip()]
