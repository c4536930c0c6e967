"""The pages of the ProConnect login (``comptes.proconnect``): the start (``/oidc/authenticate/``), the
provider's return (``/oidc/callback/``), the page of an address that opens no account, and the logout that
ends the provider's session too. Not configured, each answers 404 (and the button is not shown)."""

import logging

import jwt
import requests
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from comptes.proconnect import MOTIFS, SESSION_PROCONNECT, SESSION_REFUS, actif, depuis_proconnect
from comptes.securite import TypeEvenement, consigner

logger = logging.getLogger(__name__)

ECHEC = (
    "La connexion avec ProConnect n’a pas abouti. Réessayez, ou connectez-vous avec votre adresse "
    "électronique et votre mot de passe."
)
# What the provider's answer may raise when it is not what OpenID Connect says: a state that is not this
# session's, a nonce, signature, issuer or audience that does not match (SuspiciousOperation, PyJWT's
# errors), the provider unreachable or refusing the code (requests), a body that is not JSON (ValueError),
# a JWKS without the token's key (KeyError).
REPONSES_REFUSEES = (
    SuspiciousOperation,
    jwt.PyJWTError,
    requests.RequestException,
    ValueError,
    KeyError,
)


def _configure():
    if not actif():
        raise Http404("ProConnect n’est pas configuré sur ce portail.")


@method_decorator(login_not_required, name="dispatch")
class DemandeProConnect(OIDCAuthenticationRequestView):
    """« S'identifier avec ProConnect »: to the provider, with state, nonce and PKCE (the library)."""

    def dispatch(self, request, *args, **kwargs):
        _configure()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        request.session.pop(SESSION_REFUS, None)  # a new attempt: the last refusal is no longer the news
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class RetourProConnect(OIDCAuthenticationCallbackView):
    """The provider's return: the library checks the state and the tokens, ``ProConnectBackend`` the
    account. Any answer refused gives the login page with a French message, never a 500 nor a 400."""

    def dispatch(self, request, *args, **kwargs):
        _configure()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        try:
            return super().get(request)
        except REPONSES_REFUSEES as erreur:
            logger.warning("Connexion ProConnect refusée : %s", erreur)
            consigner(
                TypeEvenement.ECHEC_CONNEXION,
                request=request,
                objet="Connexion avec ProConnect refusée (réponse du fournisseur invalide)",
                motif="réponse du fournisseur invalide",
                methode="proconnect",
                erreur=type(erreur).__name__,
            )
            request.session.pop(SESSION_REFUS, None)  # the reason is this answer, not an account
            return self.login_failure()

    def login_success(self):
        reponse = super().login_success()
        self.request.session[SESSION_PROCONNECT] = (
            True  # again: a login over another person's session flushes
        )
        return reponse

    def login_failure(self):
        if self.request.session.get(SESSION_REFUS):
            return redirect("comptes:proconnect_inconnu")
        messages.error(self.request, ECHEC)
        return redirect("comptes:connexion")


@login_not_required
def inconnu(request):
    """The address that ProConnect gave opens no account here: which one, why, and whom to ask."""
    _configure()
    refus = request.session.get(SESSION_REFUS) or {}
    motif = refus.get("motif") if refus.get("motif") in MOTIFS else "inconnu"
    contexte = {"adresse": refus.get("adresse", ""), "motif": motif}
    return render(request, "comptes/proconnect/inconnu.html", contexte, status=403)


_DECONNEXION = auth_views.LogoutView.as_view()
_DECONNEXION_PROCONNECT = OIDCLogoutView.as_view()


def deconnexion(request, *args, **kwargs):
    """« Se déconnecter » (``comptes:deconnexion``, POST): a session opened by ProConnect also ends the
    provider's (``comptes.proconnect.url_de_deconnexion``), any other one as before (Django's logout, to
    the home page)."""
    if request.method == "POST" and depuis_proconnect(request):
        return _DECONNEXION_PROCONNECT(request)
    return _DECONNEXION(request, *args, **kwargs)
