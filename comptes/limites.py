"""The limits of the public forms (issue 15 item 6): forgotten password, sign-up, confirmation of an address,
the link of a team invitation — each counted per IP address and per e-mail address (or link), in Django's
cache with django-ratelimit (Redis with REDIS_URL: one count for every gunicorn worker and every server).

``@limiter("mot_de_passe")`` on a view (a function or a class-based view): past a limit, the French 429
page says when to retry, with ``Retry-After``. The limits are here only, ``GROUPES``; the setting
``LIMITES`` (environment ``LIMITES="mot_de_passe_ip=40/h,…"``) overrides any of them. The login itself is
limited by django-axes (``comptes.verrouillage``), which counts failures, not requests.

The cache down (Redis unreachable), the request is let through uncounted (RATELIMIT_FAIL_OPEN): a
forgotten password must still reach its mail while Redis is away (tests/pannes/test_redis.py)."""

import datetime
import functools
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from comptes.securite import adresse_ip
from comptes.verrouillage import duree_fr, heure_fr
from core.arriere_plan import PANNES

journal = logging.getLogger(__name__)


def champ(nom: str):
    """The e-mail address typed in the form's field ``nom``, as one count whatever its case."""

    def valeur(request) -> str | None:
        return (request.POST.get(nom) or "").strip().lower() or None

    return valeur


def argument(nom: str):
    """An argument of the URL (the account of a confirmation link, the token of an invitation)."""

    def valeur(request) -> str | None:
        correspondance = getattr(request, "resolver_match", None)
        return (correspondance.kwargs.get(nom) if correspondance else None) or None

    return valeur


@dataclass(frozen=True)
class Groupe:
    libelle: str  # « … ont été faites » : what the page says was done too often
    methodes: tuple | str  # the requests counted
    ip: str  # « nombre/période » per IP address
    adresse: str  # per e-mail address or link
    cle_adresse: object  # request -> the address or link counted, or None


GROUPES = {
    # Each request sends a mail: a few per hour for one address, more from one network (a shared exit).
    "mot_de_passe": Groupe(
        "Trop de demandes de nouveau mot de passe ont été faites", ("POST",), "20/h", "5/h", champ("email")
    ),
    "inscription": Groupe(
        "Trop de demandes d’inscription ont été faites", ("POST",), "20/h", "5/h", champ("email")
    ),
    # A link opened (GET) or confirmed (POST): counted per network and per account of the link.
    "confirmation": Groupe(
        "Trop de liens de confirmation ont été ouverts", ALL, "30/h", "10/h", argument("uidb64")
    ),
    "invitation": Groupe(
        "Trop de liens d’invitation ont été ouverts", ALL, "30/h", "10/h", argument("token")
    ),
}


def limite(groupe: str, portee: str) -> str:
    """« nombre/période » of ``groupe`` per ``portee`` (« ip » or « adresse »), LIMITES first."""
    valeur = settings.LIMITES.get(f"{groupe}_{portee}") or getattr(GROUPES[groupe], portee)
    if not re.fullmatch(r"\d+/\d*[smhd]", valeur):
        raise ImproperlyConfigured(
            f"LIMITES : « {groupe}_{portee}={valeur} » n’est pas une limite "
            "(nombre/période, par exemple 20/h)."
        )
    return valeur


def depassement(groupe: str, request) -> int | None:
    """Counts this request in ``groupe``; the seconds before a retry when a limit is passed, else None."""
    definition = GROUPES[groupe]
    cles = {"ip": adresse_ip(request), "adresse": definition.cle_adresse(request)}
    attente = None
    for portee, valeur in cles.items():
        if valeur is None:
            continue
        try:
            usage = get_usage(
                request,
                group=f"comptes.{groupe}.{portee}",
                key=lambda _groupe, _requete, valeur=valeur: valeur,
                rate=limite(groupe, portee),
                method=definition.methodes,
                increment=True,
            )
        except PANNES as erreur:  # not counted at all: one timeout, not one per count
            journal.warning("Limite « %s » non comptée, cache injoignable : %s", groupe, erreur)
            return None
        if usage is not None and usage["should_limit"]:
            attente = max(attente or 0, usage["time_left"], 1)
    return attente


def page_trop_de_demandes(request, groupe: str, secondes: int):
    fin = timezone.now() + datetime.timedelta(seconds=secondes)
    reponse = render(
        request,
        "comptes/trop_de_demandes.html",
        {"libelle": GROUPES[groupe].libelle, "heure_fin": heure_fr(fin), "duree": duree_fr(secondes)},
        status=429,
    )
    reponse["Retry-After"] = str(secondes)
    return reponse


def limiter(groupe: str):
    """Decorator of a view (function or class): the requests of ``groupe`` counted, the 429 page past a
    limit (see the module)."""
    if groupe not in GROUPES:
        raise ValueError(f"Groupe de limites inconnu : « {groupe} » (comptes.limites.GROUPES).")

    def decorer(vue):
        if isinstance(vue, type):
            return method_decorator(decorer, name="dispatch")(vue)

        @functools.wraps(vue)
        def limitee(request, *args, **kwargs):
            secondes = depassement(groupe, request)
            if secondes is not None:
                return page_trop_de_demandes(request, groupe, secondes)
            return vue(request, *args, **kwargs)

        return limitee

    return decorer
