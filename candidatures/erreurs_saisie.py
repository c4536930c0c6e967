"""Errors kept until corrected (WCAG 1.3.1, 3.3.1)."""

from django import forms
from django.utils.datastructures import MultiValueDict

from candidatures.sections import Definition, Saisie, saisie

# --- Errors kept until corrected (WCAG 1.3.1, 3.3.1) -------------------------------------------------
# A draft saves what it can (``core.brouillon``); a value with an error stays in ``Dossier.erreurs_saisie``
# as typed — a number that does not parse cannot be held by its column — and the section page validates
# it again on every load (``saisie_enregistree``): the error shows next to its field until corrected.


def noter_erreurs(dossier, section: str, courante: Saisie) -> bool:
    """Keep on ``dossier`` the errors of the forms ``courante`` validated, and forget those now corrected
    (a row not sent keeps its own); True when ``dossier.erreurs_saisie`` changed (the caller saves it)."""
    avant = dossier.erreurs_saisie.get(section, {})
    notees = dict(avant)
    for prefixe, entrees in courante.erreurs_par_formulaire():
        if entrees:
            notees[prefixe] = entrees
        else:
            notees.pop(prefixe, None)
    if notees == avant:
        return False
    toutes = {**dossier.erreurs_saisie, section: notees}
    dossier.erreurs_saisie = {cle: valeur for cle, valeur in toutes.items() if valeur}
    return True


def oublier_ligne(dossier, section: str, prefixe: str) -> bool:
    """A row removed: its errors with it. True when ``dossier.erreurs_saisie`` changed."""
    notees = dossier.erreurs_saisie.get(section, {})
    if prefixe not in notees:
        return False
    reste = {cle: valeur for cle, valeur in notees.items() if cle != prefixe}
    dossier.erreurs_saisie = {k: v for k, v in {**dossier.erreurs_saisie, section: reste}.items() if v}
    return True


def _donnees_du_formulaire(form, tapees: dict) -> MultiValueDict:
    """What ``form`` (not bound) would post — its stored values as the page renders them — with the
    values kept as typed (``tapees``: field → {"valeur"}) over them."""
    data = MultiValueDict()
    for nom, champ in form.fields.items():
        bound = form[nom]
        if nom in tapees and tapees[nom].get("valeur") is not None:
            valeur = tapees[nom]["valeur"]
            data.setlist(bound.html_name, valeur if isinstance(valeur, list) else [valeur])
            continue
        widget = champ.widget
        valeur = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if valeur:
                data[bound.html_name] = "on"
            continue
        formatee = widget.format_value(valeur)  # what the widget renders; a list for choices
        if getattr(widget, "allow_multiple_selected", False):
            data.setlist(bound.html_name, [str(v) for v in formatee])
        elif isinstance(formatee, list):
            data[bound.html_name] = str(formatee[0]) if formatee else ""
        else:
            data[bound.html_name] = "" if formatee is None else str(formatee)
    return data


def saisie_enregistree(definition: Definition, dossier) -> Saisie:
    """The section as stored, each form that kept an error bound to its values as typed and validated
    again: its errors next to its fields, in the save status, until corrected. No query more when
    nothing is to correct."""
    courante = saisie(definition, dossier)
    notees = dossier.erreurs_saisie.get(definition.section) or {}
    if not notees:
        return courante
    if courante.principal is not None and "" in notees:
        data = _donnees_du_formulaire(courante.principal, notees[""])
        courante.principal = definition.formulaire_principal(courante.objet, data)
        courante.principal.is_valid()
    for groupe in definition.groupes:
        couples = []
        for ligne, form in courante.lignes.get(groupe.cle, []):
            if form.prefix in notees:
                form = groupe.formulaire_pour(ligne, _donnees_du_formulaire(form, notees[form.prefix]))
                form.is_valid()
            couples.append((ligne, form))
        courante.lignes[groupe.cle] = couples
    return courante


def a_corriger(dossier) -> dict:
    """{section: [(libellé, valeur tapée, message)]}: what the overview flags, as the last save of each
    section left it (``Dossier.erreurs_saisie``)."""
    resultat = {}
    for section, notees in dossier.erreurs_saisie.items():
        for entrees in notees.values():
            for entree in entrees.values():
                valeur = entree.get("valeur")
                valeur = ", ".join(valeur) if isinstance(valeur, list) else (valeur or "")
                resultat.setdefault(section, []).append((entree["libelle"], valeur, entree["message"]))
    return resultat
