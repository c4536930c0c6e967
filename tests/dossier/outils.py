"""Helpers of the dossier's page tests: a section's URL and POST data, reading a field and its
errors."""

import re

from django.urls import reverse

from candidatures.models import Dossier

TELEPHONE_INVALIDE = "Saisissez un numéro de téléphone français à 10 chiffres"
CONNEXION = reverse("comptes:connexion")


def url_section(dossier, section):
    return reverse("candidatures:section", args=[dossier.pk, section])


def donnees_postees(definition, dossier) -> dict:
    """What the section's form posts, as the page renders it: every field of every form (the autosave's
    request, also replayed by bench/dossier.py and bench/charge.py)."""
    from django import forms

    from candidatures.sections import saisie

    data = {}
    for form in saisie(definition, dossier).formulaires():
        for nom, field in form.fields.items():
            bound = form[nom]
            valeur = bound.value()
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                if valeur:
                    data[bound.html_name] = "on"
                continue
            formatee = widget.format_value(valeur)  # what the widget renders; a list for choices
            if getattr(widget, "allow_multiple_selected", False):
                data[bound.html_name] = [str(v) for v in formatee]
            elif isinstance(formatee, list):
                data[bound.html_name] = str(formatee[0]) if formatee else ""
            else:
                data[bound.html_name] = "" if formatee is None else str(formatee)
    return data


def chef_de_file(version=0, **champs):
    donnees = {
        "version": version,
        "nom_chef_de_file": "Département du Nord",
        "adresse": "51 rue Gustave Delory, 59047 Lille Cedex",
        "interlocuteur1_nom": "Camille Martin",
        "interlocuteur1_fonction": "Directrice de l’insertion",
        "interlocuteur1_telephone": "03 20 63 59 59",
        "interlocuteur1_courriel": "camille.martin@exemple.fr",
    }
    donnees.update(champs)
    return donnees


def erreurs_du_champ(contenu: str, auto_id: str) -> str:
    """The text of the error container that sits next to the field ``auto_id``."""
    trouve = re.search(rf'<div id="{re.escape(auto_id)}-desc-error"[^>]*>(.*?)</div>', contenu, re.S)
    assert trouve, f"pas de conteneur d’erreur pour {auto_id}"
    return trouve.group(1)


def balise(contenu: str, nom: str) -> str:
    """The <input> (or <textarea> with its text) named ``nom``."""
    trouve = re.search(rf'<input[^>]*name="{re.escape(nom)}"[^>]*>', contenu) or re.search(
        rf'<textarea[^>]*name="{re.escape(nom)}"[^>]*>.*?</textarea>', contenu, re.S
    )
    assert trouve, f"pas de champ {nom}"
    return trouve.group(0)


def statut(dossier_pk) -> str:
    return Dossier.objects.values_list("etat", flat=True).get(pk=dossier_pk)
