"""The main menu of each role, in one place."""

from django.urls import reverse

from comptes.models import Role

MENUS = {
    Role.CANDIDAT: [("Mes dossiers", "candidatures:mes_dossiers")],
    Role.INSTRUCTEUR: [
        ("Dossiers à instruire", "instruction:a_instruire"),
        ("Classement", "instruction:classement"),
        ("Tableau de bord", "pilotage:tableau_de_bord"),
        ("Exports", "exports:exports"),
    ],
    Role.AGENT: [
        ("Dossiers de mon territoire", "instruction:territoire"),
        ("Tableau de bord", "pilotage:tableau_de_bord"),
        ("Exports", "exports:exports"),
    ],
    Role.ADMINISTRATEUR: [
        ("Administration", "ami:administration"),
        ("Dossiers à instruire", "instruction:a_instruire"),
        ("Tableau de bord", "pilotage:tableau_de_bord"),
        ("Exports", "exports:exports"),
    ],
    Role.TECHNIQUE: [("Administration technique", "admin:index")],
}
PUBLIC = [("Accueil", "accueil"), ("Questions / réponses", "ami:faq")]


def menu_principal(user, chemin: str) -> list[dict]:
    liens = list(PUBLIC)
    if user.is_authenticated:
        liens = [PUBLIC[0], *MENUS.get(user.role, []), *PUBLIC[1:]]
    items = []
    for libelle, nom in liens:
        url = reverse(nom)
        actif = chemin == url if url == "/" else chemin.startswith(url)
        items.append({"libelle": libelle, "url": url, "actif": actif})
    return items
