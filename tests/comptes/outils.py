"""Helpers of the tests of « Comptes »: the mails of the outbox to an address, the link a mail carries, the
login form's POST, the events of the security journal of a type; the pages and forms several files of
``tests/comptes`` share (second factor, sign-up, « Mon compte »). The page's text and a field's DSFR group
are ``tests.comptes_gestion.outils.page`` and ``groupe``."""

import base64
import html
import re

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from comptes.models import EvenementSecurite, TypeOrganisation
from courriels.models import Courriel
from tests.comptes_gestion.outils import MOT_DE_PASSE_CHOISI
from tests.factories import MOT_DE_PASSE

CONNEXION = reverse("comptes:connexion")

# The paths of the links the mails carry, as regular expressions (for ``lien_du_courriel``).
LIEN_INVITATION = r"/compte/invitation/[^/\s]+/"
LIEN_INSCRIPTION = r"/compte/inscription/confirmer/\S+/\S+/"
LIEN_NOUVELLE_ADRESSE = r"/compte/mon-compte/adresse/confirmer/[^/\s]+/[^/\s]+/"
LIEN_MOT_DE_PASSE = r"/compte/mot-de-passe/nouveau/\S+/\S+/"


def lien_du_courriel(texte: str, chemin: str, portail: bool = True) -> str:
    """The path of the link to ``chemin`` (one of the ``LIEN_*``) a mail's text carries: on
    ``PORTAIL_URL``, or (``portail=False``: « Mot de passe oublié » writes the request's host) on any host."""
    lien = re.search(rf"(https?://\S+{chemin})", texte).group(1)
    if not portail:
        return re.sub(r"^https?://[^/]+", "", lien)
    assert lien.startswith(settings.PORTAIL_URL)
    return lien.removeprefix(settings.PORTAIL_URL)


def connexion(client, email, mot_de_passe=MOT_DE_PASSE, suite=None, url=CONNEXION, **entetes):
    """The login form (the portal's, or ``url``'s) posted: its response."""
    donnees = {"username": email, "password": mot_de_passe}
    if suite:
        donnees["next"] = suite
    return client.post(url, donnees, **entetes)


def evenements(type_) -> list[EvenementSecurite]:
    """The security journal's events of ``type_``, oldest first."""
    return list(EvenementSecurite.objects.filter(type=type_).order_by("pk"))


def courriels_a(adresse: str) -> list[Courriel]:
    return [c for c in Courriel.objects.order_by("pk") if adresse in c.destinataires]


def un_courriel_a(adresse: str) -> Courriel:
    courriels = courriels_a(adresse)
    assert len(courriels) == 1, [c.sujet for c in courriels]
    return courriels[0]


# « Mon équipe » (comptes.equipe, comptes.invitations) --------------------------------------------------

EQUIPE = reverse("comptes:equipe")


def connecte(user) -> Client:
    """A browser logged in as ``user`` (without the login form)."""
    client = Client()
    client.force_login(user)
    return client


def lien_d_invitation(texte: str) -> str:
    """The path of the invitation link a mail carries."""
    return lien_du_courriel(texte, LIEN_INVITATION)


# The pages of the second factor (comptes.deux_facteurs) -------------------------------------------------

CODE = reverse("comptes:deux_facteurs")
ACTIVER = reverse("comptes:deux_facteurs_activer")
CODES = reverse("comptes:codes_de_secours")


def cle_de_la_page(reponse) -> str:
    """The key the enrolment page prints (base32 by groups of four), as hex."""
    texte = re.search(r'id="cle-totp">([A-Z2-7 ]+)<', reponse.content.decode()).group(1).replace(" ", "")
    return base64.b32decode(texte + "=" * (-len(texte) % 8)).hex()


def codes_de_la_page(reponse) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", reponse.content.decode())


# « Créer un compte » (comptes.inscription) ---------------------------------------------------------------

INSCRIPTION = reverse("comptes:inscription")
SIRET = "732 829 320 00074"


def formulaire_inscription(**champs) -> dict:
    return {
        "email": "Camille.Martin@PLIE-Lille.fr",
        "first_name": "Camille",
        "last_name": "Martin",
        "password1": MOT_DE_PASSE_CHOISI,
        "password2": MOT_DE_PASSE_CHOISI,
        "siret": SIRET,
        "nom_organisation": "PLIE de la métropole lilloise",
        "type_organisation": TypeOrganisation.PLIE,
        "departement": "59",
    } | champs


def page_sans_entites(reponse) -> str:
    """The page's text, its HTML entities read (``l'équipe`` is ``l&#x27;équipe`` in the HTML)."""
    return html.unescape(reponse.content.decode())


# « Mon compte » ------------------------------------------------------------------------------------------

NOUVEAU = "Un-nouveau-mot-de-passe-2021"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


def navigateur_connecte(compte, navigateur=FIREFOX, ip="127.0.0.1") -> Client:
    """A browser logged in through the login form (so the login's receivers run)."""
    client = Client(HTTP_USER_AGENT=navigateur, REMOTE_ADDR=ip)
    reponse = connexion(client, compte.email)
    assert reponse.status_code == 302, reponse.content.decode()
    return client


def session_ouverte(client) -> bool:
    return SESSION_KEY in client.session
