"""The administration's pages share a side menu: the call's parameters, its grid and exclusions, the
accounts, the API tokens, the log, the mails not sent yet; and, beside them, the exports and the dashboard."""

from django.urls import reverse

PAGES = [
    ("Paramètres de l’appel", "ami:administration"),
    ("Grille de notation", "ami:grille"),
    ("Exclusions (R08)", "ami:exclusions"),
    ("Comptes et rôles", "comptes:gestion"),
    ("Jetons d’API", "api:jetons"),
    ("Journal des modifications", "ami:journal"),
    ("Courriels en attente", "courriels:file"),
    ("Exports", "exports:exports"),
    ("Tableau de bord", "pilotage:tableau_de_bord"),
]


def menu(chemin: str) -> list[dict]:
    items = []
    for libelle, nom in PAGES:
        url = reverse(nom)
        actif = chemin == url if nom == "ami:administration" else chemin.startswith(url)
        items.append({"libelle": libelle, "url": url, "actif": actif})
    return items


def contexte_administration(request, **autres) -> dict:
    return {"menu_administration": menu(request.path), **autres}
