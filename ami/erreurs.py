"""The portal's answer to a request Django refuses before any view (``handler400``): a French page that
says what happened, never Django's English « Bad Request (400) ».

Django turns a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``RequestDataTooBig``), over
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields (``TooManyFieldsSent``) or ``DATA_UPLOAD_MAX_NUMBER_FILES``
files (``TooManyFilesSent``) into a ``SuspiciousOperation``, hence a 400; the portal answers those with
**413** (« Content Too Large », what they are) and any other refused request with 400. The page stands
alone, like 500.html: it may be rendered before the session or the user are known. An autosave that
gets it shows its own message where the save status is (``static/ami/portail.js``)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.template import loader

from ami.templatetags.ami_format import taille_fichier

TROP_VOLUMINEUX = 413


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
