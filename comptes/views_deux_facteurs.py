"""The pages of the second factor (``comptes.deux_facteurs``).

A password login that needs a code does not open a session (``ConnexionView`` calls ``mettre_en_attente``):
the session only remembers, for ``ATTENTE``, whose password was right, with the page to go to afterwards.
The person then types a code (``saisir_le_code``) or, not enrolled yet while the role requires it, enrols an
application (``activer``); only then are ``django.contrib.auth.login`` and ``django_otp.login`` called
(``ouvrir_la_session``). So a session of the portal is always complete: the views of the portal need no
check of their own. The recovery codes are shown once (``codes_de_secours``), after an enrolment or a
renewal.

From « Mon compte », a logged-in person enrols (or changes) an application, renews the recovery codes, and
turns the second factor off where it is only offered. An administrateur resets another account's second
factor (``reinitialiser``, from its page of « Comptes et rôles »)."""

import datetime

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from comptes import deux_facteurs
from comptes.forms_deux_facteurs import ActivationForm, CodeForm
from comptes.models import Role, User
from comptes.permissions import role_required

# Between the right password and the code (or the end of the enrolment, which takes installing an
# application): past this, the person types the password again.
ATTENTE = datetime.timedelta(minutes=10)
EN_ATTENTE = "_deux_facteurs_en_attente"  # {compte, backend, empreinte, jusqu_a, suite}
ENROLEMENT = "_deux_facteurs_enrolement"  # the pk of the unconfirmed application being enrolled
CODES = "_deux_facteurs_codes"  # {codes, suite}: the recovery codes to show, once

CODE_INCORRECT = (
    "Code incorrect. Saisissez le code affiché en ce moment par votre application (vérifiez que l’heure "
    "de votre téléphone est exacte), ou l’un de vos codes de secours."
)
CODE_ACTIVATION_INCORRECT = (
    "Code incorrect. Saisissez les 6 chiffres affichés en ce moment par l’application pour ce compte "
    "(vérifiez que l’heure de votre téléphone est exacte)."
)


def _refus(verification, incorrect: str) -> str:
    """The message of a refused code: wrong, or not checked (too many wrong ones just before)."""
    secondes = verification.attendre
    if not secondes:
        return incorrect
    return (
        f"Trop de codes erronés à la suite : attendez {secondes} seconde{'s' if secondes > 1 else ''} "
        "avant de saisir un nouveau code."
    )


# The login under way -------------------------------------------------------------------------------


def mettre_en_attente(request, compte, suite: str):
    """``compte`` typed the right password and must type a code: no session yet, a short wait in this
    one; to the code, or to the enrolment when the role requires an application it does not have yet."""
    request.session[EN_ATTENTE] = {
        "compte": compte.pk,
        "backend": compte.backend,
        "empreinte": compte.get_session_auth_hash(),
        "jusqu_a": (timezone.now() + ATTENTE).timestamp(),
        "suite": suite,
    }
    request.session.pop(ENROLEMENT, None)
    if deux_facteurs.application(compte) is None:
        return redirect("comptes:deux_facteurs_activer")
    return redirect("comptes:deux_facteurs")


def oublier_l_attente(request):
    """A login that needs no code: nothing of an earlier one under way stays in the session."""
    request.session.pop(EN_ATTENTE, None)
    request.session.pop(ENROLEMENT, None)


def compte_en_attente(request) -> User | None:
    """The account whose password was right a moment ago, or ``None`` (none, too late, the account
    deactivated or its password changed since)."""
    attente = request.session.get(EN_ATTENTE)
    if not attente:
        return None
    compte = User.objects.filter(pk=attente["compte"], is_active=True).first()
    if attente["jusqu_a"] < timezone.now().timestamp():
        compte = None
        messages.warning(request, "Le délai pour terminer la connexion est dépassé : reconnectez-vous.")
    elif compte is not None and not constant_time_compare(
        compte.get_session_auth_hash(), attente["empreinte"]
    ):
        compte = None
    if compte is None:
        del request.session[EN_ATTENTE]
        request.session.pop(ENROLEMENT, None)
        return None
    compte.backend = attente["backend"]
    return compte


def ouvrir_la_session(request, compte, appareil) -> str:
    """The code is right: the session opens (Django's login, then django-otp's, which records the device
    that verified it). The page to go to next."""
    suite = request.session.pop(EN_ATTENTE)["suite"]
    request.session.pop(ENROLEMENT, None)
    auth_login(request, compte, backend=compte.backend)
    if appareil is not None:
        otp_login(request, appareil)
    return suite


def _sans_attente(request):
    return redirect_to_login(reverse("comptes:espace"))


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def saisir_le_code(request):
    if request.user.is_authenticated:
        return redirect("comptes:espace")
    compte = compte_en_attente(request)
    if compte is None:
        return _sans_attente(request)
    if deux_facteurs.application(compte) is None:
        if deux_facteurs.est_obligatoire(compte):
            return redirect("comptes:deux_facteurs_activer")
        return redirect(ouvrir_la_session(request, compte, None))  # turned off meanwhile: nothing to ask
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verification = deux_facteurs.verifier(compte, form.cleaned_data["code"], request)
        if verification.acceptee:
            suite = ouvrir_la_session(request, compte, verification.appareil)
            if isinstance(verification.appareil, StaticDevice):
                restants = verification.appareil.token_set.count()
                messages.warning(
                    request,
                    f"Vous vous êtes connecté avec un code de secours, qui ne servira plus. Il vous en reste "
                    f"{restants} : vous pouvez en générer de nouveaux depuis « Mon compte ».",
                )
            return redirect(suite)
        form.add_error("code", _refus(verification, CODE_INCORRECT))
    return render(
        request,
        "comptes/deux_facteurs/saisir.html",
        {"form": form, "compte_en_attente": compte},
        status=422 if form.errors else 200,
    )


# Enrolment ------------------------------------------------------------------------------------------


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def activer(request):
    """Enrol an application: its key as a QR code and as text, then a code it computes to confirm it.
    During a login (the role requires it, none yet), or from « Mon compte » (to turn it on, or change the
    application: the earlier one works until the new one is confirmed)."""
    en_attente = not request.user.is_authenticated
    if en_attente:
        compte = compte_en_attente(request)
        if compte is None:
            return _sans_attente(request)
        if deux_facteurs.application(compte) is not None:
            return redirect("comptes:deux_facteurs")  # enrolled: a code of it, never a new key
        if not deux_facteurs.est_obligatoire(compte):
            return redirect(ouvrir_la_session(request, compte, None))
    else:
        compte = request.user
        if not deux_facteurs.est_proposee(compte):
            raise PermissionDenied("La double authentification ne concerne pas ce compte.")
    appareil = deux_facteurs.application_en_cours(compte, request.session.get(ENROLEMENT))
    cle_changee = appareil is None and request.method == "POST"
    if appareil is None:
        appareil = deux_facteurs.nouvelle_application(compte)
        request.session[ENROLEMENT] = appareil.pk
    form = ActivationForm(request.POST or None)
    if cle_changee:
        form.is_valid()
        form.add_error(
            "code", "La clé a changé depuis l’affichage de la page : scannez le nouveau QR code ci-dessous."
        )
    elif request.method == "POST" and form.is_valid():
        verification = deux_facteurs.confirmer(appareil, form.cleaned_data["code"], request)
        if verification.acceptee:
            if en_attente:
                suite = ouvrir_la_session(request, compte, verification.appareil)
            else:
                request.session.pop(ENROLEMENT, None)
                otp_login(request, verification.appareil)
                suite = reverse("comptes:mon_compte")
            request.session[CODES] = {"codes": list(verification.codes), "suite": suite}
            return redirect("comptes:codes_de_secours")
        form.add_error("code", _refus(verification, CODE_ACTIVATION_INCORRECT))
    return render(
        request,
        "comptes/deux_facteurs/activer.html",
        {
            "form": form,
            "en_attente": en_attente,
            "obligatoire": deux_facteurs.est_obligatoire(compte),
            "remplace": not en_attente and deux_facteurs.application(compte) is not None,
            "qr_code": deux_facteurs.qr_code(appareil),
            "cle": deux_facteurs.cle_en_texte(appareil.key),
            "annuler": reverse("comptes:mon_compte"),
        },
        status=422 if form.errors else 200,
    )


@never_cache
@require_GET
def codes_de_secours(request):
    """The recovery codes just made, shown once: the session forgets them as the page is built."""
    a_montrer = request.session.pop(CODES, None) or {}
    return render(
        request,
        "comptes/deux_facteurs/codes_de_secours.html",
        {
            "codes": a_montrer.get("codes", []),
            "suite": a_montrer.get("suite") or reverse("comptes:mon_compte"),
        },
    )


# « Mon compte » -------------------------------------------------------------------------------------


@require_POST
def nouveaux_codes(request):
    compte = request.user
    if deux_facteurs.application(compte) is None:
        messages.error(request, "Activez d’abord la double authentification.")
        return redirect(reverse("comptes:mon_compte"))
    codes = deux_facteurs.nouveaux_codes_de_secours(compte, request)
    request.session[CODES] = {"codes": codes, "suite": reverse("comptes:mon_compte")}
    return redirect("comptes:codes_de_secours")


@require_POST
def desactiver(request):
    compte = request.user
    if deux_facteurs.est_obligatoire(compte):
        messages.error(
            request,
            "La double authentification est obligatoire pour votre profil : vous pouvez changer "
            "d’application, pas la désactiver.",
        )
    elif deux_facteurs.desactiver(compte, request):
        messages.success(
            request, "La double authentification est désactivée : seul votre mot de passe vous sera demandé."
        )
    else:
        messages.info(request, "La double authentification n’était pas activée.")
    return redirect(reverse("comptes:mon_compte"))


# « Comptes et rôles » -------------------------------------------------------------------------------


@role_required(Role.ADMINISTRATEUR)
@require_POST
def reinitialiser(request, pk: int):
    compte = get_object_or_404(User.objects.metier(), pk=pk)
    if compte.pk == request.user.pk:
        messages.error(
            request,
            "Vous ne pouvez pas réinitialiser votre propre double authentification "
            "(un autre administrateur le peut).",
        )
    elif deux_facteurs.reinitialiser(compte, request.user, request):
        suite = (
            "enregistrera une nouvelle application à sa prochaine connexion par mot de passe"
            if deux_facteurs.est_obligatoire(compte)
            else "pourra la réactiver depuis « Mon compte »"
        )
        messages.success(
            request,
            f"La double authentification de {compte.email} est réinitialisée : son application et ses "
            f"codes de secours ne fonctionnent plus, cette personne {suite}.",
        )
    else:
        messages.info(request, f"{compte.email} n’avait pas de double authentification enregistrée.")
    return redirect("comptes:compte", compte.pk)
