"""The portal's answer to a request Django refuses before any view (``handler400``): a French page that
says what happened, never Django's English « Bad Request (400) ».

Django turns a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``RequestDataTooBig``), over
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields (``TooManyFieldsSent``) or ``DATA_UPLOAD_MAX_NUMBER_FILES``
files (``TooManyFilesSent``) into a ``SuspiciousOperation``, hence a 400; the portal answers those with
**413** (« Content Too Large », what they are) and any other refused request with 400. The page stands
alone, like 500.html: it may be rendered before the session or the user are known. An autosave that
gets it shows its own message where the save status is (``static/ami/portail.js``).

Any other exception comes to ``handler500`` (:func:`erreur_serveur`), wherever it was raised — in a view or in
a middleware (the session and the user are read from the database by ``ConnexionRequiseMiddleware``, before
the view): Django turns it into a response at each layer of the middleware stack through that handler.
The database unreachable, hanging past its timeouts (``ami.base_de_donnees``) or cancelling a statement gives
**503** « Service momentanément indisponible » with ``Retry-After``, any other error the 500 page. All the
standalone pages extend ``erreur_autonome.html``."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error

from core.format import taille_fichier

TROP_VOLUMINEUX = 413
INDISPONIBLE = 503
# Seconds a client is told to wait before trying again when the database is unavailable.
NOUVEL_ESSAI_APRES = 30
INDISPONIBLE_COURT = (
    "Service momentanément indisponible : le portail ne peut pas joindre sa base de données. "
    "Réessayez dans quelques instants."
)


def explication(exception) -> tuple[int, str, str]:
    """(status, title, explanation) of the refusal of a request."""
    if isinstance(exception, RequestDataTooBig):
        limite = taille_fichier(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return (
            TROP_VOLUMINEUX,
            "Envoi trop volumineux",
            f"Ce que vous avez envoyé dépasse {limite}, la taille qu’accepte le portail pour un "
            "formulaire (les pièces jointes ont leur propre limite). Rien n’a été enregistré. Revenez à la "
            "page précédente : votre saisie y est encore ; raccourcissez le texte le plus long (un texte "
            "collé depuis un document peut être très long), puis enregistrez à nouveau.",
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        nombre, quoi = (
            (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, "champs")
            if isinstance(exception, TooManyFieldsSent)
            else (settings.DATA_UPLOAD_MAX_NUMBER_FILES, "fichiers")
        )
        return (
            TROP_VOLUMINEUX,
            f"Trop de {quoi} envoyés",
            f"Le formulaire envoyé compte plus de {nombre} {quoi}, le maximum qu’accepte le portail en un "
            "envoi. Rien n’a été enregistré. Revenez à la page précédente et enregistrez en plusieurs fois "
            "(par exemple après avoir retiré les lignes vides).",
        )
    return (
        400,
        "Requête incorrecte",
        "Le portail n’a pas pu lire ce que votre navigateur a envoyé. Rien n’a été enregistré. Revenez à "
        "la page précédente, rechargez-la puis recommencez.",
    )


def requete_refusee(request, exception=None):
    statut, titre, texte = explication(exception)
    contenu = loader.render_to_string("400.html", {"statut": statut, "titre": titre, "explication": texte})
    return HttpResponse(contenu, status=statut)


def base_indisponible(exception) -> bool:
    """The database cannot serve the request: connection refused, timed out or lost, statement cancelled
    by its timeout, server shutting down, deadlock (``OperationalError``), connection already closed
    (``InterfaceError``); also when such an error is the cause of the one raised. Not an
    ``IntegrityError``, a ``DataError`` or a programming error: those are the portal's, a 500."""
    vues = set()
    while exception is not None and id(exception) not in vues:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        vues.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def service_indisponible(request) -> HttpResponse:
    """The 503 answer, without touching the database (no session, no user, no context processor): the
    standalone page; for htmx (the autosave, the progress of an archive), a short fragment — the page's
    script shows its own message for any status that is not 2xx; for the API, its JSON error."""
    if request.headers.get("HX-Request") == "true":
        reponse = HttpResponse(
            f'<p class="fr-message fr-message--error">{INDISPONIBLE_COURT}</p>', status=INDISPONIBLE
        )
    elif request.path.startswith("/api/"):
        reponse = JsonResponse({"detail": INDISPONIBLE_COURT}, status=INDISPONIBLE)
    else:
        reponse = HttpResponse(loader.render_to_string("503.html"), status=INDISPONIBLE)
    reponse["Retry-After"] = str(NOUVEL_ESSAI_APRES)
    return reponse


def erreur_serveur(request):
    """``handler500``: called by Django while it handles the exception (``sys.exc_info``), logged by Django
    (``django.request``, error level) with its traceback either way."""
    if base_indisponible(sys.exc_info()[1]):
        return service_indisponible(request)
    return server_error(request)
