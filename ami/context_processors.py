from django.conf import settings
from django.utils.functional import SimpleLazyObject

from candidatures.appels import appel_de_travail, appels_de_la_requete
from comptes.navigation import menu_principal
from core.arriere_plan import indisponible


def portail(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Lazy: a page that does not show the call costs no query; both read the same query.
        "appel": SimpleLazyObject(lambda: appel_de_travail(request)),
        "appels": SimpleLazyObject(lambda: appels_de_la_requete(request)),
        "menu_principal": menu_principal(user, request.path) if user is not None else [],
        # Called by the template only where a page says a job is delayed (an export en attente).
        "taches_indisponibles": indisponible,
        # The « S'identifier avec ProConnect » button (comptes.proconnect): shown only when it is configured.
        "proconnect_actif": settings.PROCONNECT_ACTIF,
    }
