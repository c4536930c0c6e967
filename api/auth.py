"""Who calls the API: the personal token of ``Authorization: Bearer <jeton>`` (``api.models.JetonApi``),
and how often: ninja's throttle ``LimiteParJeton``, a fixed window of one minute per token in Django's
cache (``API_LIMITE_PAR_MINUTE``)."""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from ninja.security.http import HttpAuthBase
from ninja.throttling import BaseThrottle

from api.models import ROLES_API, EtatJeton, JetonApi, empreinte
from core.arriere_plan import PANNES

journal = logging.getLogger(__name__)

LIMITE_PAR_DEFAUT = 120
FENETRE = 60  # seconds
# The last use is written at most once per window: one UPDATE a minute per token, not one per request.
ECRITURE_UTILISATION = datetime.timedelta(seconds=FENETRE)


class NonAuthentifie(Exception):
    """401, with the reason in French."""


def secondes() -> float:
    """The clock of the windows (a function of its own: the tests move it)."""
    return time.time()


def limite_par_minute() -> int:
    return getattr(settings, "API_LIMITE_PAR_MINUTE", LIMITE_PAR_DEFAUT)


class LimiteParJeton(BaseThrottle):
    """ninja's throttle of the API: a fixed window of one minute per token, counted in Django's cache
    (Redis when ``REDIS_URL`` is set: one count for every worker of every server). Past the limit,
    ninja answers 429 with ``Retry-After`` (the seconds left in the window); the limit and what is left
    are kept on the request for the X-RateLimit-* headers.

    The cache down (Redis unreachable), the request is let through uncounted (no X-RateLimit-*
    header): the limit fails open. It spares the database a runaway script, it guards no data — each
    request is still authenticated by its token in the database and reads only what its titulaire may
    read — so refusing every call for as long as Redis is away would turn a cache outage into an API
    outage for every service of the State, for no protection gained."""

    def __init__(self):
        self.courant = threading.local()  # ninja asks ``wait()`` of the instance it shares between threads

    def allow_request(self, request) -> bool:
        jeton = getattr(request, "jeton_api", None)
        if jeton is None:
            return True
        limite = limite_par_minute()
        maintenant = secondes()
        fenetre = int(maintenant // FENETRE)
        cle = f"api:limite:{jeton.pk}:{fenetre}"
        try:
            cache.add(cle, 0, FENETRE + 5)
            try:
                nombre = cache.incr(cle)  # atomic (INCR in Redis)
            except ValueError:  # evicted between add and incr
                cache.set(cle, 1, FENETRE + 5)
                nombre = 1
        except PANNES as erreur:
            journal.warning("Limite de l’API non comptée (cache indisponible) : %s", erreur)
            return True
        request.limite_api = (limite, max(0, limite - nombre))
        self.courant.attente = max(1, (fenetre + 1) * FENETRE - int(maintenant))
        return nombre <= limite

    def wait(self) -> int:
        return self.courant.attente


def refus(jeton: JetonApi | None) -> str:
    """Why ``jeton`` opens nothing, in French; empty when it is valid."""
    if jeton is None:
        return "Jeton inconnu : vérifiez qu’il a été copié en entier."
    etat = jeton.etat()
    if etat == EtatJeton.REVOQUE:
        return f"Ce jeton a été révoqué le {date_format(timezone.localtime(jeton.revoque_le))}."
    if etat == EtatJeton.EXPIRE:
        return f"Ce jeton a expiré : il était valable jusqu’au {date_format(jeton.expire_le)} inclus."
    if not jeton.user.is_active:
        return "Le compte titulaire de ce jeton est désactivé."
    if jeton.user.role not in ROLES_API:
        return (
            "L’API est réservée aux services de l’État (instructeurs, agents territoriaux, administrateurs)."
        )
    return ""


class JetonPersonnel(HttpAuthBase):
    """``Authorization: Bearer ami_xxxxxxxx_…``: the request's user is the token's titulaire."""

    openapi_scheme = "bearer"
    openapi_bearerFormat = "ami_<préfixe>_<secret>"
    openapi_description = (
        "Jeton personnel délivré par un administrateur du portail (page « Jetons d’API »), envoyé dans "
        "l’en-tête `Authorization: Bearer <jeton>`. Il donne les droits de lecture de son titulaire, "
        "comme sur le portail."
    )

    def __call__(self, request):
        valeur = request.headers.get("Authorization", "")
        schema, _, jeton = valeur.partition(" ")
        if not valeur:
            raise NonAuthentifie(
                "Authentification requise : envoyez l’en-tête « Authorization: Bearer <jeton> »."
            )
        if schema.lower() != "bearer" or not jeton.strip():
            raise NonAuthentifie("En-tête Authorization invalide : attendu « Bearer <jeton> ».")
        ligne = (
            JetonApi.objects.select_related("user__service_territorial", "user__organisation")
            .filter(empreinte=empreinte(jeton.strip()))
            .first()
        )
        raison = refus(ligne)
        if raison:
            raise NonAuthentifie(raison)
        maintenant = timezone.now()
        if (
            ligne.derniere_utilisation is None
            or maintenant - ligne.derniere_utilisation >= ECRITURE_UTILISATION
        ):
            JetonApi.objects.filter(pk=ligne.pk).update(derniere_utilisation=maintenant)
        request.jeton_api = ligne
        request.user = ligne.user
        return ligne.user
