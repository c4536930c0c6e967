"""What changed between two readings of a dossier, field by field: after a demande de compléments (the
dossier as asked, then as transmitted) and on an autosave conflict (the stored section, then what the
porteur typed). The one diff of the dossier; both sides are ``{partie: {libellé: valeur}}``."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Difference:
    """One value that changed: where (the section's title, or empty within one section), its label,
    before and after."""

    section: str
    libelle: str
    avant: str
    apres: str

    def en_donnees(self) -> dict:
        """JSON-ready, to be kept with the demande de compléments (``Difference(**d)`` reads it back)."""
        return asdict(self)


def differences(avant: dict, apres: dict, parties=None, titres=None, libelles=None) -> list[Difference]:
    """Every value that differs (spaces around it aside) between ``avant`` and ``apres``, part by part
    (``parties``, by default those of ``apres``), keys in their order of appearance. ``titres`` names
    the parts (« 1. Chef de file … »), the part's key otherwise; ``libelles`` ({partie: {clé: libellé}})
    labels the keys when they are not labels themselves (a form's field names)."""
    titres, libelles = titres or {}, libelles or {}
    resultat = []
    for partie in parties or list(apres):
        ancien, nouveau = avant.get(partie, {}), apres.get(partie, {})
        noms = libelles.get(partie, {})
        for cle in dict.fromkeys([*ancien, *nouveau]):
            valeur_avant, valeur_apres = ancien.get(cle, ""), nouveau.get(cle, "")
            if valeur_avant.strip() != valeur_apres.strip():
                resultat.append(
                    Difference(titres.get(partie, partie), noms.get(cle, cle), valeur_avant, valeur_apres)
                )
    return resultat
