"""The call a page works on (« l’appel de travail »), chosen once per request: the queues, the
Classement, the exports, the dashboard, the administration, the site's title all read it here.

- ``?appel=<id>`` chooses it (the picker of ``templates/partials/choix_appel.html``), and the session
  keeps the choice for the next pages;
- otherwise the session's;
- otherwise the default (``ami.models.par_defaut``): the most recent call open to dépôts.

A user chooses among the calls he may see (``appels_pour``): the administrateurs see the drafts too,
everyone else the published, closed and archived calls. One query per request, whatever the page asks.
"""

from ami.models import RECENTS, Appel, par_defaut
from candidatures.politique import politique

CLE_SESSION = "appel_de_travail"
PARAMETRE = "appel"


def appels_pour(user) -> list[Appel]:
    """The calls ``user`` may choose, the most recent first (``ami.models.RECENTS``)."""
    appels = Appel.objects.order_by(*RECENTS)
    if user is None or not politique(user).voit_appels_en_brouillon:
        appels = appels.publies()
    return list(appels)


def identifiant(valeur) -> int | None:
    """The id a parameter names (a positive integer of at most 9 digits), else ``None``."""
    valeur = str(valeur or "").strip()
    return int(valeur) if valeur.isdigit() and len(valeur) < 10 else None


def appels_de_la_requete(request) -> list[Appel]:
    """``appels_pour(request.user)``, read once per request."""
    if not hasattr(request, "_appels"):
        request._appels = appels_pour(getattr(request, "user", None))
    return request._appels


def appel_de_travail(request) -> Appel | None:
    """The call ``request`` works on (see the module); ``None`` when there is no call at all."""
    if hasattr(request, "_appel_de_travail"):
        return request._appel_de_travail
    appels = {appel.pk: appel for appel in appels_de_la_requete(request)}
    session = getattr(request, "session", None)
    demande = identifiant(request.GET.get(PARAMETRE))
    garde = identifiant(session.get(CLE_SESSION)) if session is not None else None
    appel = appels.get(demande) or appels.get(garde) or par_defaut(appels.values())
    connecte = getattr(getattr(request, "user", None), "is_authenticated", False)
    if connecte and session is not None and demande in appels and garde != demande:
        session[CLE_SESSION] = demande  # kept for a signed-in user only: no session made for a visitor
    request._appel_de_travail = appel
    return appel
