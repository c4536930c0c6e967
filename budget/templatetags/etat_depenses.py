"""The FAQ's « modèle d'état des dépenses » in the templates (budget page, PDF): the labels with the
call's rate, the « Action n° » sub-groups, the figures of a group — all from ``budget.totaux``."""

from django import template
from django.urls import reverse

from ami import libelles as L
from budget import rendu, rendu_etat, totaux

register = template.Library()


@register.filter
def libelle_frais_generaux(appel) -> str:
    return totaux.libelle_frais_generaux(appel)


@register.filter
def libelle_dont_frais_generaux(appel) -> str:
    return totaux.libelle_dont_frais_generaux(appel)


@register.filter
def colonnes_etat(appel) -> list[tuple[str, str]]:
    return totaux.colonnes_etat(appel)


@register.simple_tag
def colonnes_saisie(appel, groupe: str) -> dict:
    """The columns of a group's table on the budget page: « Action n° » (an axe's), the model's columns
    in its order (``saisie``: a field of ``LigneDepenseForm``; « frais généraux O/N » is not, the nature
    says it), then the form's other fields in its order; and the spans of the totals' rows (the cells
    before the « Montant » column, after it with the « Retirer » one, all of them)."""
    from budget.forms import LigneDepenseForm

    champs = LigneDepenseForm.base_fields
    colonnes = []
    if avec_actions(groupe):
        colonnes.append({"nom": "numero_action", "titre": champs["numero_action"].label, "saisie": True})
    for nom, titre in totaux.colonnes_etat(appel):
        colonnes.append({"nom": nom, "titre": titre, "saisie": nom in champs})
    vues = {colonne["nom"] for colonne in colonnes} | {"numero_action"}
    colonnes += [{"nom": n, "titre": c.label, "saisie": True} for n, c in champs.items() if n not in vues]
    avant = [colonne["nom"] for colonne in colonnes].index("montant")
    return {
        "colonnes": colonnes,
        "avant_montant": avant,
        "apres_montant": len(colonnes) - avant,
        "toutes": len(colonnes) + 1,
    }


@register.simple_tag
def cellules_depense(form, appel, ligne):
    """The ``<td>``s of an expense line (``budget.rendu.cellules``), in the columns' order of
    ``colonnes_saisie`` (« frais généraux O/N »: shown, not typed)."""
    return rendu.cellules(form, appel, ligne, colonnes_saisie(appel, ligne.groupe)["colonnes"])


@register.simple_tag
def frais_generaux_ligne(ligne, appel, oob=False):
    """« Frais généraux … O/N » of an expense line (``budget.rendu.frais_generaux_ligne``)."""
    return rendu.frais_generaux_ligne(ligne, appel, oob)


@register.simple_tag(takes_context=True)
def adresses_ligne(context, dossier, section: str, cle: str, ligne_pk: int) -> tuple[str, str]:
    """(« Retirer », « Annuler ») addresses of a row, ``reverse``d once per page (not once per row):
    kept in the render's base dict, which every included row template shares."""
    cache = context.dicts[0].setdefault("_adresses_lignes", {})
    if (dossier.pk, section, cle) not in cache:
        supprimer = reverse("candidatures:ligne_supprimer", args=[dossier.pk, section, cle, 0])
        retablir = reverse("candidatures:ligne_restaurer", args=[dossier.pk, section, cle])
        cache[dossier.pk, section, cle] = (supprimer.rpartition("/0/"), retablir)
    (avant, _, apres), retablir = cache[dossier.pk, section, cle]
    return f"{avant}/{ligne_pk}/{apres}", retablir


@register.simple_tag
def champ_ecrit(field):
    """The HTML of the bound field ``field``, as in its row (``budget/champ.html``: ``budget.rendu``)."""
    return rendu.ecrire(rendu.champ(field))


@register.filter
def champ(form, nom: str):
    """The bound field ``nom`` of ``form``."""
    return form[nom]


@register.filter
def par_action(couples, groupe: str) -> list:
    """The page's (line, form) couples of ``groupe`` in « Action n° » sub-groups."""
    return totaux.par_action(groupe, couples, ligne=lambda couple: couple[0])


@register.filter
def groupe_etat(totaux_budget: dict, groupe: str) -> dict:
    """The figures of ``groupe`` (``totaux``: total, frais généraux)."""
    return next(g for g in totaux_budget["groupes"] if g["valeur"] == groupe)


@register.filter
def avec_actions(groupe: str) -> bool:
    """Whether ``groupe`` has « Action n° » sub-groups (the axes; not « Dépenses transversales »)."""
    return groupe not in totaux.GROUPES_SANS_ACTION


@register.filter
def frais_generaux_o_n(ligne) -> str:
    return totaux.frais_generaux_o_n(ligne)


@register.filter
def titre_action(numero) -> str:
    """« Action n°: 2 », « Action n°: --- » (``None``)."""
    return totaux.titre_action(numero)


@register.simple_tag
def libelles_etat() -> dict:
    """The model's title and total line: ``{% libelles_etat as etat %}`` then ``etat.titre``…"""
    return {"titre": L.ETAT_DEPENSES_TITRE, "total": L.ETAT_DEPENSES_TOTAL}


@register.simple_tag
def etat_des_depenses(lignes, totaux_budget: dict) -> list:
    """``budget.totaux.etat_des_depenses`` of the lines (``LigneDepense`` rows) and their ``totaux``."""
    return totaux.etat_des_depenses(lignes, totaux_budget)


@register.simple_tag
def tableau_etat_des_depenses(groupes, appel, budget):
    """The read-only table of the état des dépenses (``budget.rendu_etat``)."""
    return rendu_etat.tableau(groupes, appel, budget)
