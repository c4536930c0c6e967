"""The main menu: the public entries around the pages the user's role reaches
(``comptes.permissions.PAGES``, the one declaration of who reaches which page)."""

from comptes.permissions import menu
from core.menus import elements_de_menu

PUBLIC = [("Accueil", "accueil"), ("Questions / réponses", "ami:faq")]


def menu_principal(user, chemin: str) -> list[dict]:
    liens = list(PUBLIC)
    if user.is_authenticated:
        liens = [PUBLIC[0], *menu(user.role), *PUBLIC[1:]]
    return elements_de_menu(liens, chemin)
