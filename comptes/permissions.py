"""Who reaches which page, in one place. Login itself is enforced for every view by
LoginRequiredMiddleware.

``PAGES`` (URL name → ``Page``) is read by the views' decorator (``reservee("exports:exports")``), the
main menu (``comptes.navigation``) and each role's landing page (``espace``): adding a page to a
role's menu, or a role to a page, is one line here. A page of one role outside the menu may use
``role_required(...)`` directly. What a user may *do* on a dossier is ``candidatures.cycle``; what he
may *read* is ``candidatures.politique``.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied

from comptes.models import Role


@dataclass(frozen=True)
class Page:
    """``roles``: who reaches it; ``libelle``: its entry in their main menu (none: not in the menu);
    ``hors_menu``: roles that reach it without seeing it in their menu."""

    roles: frozenset
    libelle: str = ""
    hors_menu: frozenset = frozenset()

    def au_menu(self, role) -> bool:
        return bool(self.libelle) and role in self.roles and role not in self.hors_menu


NATIONAUX = frozenset({Role.INSTRUCTEUR, Role.ADMINISTRATEUR})
ETAT = frozenset({Role.INSTRUCTEUR, Role.AGENT, Role.ADMINISTRATEUR})
# In the order of the menus; a role's first entry is where it lands after login (``espace``).
PAGES = {
    "ami:administration": Page(frozenset({Role.ADMINISTRATEUR}), "Administration"),
    "candidatures:mes_dossiers": Page(frozenset({Role.CANDIDAT}), "Mes dossiers"),
    "comptes:equipe": Page(frozenset({Role.CANDIDAT}), "Mon équipe"),
    "instruction:a_instruire": Page(NATIONAUX, "Dossiers à instruire"),
    "instruction:classement": Page(NATIONAUX, "Classement", hors_menu=frozenset({Role.ADMINISTRATEUR})),
    "instruction:territoire": Page(frozenset({Role.AGENT}), "Dossiers de mon territoire"),
    "instruction:dossier": Page(ETAT),  # the dossier as the State reads it, and its actions
    "pilotage:tableau_de_bord": Page(ETAT, "Tableau de bord"),
    "exports:exports": Page(ETAT, "Exports"),
    # django-admin checks its own access (``core.admin_technique``): listed for the menu only.
    "admin:index": Page(frozenset({Role.TECHNIQUE}), "Administration technique"),
    # « Mon compte », linked from the header (every business role; the technical account has no portal page).
    "comptes:mon_compte": Page(frozenset(Role) - {Role.TECHNIQUE}),
}


def role_required(*roles):
    """Answer 403 (French DSFR page) unless the logged-in user has one of ``roles``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles or not request.user.is_active:
                raise PermissionDenied("Cette page est réservée à un autre profil.")
            return view(request, *args, **kwargs)

        wrapper.roles_autorises = roles
        return wrapper

    return decorator


def reservee(nom: str):
    """The decorator of the view(s) of the page ``nom`` (a URL name of ``PAGES``): its roles only."""
    return role_required(*PAGES[nom].roles)


def menu(role) -> list[tuple[str, str]]:
    """``role``'s main menu entries: (label, URL name), in ``PAGES`` order."""
    return [(page.libelle, nom) for nom, page in PAGES.items() if page.au_menu(role)]


def espace(role) -> str:
    """The URL name where ``role`` lands after login: the first entry of its menu."""
    return menu(role)[0][1]
