"""Every instruction URL × every role, with the expected answer — attachments included.

A dossier of the Nord (59, Hauts-de-France), deposited. Roles: its candidat, a candidat of another
porteur, an instructeur, the DDETS of the Nord, the DREETS of Hauts-de-France, the DDETS of
Ille-et-Vilaine, an administrateur, an anonymous visitor (sent to the login page)."""

import pytest
from django.urls import reverse

from candidatures.models import Dossier, Etat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "candidat",
    "autre_candidat",
    "instructeur",
    "agent_nord",
    "agent_region",
    "agent_ailleurs",
    "admin",
    "anonyme",
]


def _url(nom, *args):
    """The URL of a row: ``d`` is the dossier, ``p`` its first pièce."""

    def construire(d, p):
        valeurs = [{"d": d.pk, "p": p.pk}.get(a, a) for a in args]
        return reverse(nom, args=valeurs)

    return construire


# name, method, URL, expected answer per role in the order of ROLES (C: redirect to the login page).
MATRICE = [
    ("file", "get", _url("instruction:a_instruire"), "403 403 200 403 403 403 200 C"),
    ("territoire", "get", _url("instruction:territoire"), "403 403 403 200 200 200 403 C"),
    ("classement", "get", _url("instruction:classement"), "403 403 200 403 403 403 200 C"),
    ("fiche", "get", _url("instruction:dossier", "d"), "403 403 200 200 200 404 200 C"),
    ("prendre", "post", _url("instruction:action", "d", "prendre"), "403 403 302 403 403 403 403 C"),
    (
        "recevabilite",
        "post",
        _url("instruction:action", "d", "recevabilite"),
        "403 403 409 403 403 403 403 C",
    ),
    ("noter", "post", _url("instruction:action", "d", "noter"), "403 403 409 403 403 403 403 C"),
    (
        "demander_avis",
        "post",
        _url("instruction:action", "d", "demander_avis"),
        "403 403 422 403 403 403 403 C",
    ),
    ("avis", "post", _url("instruction:action", "d", "avis"), "403 403 403 422 422 404 403 C"),
    ("proposer", "post", _url("instruction:action", "d", "proposer"), "403 403 409 403 403 403 403 C"),
    ("decider", "post", _url("instruction:action", "d", "decider"), "403 403 409 403 403 403 403 C"),
    ("piece", "get", _url("candidatures:piece", "d", "p"), "200 404 200 200 200 404 200 C"),
    ("recepisse", "get", _url("candidatures:recepisse", "d"), "200 404 403 403 403 403 403 C"),
]


@pytest.fixture
def utilisateurs(candidat, instructeur, agent_nord, agent_region, agent_ailleurs, administrateur):
    return {
        "candidat": candidat,
        "autre_candidat": UserFactory(),
        "instructeur": instructeur,
        "agent_nord": agent_nord,
        "agent_region": agent_region,
        "agent_ailleurs": agent_ailleurs,
        "admin": administrateur,
        "anonyme": None,
    }


@pytest.mark.parametrize("nom,methode,url,attendus", MATRICE, ids=[m[0] for m in MATRICE])
@pytest.mark.parametrize("role", ROLES)
def test_matrice(client, depose, utilisateurs, role, nom, methode, url, attendus):
    user = utilisateurs[role]
    if user is not None:
        client.force_login(user)
    adresse = url(depose, depose.pieces.first())
    donnees = {"version_instruction": depose.version_instruction} if methode == "post" else None
    reponse = getattr(client, methode)(adresse, donnees)
    if reponse.streaming:  # a FileResponse: read to the end, the test client then closes its file
        b"".join(reponse.streaming_content)
    attendu = dict(zip(ROLES, attendus.split(), strict=True))[role]
    if attendu == "C":
        assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    else:
        assert reponse.status_code == int(attendu), (role, nom, reponse.status_code)
    if methode == "post" and attendu != "302":
        assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE  # nothing changed


def test_un_brouillon_n_existe_pas_pour_l_etat(client, candidat, instructeur, agent_nord, administrateur):
    from tests.factories import DossierFactory

    brouillon = DossierFactory(organisation=candidat.organisation)
    brouillon.departements.add("59")
    for user in (instructeur, agent_nord, administrateur):
        client.force_login(user)
        assert client.get(reverse("instruction:dossier", args=[brouillon.pk])).status_code == 404
