"""The second factor of a password login (issue 15 item 5): a TOTP application (django-otp's ``TOTPDevice``)
and ten recovery codes (``StaticDevice``), each usable once.

Who. Mandatory for the instructeurs and the administrateurs (``OBLIGATOIRE``); offered to the agents and
the candidats, who turn it on from « Mon compte ». A session opened through ProConnect is never asked for
it: it does not go through the password login (``comptes.views.ConnexionView``), the one place that asks.

Attempts. A wrong code counts on the device it was tried on: after n wrong codes in a row, the next one is
refused for 2^(n-1) seconds (django-otp's throttling, ``OTP_TOTP_THROTTLE_FACTOR`` and
``OTP_STATIC_THROTTLE_FACTOR``); a right code resets it. A TOTP code is accepted once (``last_t``), within
one step of 30 s either side of the clock.

Each change is in the security journal (``comptes.securite.consigner``): an enrolment and new recovery
codes (``DEUX_FACTEURS_ACTIVE``), a refused code (``DEUX_FACTEURS_ECHEC``), a reset by an administrateur or
a person turning it off (``DEUX_FACTEURS_REINITIALISE``); a reset is also in the account's history."""

import base64
import math
import re
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.models import Role
from comptes.securite import TypeEvenement, consigner
from core import historique

OBLIGATOIRE = frozenset({Role.INSTRUCTEUR, Role.ADMINISTRATEUR})
# Who may turn it on: everyone of the portal, but the technical account (/django-admin/ only).
PROPOSEE = frozenset({Role.CANDIDAT, Role.AGENT, Role.INSTRUCTEUR, Role.ADMINISTRATEUR})
NOMBRE_DE_CODES = 10
APPLICATION = "Application d’authentification"
SECOURS = "Codes de secours"
CODE_TOTP = re.compile(r"\d{6}")


def est_obligatoire(compte) -> bool:
    return compte.role in OBLIGATOIRE


def est_proposee(compte) -> bool:
    return compte.role in PROPOSEE


def application(compte) -> TOTPDevice | None:
    """The confirmed TOTP application of ``compte``, if any."""
    return TOTPDevice.objects.filter(user=compte, confirmed=True).order_by("-pk").first()


def code_demande(compte) -> bool:
    """After the right password, is a code asked for? Mandatory for the role, or turned on."""
    return est_obligatoire(compte) or TOTPDevice.objects.filter(user=compte, confirmed=True).exists()


@dataclass(frozen=True)
class Etat:
    """What « Mon compte » and an account's page say of it."""

    active: bool
    obligatoire: bool
    proposee: bool = True
    active_le: object = None  # datetime of the enrolment
    utilisee_le: object = None  # datetime of the last code accepted
    codes_restants: int = 0


def etat(compte) -> Etat:
    appareil = application(compte)
    if appareil is None:
        return Etat(active=False, obligatoire=est_obligatoire(compte), proposee=est_proposee(compte))
    return Etat(
        active=True,
        obligatoire=est_obligatoire(compte),
        proposee=est_proposee(compte),
        active_le=appareil.created_at,
        utilisee_le=appareil.last_used_at,
        codes_restants=StaticToken.objects.filter(device__user=compte, device__confirmed=True).count(),
    )


# Enrolment ------------------------------------------------------------------------------------------


def nouvelle_application(compte) -> TOTPDevice:
    """A new key, not confirmed until a code of it is typed (``confirmer``); the earlier unconfirmed ones
    are dropped. The confirmed application, if any, keeps working until then."""
    TOTPDevice.objects.filter(user=compte, confirmed=False).delete()
    return TOTPDevice.objects.create(user=compte, name=APPLICATION, confirmed=False)


def application_en_cours(compte, pk) -> TOTPDevice | None:
    """The unconfirmed application of the enrolment under way (its pk kept in the session)."""
    if not pk:
        return None
    return TOTPDevice.objects.filter(user=compte, confirmed=False, pk=pk).first()


def cle_en_texte(cle: str) -> str:
    """A hex key (``TOTPDevice.key``) in base32, by groups of four, for an application where it is typed by
    hand."""
    texte = base64.b32encode(bytes.fromhex(cle)).decode().rstrip("=")
    return " ".join(texte[i : i + 4] for i in range(0, len(texte), 4))


@dataclass(frozen=True)
class QrCode:
    """The ``otpauth://`` URL of a key as a QR code that a template draws in an inline ``<svg>``: ``taille``
    modules square (quiet zone included), ``chemin`` the dark modules as one SVG path (``fill``, no style
    attribute: the page's CSP allows none)."""

    taille: int
    chemin: str
    echelle: int = 5

    @property
    def pixels(self) -> int:
        return self.taille * self.echelle


def qr_code(appareil: TOTPDevice) -> QrCode:
    symbole = segno.make(appareil.config_url, error="m")
    lignes = list(symbole.matrix_iter(border=4))
    morceaux = []
    for y, ligne in enumerate(lignes):
        x = 0
        while x < len(ligne):
            if ligne[x]:
                debut = x
                while x < len(ligne) and ligne[x]:
                    x += 1
                morceaux.append(f"M{debut} {y}h{x - debut}v1h-{x - debut}z")
            else:
                x += 1
    return QrCode(taille=len(lignes), chemin="".join(morceaux))


def _codes_de_secours(compte) -> list[str]:
    """Ten new recovery codes, which replace the earlier ones."""
    StaticDevice.objects.filter(user=compte).delete()
    appareil = StaticDevice.objects.create(user=compte, name=SECOURS, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(NOMBRE_DE_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=appareil, token=code) for code in codes)
    return codes


def confirmer(appareil: TOTPDevice, code: str, request=None) -> "Verification":
    """The enrolment: ``code`` computed by the application from the new key. Right: the key replaces the
    earlier application, ten recovery codes are made (in ``codes``, to be shown once), the journal says
    it. Wrong: the attempt counts, as any code, and the journal says it."""
    code = normaliser(code)
    with transaction.atomic():
        appareil = TOTPDevice.objects.select_for_update().get(pk=appareil.pk)
        attendre = _attente(appareil)
        if attendre:
            return Verification(attendre=attendre)
        if not CODE_TOTP.fullmatch(code) or not appareil.verify_token(code):
            if not CODE_TOTP.fullmatch(code):
                appareil.throttle_increment()
            consigner(
                TypeEvenement.DEUX_FACTEURS_ECHEC,
                request=request,
                compte=appareil.user,
                objet="Code refusé à l’activation de l’application",
            )
            return Verification()
        TOTPDevice.objects.filter(user=appareil.user).exclude(pk=appareil.pk).delete()
        appareil.confirmed = True
        appareil.created_at = timezone.now()
        appareil.save(update_fields=["confirmed", "created_at"])
        codes = _codes_de_secours(appareil.user)
        consigner(
            TypeEvenement.DEUX_FACTEURS_ACTIVE,
            request=request,
            compte=appareil.user,
            objet=f"Application d’authentification enregistrée, {NOMBRE_DE_CODES} codes de secours",
        )
    return Verification(appareil=appareil, codes=tuple(codes))


def nouveaux_codes_de_secours(compte, request=None) -> list[str]:
    """Ten new recovery codes (the earlier ones no longer work), for a person whose application is on."""
    with transaction.atomic():
        codes = _codes_de_secours(compte)
        consigner(
            TypeEvenement.DEUX_FACTEURS_ACTIVE,
            request=request,
            compte=compte,
            objet="Nouveaux codes de secours (les précédents ne fonctionnent plus)",
        )
    return codes


# Login ----------------------------------------------------------------------------------------------


def normaliser(code: str) -> str:
    """What was typed, without spaces nor dashes, in lower case (recovery codes are shown in lower case)."""
    return re.sub(r"[\s\-]", "", code or "").lower()


@dataclass(frozen=True)
class Verification:
    appareil: object = None  # the device that accepted the code
    attendre: int = 0  # seconds before the next attempt is allowed, when refused for too many failures
    codes: tuple = ()  # the new recovery codes of an enrolment

    @property
    def acceptee(self) -> bool:
        return self.appareil is not None


def _attente(appareil) -> int:
    """Seconds before ``appareil`` checks a code again (django-otp's throttling), 0 if it does now."""
    permis, infos = appareil.verify_is_allowed()
    if permis:
        return 0
    reste = (infos["locked_until"] - timezone.now()).total_seconds() if infos else 1
    return max(1, math.ceil(reste))


def verifier(compte, code: str, request=None) -> Verification:
    """A code typed at login: six digits for the application, otherwise a recovery code (removed once
    used). The code is tried on one device only, the one its form says, so that a wrong code counts once.
    Refused: the journal says it."""
    code = normaliser(code)
    modele = TOTPDevice if CODE_TOTP.fullmatch(code) else StaticDevice
    with transaction.atomic():
        appareil = modele.objects.select_for_update().filter(user=compte, confirmed=True).first()
        if appareil is not None:
            attendre = _attente(appareil)
            if attendre:
                consigner(
                    TypeEvenement.DEUX_FACTEURS_ECHEC,
                    request=request,
                    compte=compte,
                    objet=f"Essai refusé sans vérification : trop de codes erronés, attendre {attendre} s",
                )
                return Verification(attendre=attendre)
            if appareil.verify_token(code):
                return Verification(appareil=appareil)
    consigner(
        TypeEvenement.DEUX_FACTEURS_ECHEC,
        request=request,
        compte=compte,
        objet="Code de l’application refusé" if modele is TOTPDevice else "Code de secours refusé",
    )
    return Verification()


# Turning it off ---------------------------------------------------------------------------------------


def _supprimer(compte) -> int:
    return (
        TOTPDevice.objects.filter(user=compte).delete()[0]
        + StaticDevice.objects.filter(user=compte).delete()[0]
    )


def reinitialiser(compte, par, request=None) -> bool:
    """An administrateur removes ``compte``'s application and recovery codes (a phone lost): at its next
    password login, the person enrols again if the role requires it. ``False``: there was none."""
    with transaction.atomic():
        if not _supprimer(compte):
            return False
        consigner(
            TypeEvenement.DEUX_FACTEURS_REINITIALISE,
            request=request,
            compte=compte,
            objet=f"Réinitialisée par {par.email}",
            par=par.email,
        )
        historique.evenement(compte, par, f"Compte {compte.email}", "Double authentification réinitialisée")
    return True


def desactiver(compte, request=None) -> bool:
    """The person turns it off (offered roles only: the caller checks ``est_obligatoire``)."""
    with transaction.atomic():
        if not _supprimer(compte):
            return False
        consigner(
            TypeEvenement.DEUX_FACTEURS_REINITIALISE,
            request=request,
            compte=compte,
            objet="Désactivée par la personne",
        )
    return True
