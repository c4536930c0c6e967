"""The journal's login events, recorded from Django's and django-axes's signals (``connecter``, called by
``ComptesConfig.ready``): a login with a password (CONNEXION; a ProConnect login is recorded by its
backend as CONNEXION_PROCONNECT), a logout, a failed login with the address typed (never the password)
and the request's IP, and the lockout that django-axes decides after too many failures.

Every login form goes through ``django.contrib.auth.authenticate`` (the portal's login page, the
django-admin's, axes's backend): each failure sends ``user_login_failed`` with the request."""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.module_loading import import_string

from comptes.models import User
from comptes.securite import TypeEvenement, consigner

SESSION_PROCONNECT = "connexion_proconnect"  # set by the ProConnect login (comptes, lot ProConnect)


def _identifiant(credentials) -> str:
    """The address typed on the login form (``credentials`` as Django cleaned it: no password)."""
    credentials = credentials or {}
    valeur = credentials.get("username") or credentials.get(User.USERNAME_FIELD) or ""
    return str(valeur).strip()[:254]


def _par_proconnect(request, user) -> bool:
    """A login through ProConnect (OpenID Connect): its backend records it, not this receiver."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_PROCONNECT):
        return True
    chemin = getattr(user, "backend", "") or ""
    if not chemin:
        return False
    try:
        from mozilla_django_oidc.auth import OIDCAuthenticationBackend

        return issubclass(import_string(chemin), OIDCAuthenticationBackend)
    except ImportError:
        return False


def _deja_bloque(request) -> bool:
    """The login was refused because django-axes had blocked it before this attempt (no password was
    checked). Read from what axes left on the request: ``axes_locked_out`` is set by its backend when
    it refuses, or by its handler when this very failure reaches the limit — and then the handler has
    counted it (``axes_failures_since_start`` is a number; it stays ``None`` for a refused attempt, which
    is not counted: AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False, comptes.verrouillage)."""
    if request is None or not getattr(request, "axes_locked_out", False):
        return False
    return getattr(request, "axes_failures_since_start", None) is None


def connexion(sender, request, user, **kwargs):
    if _par_proconnect(request, user):
        return
    consigner(TypeEvenement.CONNEXION, request=request, compte=user)


def deconnexion(sender, request, user, **kwargs):
    if user is None or not getattr(user, "pk", None):
        return  # a logout without a session: nobody to record
    consigner(TypeEvenement.DECONNEXION, request=request, compte=user)


def echec(sender, credentials, request=None, **kwargs):
    """A failed login: the account when the address is one (wrong password, deactivated account, or
    refused while locked out), else the address alone."""
    if credentials and "nonce" in credentials:
        return  # the ProConnect callback's: its backend records the refusal, with the provider's address
    identifiant = _identifiant(credentials)
    compte = User.objects.filter(email__iexact=identifiant).first() if identifiant else None
    if _deja_bloque(request):
        motif = "Refusée : connexion bloquée après trop d’échecs"
    elif compte is None:
        motif = "Adresse inconnue"
    else:
        motif = "Mot de passe incorrect ou compte inactif"
    consigner(
        TypeEvenement.ECHEC_CONNEXION,
        request=request,
        compte=compte,
        identifiant=identifiant,
        objet=motif,
    )


def verrouillage(sender, request=None, username=None, ip_address=None, **kwargs):
    """django-axes blocks the account or the IP address. Recorded once, on the failure that reaches the
    limit: axes sends the signal again for each attempt refused while blocked, which is an
    ECHEC_CONNEXION already (« Refusée : connexion bloquée… »)."""
    if _deja_bloque(request):
        return  # refused while already blocked: an ECHEC_CONNEXION, not a new lockout
    identifiant = str(username or "").strip()[:254]
    compte = User.objects.filter(email__iexact=identifiant).first() if identifiant else None
    consigner(
        TypeEvenement.VERROUILLAGE,
        request=request,
        compte=compte,
        identifiant=identifiant,
        objet=f"Connexion bloquée après trop d’échecs{_pour_combien_de_temps()}",
    )


def _pour_combien_de_temps() -> str:
    """« pendant 15 minutes » (AXES_COOLOFF_TIME), when the settings give it as a duration."""
    duree = getattr(settings, "AXES_COOLOFF_TIME", None)
    if not isinstance(duree, datetime.timedelta):
        return ""
    minutes = int(duree.total_seconds() // 60)
    return f", pendant {minutes} minute{'s' if minutes > 1 else ''}" if minutes else ""


def connecter() -> None:
    user_logged_in.connect(connexion, dispatch_uid="securite_connexion")
    user_logged_out.connect(deconnexion, dispatch_uid="securite_deconnexion")
    user_login_failed.connect(echec, dispatch_uid="securite_echec_connexion")
    from axes.signals import user_locked_out

    user_locked_out.connect(verrouillage, dispatch_uid="securite_verrouillage")
