"""How many lines a budget holds: the portal's maximum, enforced where a line is added
(``candidatures.views_lignes.ligne_ajouter`` and ``ligne_restaurer``, through ``GroupeLignes.limite``).

The maximum bounds what one page posts: « Enregistrer » (and a browser without JavaScript) sends every
field of every line, at most 9 an expense line, so that ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` (ami/settings.py)
holds the largest budget with its conflict choices; and it bounds the page itself (~5.5 KB a line).
The AMI's model of état des dépenses asks for one line a nature and an action: a budget of 80 lines is
already a large one.
"""

from budget.models import LigneDepense, LigneFinancement

MAX_LIGNES = 400  # expense and financing lines together, per dossier
CHAMPS_PAR_LIGNE = 9  # the fields of ``LigneDepenseForm``, the largest row of the budget


def nombre_de_lignes(dossier) -> int:
    return (
        LigneDepense.objects.filter(dossier=dossier).count()
        + LigneFinancement.objects.filter(dossier=dossier).count()
    )


def refus_nouvelle_ligne(dossier) -> str:
    """Why no line may be added to ``dossier``'s budget (French, shown next to the « Ajouter » button), or
    "" when one may. The caller holds the dossier's lock (``Dossier.objects.verrouiller``)."""
    nombre = nombre_de_lignes(dossier)
    if nombre < MAX_LIGNES:
        return ""
    return (
        f"Le budget compte déjà {nombre} lignes, le maximum admis par le portail ({MAX_LIGNES} lignes de "
        "dépenses et de financements) : regroupez des dépenses de même nature et de même action sur une "
        "seule ligne, ou retirez-en une, avant d’en ajouter."
    )
