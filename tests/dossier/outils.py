"""Helpers of the dossier's page tests: a section's URL and POST data, reading a field and its
errors."""

import re

from django.urls import reverse

from candidatures.models import Dossier

TELEPHONE_INVALIDE = "Saisissez un numéro de téléphone français à 10 chiffres"
CONNEXION = reverse("comptes:connexion")


def url_section(dossier, section):
    return reverse("candidatures:section", args=[dossier.pk, section])


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
