"""The links sent by mail that let someone act on an account without being logged in, in one place.

- ``mot_de_passe``: the link of an invitation and of « Mot de passe oublié »
  (``comptes:nouveau_mot_de_passe``, Django's password-reset flow). Django's generator already changes
  its token when the password, the last login or the address change (a link serves once; an invitation
  sent again gives the account a new unusable password, so the earlier link dies). This one also hashes
  ``is_active``: a person deactivated after the mail left cannot choose a password through it.
- ``nouvelle_adresse`` / ``lire_nouvelle_adresse``: the link that confirms a change of e-mail address
  (``comptes:confirmer_nouvelle_adresse``), sent to the new address. The new address is in the link, signed
  (``django.core.signing``, with its date: valid ``DUREE_ADRESSE``), with a fingerprint of the account's
  current address, password and activity: once the address has changed (or the password, or the account was
  deactivated), the link is refused — it serves once.
"""

import datetime

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac


class JetonMotDePasse(PasswordResetTokenGenerator):
    key_salt = "comptes.jetons.JetonMotDePasse"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}|{user.is_active}"


mot_de_passe = JetonMotDePasse()

DUREE_ADRESSE = datetime.timedelta(hours=24)
_SEL_ADRESSE = "comptes.jetons.nouvelle_adresse"


def _empreinte(compte, adresse: str) -> str:
    valeur = f"{compte.pk}|{compte.email}|{compte.password}|{compte.is_active}|{adresse}"
    return salted_hmac(_SEL_ADRESSE, valeur, algorithm="sha256").hexdigest()[:32]


def nouvelle_adresse(compte, adresse: str) -> str:
    """The token of the link that moves ``compte`` to ``adresse`` (URL-safe: no « / »)."""
    return signing.dumps({"a": adresse, "e": _empreinte(compte, adresse)}, salt=_SEL_ADRESSE)


def lire_nouvelle_adresse(compte, jeton: str) -> str | None:
    """The new address the token carries, if it was made for ``compte`` as it is now and is less than
    ``DUREE_ADRESSE`` old; ``None`` otherwise (tampered, expired, used, made for another account)."""
    try:
        contenu = signing.loads(jeton, salt=_SEL_ADRESSE, max_age=DUREE_ADRESSE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(contenu, dict):
        return None
    adresse, empreinte = contenu.get("a"), contenu.get("e")
    if not isinstance(adresse, str) or not isinstance(empreinte, str):
        return None
    if not constant_time_compare(empreinte, _empreinte(compte, adresse)):
        return None
    return adresse
