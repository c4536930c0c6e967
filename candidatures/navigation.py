"""« Section précédente / Section suivante » at the bottom of each section of the dossier, in the order of
annexe 7 (``models.Section``, the side menu's order): before the first section, the overview; after the
last, the dépôt while the dossier is a draft (then its summary)."""

from dataclasses import dataclass

from django.urls import reverse

from candidatures.models import Section


@dataclass(frozen=True)
class Voisine:
    libelle: str
    url: str


def voisines(dossier, section: str, sections=None) -> tuple[Voisine | None, Voisine | None]:
    """(previous, next) of ``section``; ``sections``: the side menu's ``EtatSection`` list (their
    labels), else the labels of ``Section``."""
    libelles = {e.section: e.libelle for e in sections} if sections else {}
    ordre = [s for s in Section.values if not libelles or s in libelles]
    if section not in ordre:
        return None, None
    i = ordre.index(section)

    def page(nom):
        return Voisine(
            libelles.get(nom) or Section(nom).label, reverse("candidatures:section", args=[dossier.pk, nom])
        )

    apercu = Voisine("Vue d’ensemble", reverse("candidatures:apercu", args=[dossier.pk]))
    precedente = page(ordre[i - 1]) if i > 0 else apercu
    if i + 1 < len(ordre):
        suivante = page(ordre[i + 1])
    elif dossier.modifiable:
        suivante = Voisine("Déposer le dossier", reverse("candidatures:depot", args=[dossier.pk]))
    else:
        suivante = apercu
    return precedente, suivante
