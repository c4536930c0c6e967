"""Where a dossier stands: its recevabilité and the completeness of its sections, from one snapshot.

While the dossier is a draft, the list summary (completude, nb_bloquantes, nb_avertissements) is
refreshed, so that « Mes dossiers » shows it without running the rules for every row.
"""

from dataclasses import dataclass

from candidatures.completude import EtatSection, completude, pourcentage_complet
from candidatures.donnees import DonneesDossier
from candidatures.recevabilite import Recevabilite, charger, evaluer


@dataclass(frozen=True)
class Bilan:
    donnees: DonneesDossier
    recevabilite: Recevabilite
    sections: list[EtatSection]

    @property
    def incompletes(self) -> list[EtatSection]:
        return [etat for etat in self.sections if not etat.complete]


def bilan(dossier, maintenant=None, forcer: bool = False) -> Bilan:
    """``dossier`` with ``appel`` and ``organisation`` select_related; ``forcer``: refresh the summary
    of a deposited dossier too (the call's parameters changed: ``administration.reevaluation``)."""
    donnees = charger(dossier, maintenant)
    resultat = Bilan(donnees, evaluer(donnees=donnees), completude(donnees))
    resume = {
        "completude": pourcentage_complet(resultat.sections),
        "nb_bloquantes": len(resultat.recevabilite.bloquantes),
        "nb_avertissements": len(resultat.recevabilite.avertissements),
        "regles_bloquantes": [ligne.regle for ligne in resultat.recevabilite.bloquantes],
    }
    if (dossier.modifiable or forcer) and any(getattr(dossier, k) != v for k, v in resume.items()):
        type(dossier).objects.filter(pk=dossier.pk).update(**resume)
        for cle, valeur in resume.items():
            setattr(dossier, cle, valeur)
    return resultat
