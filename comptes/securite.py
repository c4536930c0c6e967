"""The security events of the journal (issue 15 item 8), written in one place.

``consigner(type, ...)`` is called by every flow that the journal must show: logins and their failures,
lockouts, password resets, e-mail changes, the second factor, sign-ups and the answers to them, each export
and each download (CSV, XLSX, ZIP, PDF, pièce). Who: the account (or the address typed, when no account
matches); from where: the request's address; what: ``objet``, a short French text, and ``details``."""

import ipaddress

from django.conf import settings

from comptes.models_securite import EvenementSecurite, TypeEvenement

__all__ = ["TypeEvenement", "adresse_ip", "consigner", "nom_du_dossier"]


def adresse_ip(request) -> str | None:
    """The client's address, for the journal and the limits (AXES_CLIENT_IP_CALLABLE, RATELIMIT_IP_META_KEY).
    REMOTE_ADDR; behind the TLS proxy (DERRIERE_PROXY=true) REMOTE_ADDR is the proxy's own, for every client
    — gunicorn does not rewrite it — so the address is the last one of X-Forwarded-For: the one the proxy
    appended (nginx's $proxy_add_x_forwarded_for, README), the others being whatever the client sent."""
    if request is None:
        return None
    if getattr(settings, "DERRIERE_PROXY", False):
        transmises = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if transmises:
            return transmises[-1]
    return request.META.get("REMOTE_ADDR") or None


def nom_du_dossier(dossier) -> str:
    """How the journal names a dossier in an ``objet``: « dossier n° AMI-2026-0012 », or « dossier
    « Intitulé » (brouillon) » before it has a number. (A duck-typed dossier: ``numero``, ``intitule``.)"""
    if getattr(dossier, "numero", None):
        return f"dossier n° {dossier.numero}"
    return f"dossier « {dossier.intitule} » (brouillon)"


def consigner(
    type: TypeEvenement,
    *,
    request=None,
    compte=None,
    identifiant: str = "",
    objet: str = "",
    **details,
) -> EvenementSecurite:
    """Record one event. ``compte`` defaults to the request's logged-in user."""
    utilisateur = getattr(request, "user", None)
    if compte is None and utilisateur is not None and utilisateur.is_authenticated:
        compte = utilisateur
    if compte is not None and getattr(compte, "pk", None) is None:
        compte = None
    adresse = adresse_ip(request)
    try:
        adresse = str(ipaddress.ip_address(adresse)) if adresse else None
    except ValueError:  # a header that is no address (a proxy misconfigured): kept as text, never a 500
        details["adresse_transmise"] = str(adresse)[:100]
        adresse = None
    return EvenementSecurite.objects.create(
        type=type,
        compte=compte,
        identifiant=(identifiant or (compte.email if compte is not None else ""))[:254],
        adresse_ip=adresse,
        objet=str(objet)[:300],
        details=details,
    )
