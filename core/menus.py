"""The portal's menus, built one way (``elements_de_menu``): the main menu (``comptes.navigation``) and
the administration's side menu — the call's parameters, its grid and exclusions, the accounts, the API
tokens, the log, the mails not sent yet; and, beside them, the exports and the dashboard."""

from django.urls import reverse

PAGES = [
    ("Appels", "ami:appels"),
    ("Paramètres de l’appel", "ami:administration"),
    ("Grille de notation", "ami:grille"),
    ("Exclusions (R08)", "ami:exclusions"),
    ("Contacts régionaux", "ami:contacts"),
    ("Comptes et rôles", "comptes:gestion"),
    ("Jetons d’API", "api:jetons"),
    ("Journal des modifications", "ami:journal"),
    ("Courriels en attente", "courriels:file"),
    ("Exports", "exports:exports"),
    ("Tableau de bord", "pilotage:tableau_de_bord"),
]


def elements_de_menu(liens, chemin: str, exacts=frozenset()) -> list[dict]:
    """The entries of a menu, ``liens`` being (label, URL name) pairs: the current one is the page's own
    URL or one under it; the home page, and the URL names in ``exacts``, only when it is that page."""
    items = []
    for libelle, nom in liens:
        url = reverse(nom)
        exact = url == "/" or nom in exacts
        actif = chemin == url if exact else chemin.startswith(url)
        items.append({"libelle": libelle, "url": url, "actif": actif})
    return items


def menu(chemin: str) -> list[dict]:
    # « Paramètres de l’appel » is /administration/, above the other pages: current only on itself.
    return elements_de_menu(PAGES, chemin, exacts={"ami:administration"})


def contexte_administration(request, **autres) -> dict:
    return {"menu_administration": menu(request.path), **autres}
