"""The lockout of password logins, portal and /django-admin/ (issue 15 item 6), on django-axes.

``axes.backends.AxesStandaloneBackend`` comes first in AUTHENTICATION_BACKENDS: ``authenticate(request=…)``
asks ``Verrouillage.is_locked`` before any other backend, so a refused attempt hashes no password (the
~1.5 s of CPU of a PBKDF2 check, the lever of a denial of service). Django then sends ``user_login_failed``
(the journal records it) and ``axes.middleware.AxesMiddleware`` answers ``page_de_blocage``: the French 429
page, with the time to retry and the way to reset one's password.

Two counts per attempt, each with its limit (``LIMITES``, from the settings): the account typed
(``CONNEXION_ECHECS_COMPTE``) and the IP address (``CONNEXION_ECHECS_ADRESSE_IP``, higher: every agent of a
conseil départemental may go out through one address, and one person's typos must not shut them all out).
django-axes compares the highest of its counts with one limit: this handler, a subclass of its cache
handler as its documentation invites (``AXES_HANDLER``), compares each count with its own. Each count lives
in Django's cache — Redis with REDIS_URL, so every gunicorn worker and every server shares it — and counts
the failures of a window of ``AXES_COOLOFF_TIME`` from its first one (a fixed window: the typos of a whole
département's agents, an hour apart, never add up to a lockout of their address); the failure that reaches
a limit locks for ``AXES_COOLOFF_TIME`` from then and records when the lockout ends, and refused attempts
are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``): the time the page gives stays
true. A successful login clears its account's count, not its address's: one
account of one's own must not let someone spray passwords on every other account from the same address.

The cache down (Redis unreachable), the attempt is let through uncounted and the error logged: refusing
every login for as long as Redis is away would close the portal to everyone, as the API's limit does
(``api.auth.LimiteParJeton``). Only password logins are counted and refused: ProConnect's callback
(mozilla-django-oidc) calls ``authenticate`` without a password and is left alone.
"""

import datetime
import ipaddress
import logging
import time
from dataclasses import dataclass

from axes.conf import settings
from axes.handlers.cache import AxesCacheHandler
from axes.helpers import (
    get_cache,
    get_client_parameters,
    get_client_username,
    get_cool_off,
    make_cache_key_list,
)
from axes.signals import user_locked_out
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.arriere_plan import PANNES

journal = logging.getLogger(__name__)


def limites() -> dict[str, int]:
    """The number of failures that locks, per lockout parameter (AXES_LOCKOUT_PARAMETERS)."""
    return {"username": settings.CONNEXION_ECHECS_COMPTE, "ip_address": settings.CONNEXION_ECHECS_ADRESSE_IP}


def identifiant(request, credentials=None) -> str | None:
    """The account typed (AXES_USERNAME_CALLABLE): the e-mail as the login matches it, case-insensitive
    (``UserManager.get_by_natural_key``) — « Camille@Exemple.FR » and « camille@exemple.fr » are one count."""
    valeur = None
    if credentials:
        valeur = credentials.get("username") or credentials.get("email")
    elif request is not None and request.method == "POST":
        valeur = request.POST.get("username")
    valeur = (valeur or "").strip().lower()
    return valeur or None


def reseau(adresse: str) -> str:
    """The address as counted: an IPv6 address by its /64 (one subscriber's network, whose 2^64 addresses
    must not give as many counts), an IPv4 address as it is."""
    try:
        ip = ipaddress.ip_address(adresse)
    except ValueError:
        return adresse
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


@dataclass(frozen=True)
class Compteur:
    parametre: str  # « username » or « ip_address »
    cle: str
    limite: int

    @property
    def cle_fin(self) -> str:
        return f"{self.cle}:fin"


def _par_mot_de_passe(credentials) -> bool:
    return bool(credentials) and "password" in credentials and credentials["password"] is not None


class Verrouillage(AxesCacheHandler):
    """AxesCacheHandler with one limit per count (see the module)."""

    def __init__(self):  # the cache is read at each use: the tests change CACHES
        pass

    @property
    def cache(self):
        return get_cache()

    def compteurs(self, request, credentials=None) -> list[Compteur]:
        """The counts of this attempt, in AXES_LOCKOUT_PARAMETERS' order; none without its value (no
        account typed: the address only)."""
        adresse = getattr(request, "axes_ip_address", None)
        parametres = get_client_parameters(
            identifiant(request, credentials),
            reseau(adresse) if adresse else None,
            getattr(request, "axes_user_agent", ""),
            request,
            credentials,
        )
        par_parametre = limites()
        resultat = []
        for filtre in parametres:
            if not all(filtre.values()):
                continue
            limite = min(par_parametre.get(nom, settings.AXES_FAILURE_LIMIT) for nom in filtre)
            resultat.append(Compteur("+".join(filtre), make_cache_key_list([filtre])[0], limite))
        return resultat

    def blocages(self, request, credentials=None) -> list[tuple[Compteur, float]]:
        """The counts at their limit, each with the timestamp of its end."""
        compteurs = self.compteurs(request, credentials)
        if not compteurs:
            return []
        try:
            valeurs = self.cache.get_many([c.cle for c in compteurs] + [c.cle_fin for c in compteurs])
        except PANNES as erreur:
            journal.warning("Limite des connexions non vérifiée, cache injoignable : %s", erreur)
            return []
        defaut = time.time() + self.duree()
        return [(c, valeurs.get(c.cle_fin, defaut)) for c in compteurs if valeurs.get(c.cle, 0) >= c.limite]

    @staticmethod
    def duree() -> int:
        return int(get_cool_off().total_seconds())

    def get_failures(self, request, credentials=None) -> int:
        try:
            valeurs = self.cache.get_many([c.cle for c in self.compteurs(request, credentials)])
        except PANNES:
            return 0
        return max(valeurs.values(), default=0)

    def is_locked(self, request, credentials=None) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE or not _par_mot_de_passe(credentials):
            return False
        return bool(self.blocages(request, credentials))

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            journal.error("Échec de connexion sans requête : non compté.")
            return
        if not _par_mot_de_passe(credentials):
            return
        username = get_client_username(request, credentials)
        if request.axes_locked_out:  # refused by AxesStandaloneBackend, before any password check
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )
            return
        if self.is_whitelisted(request, credentials):
            return
        duree = self.duree()
        atteintes, nombres = [], [0]
        try:
            for compteur in self.compteurs(request, credentials):
                if self.cache.add(compteur.cle, 1, timeout=duree):
                    nombre = 1
                else:
                    try:
                        nombre = self.cache.incr(compteur.cle)  # the window's end unchanged
                    except ValueError:  # expired between the two calls
                        self.cache.set(compteur.cle, 1, timeout=duree)
                        nombre = 1
                nombres.append(nombre)
                if nombre >= compteur.limite:  # locked from now on, for the whole duration
                    self.cache.touch(compteur.cle, timeout=duree)
                    self.cache.set(compteur.cle_fin, time.time() + duree, timeout=duree)
                    atteintes.append(compteur)
        except PANNES as erreur:
            journal.warning("Échec de connexion non compté, cache injoignable : %s", erreur)
            return
        # A number: this failure was counted (None, axes's default, for an attempt refused while locked).
        request.axes_failures_since_start = max(nombres)
        if atteintes:
            journal.warning(
                "Connexion bloquée %d minutes après trop d'échecs (%s).",
                duree // 60,
                ", ".join(c.parametre for c in atteintes),
            )
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        """The account's count cleared (AXES_RESET_ON_SUCCESS); its address's stays (see the module)."""
        if not settings.AXES_RESET_ON_SUCCESS or request is None:
            return
        compte = [
            c for c in self.compteurs(request, {"username": user.get_username()}) if c.parametre == "username"
        ]
        try:
            self.cache.delete_many([c.cle for c in compte] + [c.cle_fin for c in compte])
        except PANNES as erreur:
            journal.warning("Compteur d'échecs non remis à zéro, cache injoignable : %s", erreur)

    def user_logged_out(self, sender, request, user, **kwargs):
        pass


def fin_du_blocage(request, credentials=None) -> tuple[datetime.datetime, list[str]]:
    """When the lockout of this attempt ends (the latest of its counts), and which counts are locked."""
    from axes.handlers.proxy import AxesProxyHandler

    gestionnaire = AxesProxyHandler.get_implementation()
    blocages = gestionnaire.blocages(request, credentials) if isinstance(gestionnaire, Verrouillage) else []
    fin = max((f for _, f in blocages), default=time.time() + Verrouillage.duree())
    return (
        datetime.datetime.fromtimestamp(fin, tz=datetime.UTC),
        [c.parametre for c, _ in blocages],
    )


def heure_fr(moment: datetime.datetime) -> str:
    """« 9 h 05 », in the portal's time zone; « 9 h 05 le 3 décembre » on another day than today."""
    local = timezone.localtime(moment)
    heure = f"{local.hour} h {local.minute:02d}"
    if local.date() != timezone.localdate():
        heure += f" le {date_format(local, 'j F')}"
    return heure


def duree_fr(secondes: float) -> str:
    minutes = max(1, int(-(-secondes // 60)))  # rounded up: never « dans 0 minute »
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    heures, reste = divmod(minutes, 60)
    return f"{heures} h {reste:02d}" if reste else f"{heures} heure{'s' if heures > 1 else ''}"


def page_de_blocage(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the French 429 page of a refused login, portal or /django-admin/, with
    ``Retry-After``."""
    fin, bloques = fin_du_blocage(request, credentials or getattr(request, "axes_credentials", None))
    secondes = max(0, (fin - timezone.now()).total_seconds())
    contexte = {
        "heure_fin": heure_fr(fin),
        "duree": duree_fr(secondes),
        "compte_bloque": "username" in bloques or not bloques,
        "adresse_bloquee": "ip_address" in bloques,
        "echecs_compte": settings.CONNEXION_ECHECS_COMPTE,
        "echecs_adresse": settings.CONNEXION_ECHECS_ADRESSE_IP,
        "blocage_minutes": Verrouillage.duree() // 60,
        "administration_technique": request.path.startswith(reverse("admin:index")),
    }
    reponse = render(
        request, "comptes/connexion_bloquee.html", contexte, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    reponse["Retry-After"] = str(int(secondes) + 1)
    return reponse
