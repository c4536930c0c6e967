"""Authorisation: every URL of the portal, every role."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIQUES = {
    "accueil",
    "ami:faq",
    "ami:accessibilite",
    "ami:mentions_legales",
    "ami:donnees_personnelles",
    "comptes:connexion",
    "comptes:mot_de_passe_oublie",
    "comptes:mot_de_passe_envoye",
    "comptes:nouveau_mot_de_passe",
    "comptes:mot_de_passe_modifie",
}
EXEMPLES = {
    "pk": "1",
    "section": "chef_de_file",
    "nature": "annexe",
    "piece_pk": "1",
    "cle": "membre",
    "ligne_pk": "1",
    "uidb64": "MQ",
    "token": "abc-123",
    "app_label": "comptes",
    "object_id": "1",
    "model_name": "user",
    "content_type_id": "1",
    "url": "x",
}


def toutes_les_urls(resolver=None, prefixe="", espace=None):
    """(name, path) of every named URL of the portal, with sample values for parameters."""
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            ns = motif.namespace
            nouvel_espace = f"{espace}:{ns}" if espace and ns else (ns or espace)
            yield from toutes_les_urls(motif, prefixe + str(motif.pattern), nouvel_espace)
        elif isinstance(motif, URLPattern) and motif.name:
            nom = f"{espace}:{motif.name}" if espace else motif.name
            chemin = prefixe + str(motif.pattern)
            for cle, valeur in EXEMPLES.items():
                for forme in (f"<{cle}>", f"<str:{cle}>", f"<path:{cle}>", f"<int:{cle}>"):
                    chemin = chemin.replace(forme, valeur)
            chemin = chemin.replace("^", "").replace("$", "").replace("\\Z", "")
            if "<" in chemin or "(" in chemin:
                continue  # Django admin's regex catch-alls: covered by the admin's own check below
            yield nom, "/" + chemin


URLS = sorted(set(toutes_les_urls()))


def test_l_inventaire_couvre_les_espaces():
    noms = {nom for nom, _ in URLS}
    assert {
        "candidatures:mes_dossiers",
        "instruction:a_instruire",
        "instruction:territoire",
        "ami:administration",
        "comptes:espace",
    } <= noms


# The read API authenticates by token (``Authorization: Bearer``), not by session: its documentation is
# public, its data answers 401 (JSON) to whoever comes without a token (tests/api).
API_PUBLIQUES = {"api:v1:openapi-json", "api:v1:openapi-view"}


def _api(nom: str) -> bool:
    return nom.startswith("api:v1:")


@pytest.mark.parametrize(("nom", "chemin"), [u for u in URLS if _api(u[0])])
def test_l_api_sans_jeton(client, nom, chemin):
    reponse = client.get(chemin)
    if nom in API_PUBLIQUES:
        assert reponse.status_code == 200, nom
    elif reponse.status_code == 302:  # the API's root (no endpoint): any page's login redirect
        assert nom == "api:v1:api-root" and reponse["Location"].startswith(reverse("comptes:connexion"))
    else:
        assert reponse.status_code in (401, 404), nom
        assert reponse["Content-Type"].startswith("application/json"), nom


@pytest.mark.parametrize(
    ("nom", "chemin"),
    [u for u in URLS if u[0] not in PUBLIQUES and not u[0].startswith("admin:") and not _api(u[0])],
)
def test_anonyme_renvoye_vers_la_connexion(client, nom, chemin):
    reponse = client.get(chemin)
    assert reponse.status_code == 302, nom
    assert reponse["Location"].startswith(reverse("comptes:connexion") + "?next="), nom


@pytest.mark.parametrize(("nom", "chemin"), [u for u in URLS if u[0] in PUBLIQUES])
def test_pages_publiques(client, nom, chemin):
    assert client.get(chemin).status_code == 200, nom


@pytest.mark.parametrize("chemin", ["/django-admin/", "/django-admin/comptes/user/"])
def test_administration_technique_reservee_au_compte_technique(client, chemin):
    assert client.get(chemin).status_code == 302
    client.force_login(UserFactory(instructeur=True))
    assert client.get(chemin).status_code == 302  # Django admin sends non-staff to its login
    client.force_login(UserFactory(administrateur=True))
    assert client.get(chemin).status_code == 302  # the business administrateur too (issue 12 item 6)
    client.force_login(UserFactory(technique=True))
    assert client.get(chemin).status_code == 200


ESPACES = [
    "candidatures:mes_dossiers",
    "instruction:a_instruire",
    "instruction:territoire",
    "ami:administration",
]
PROFILS = {
    "candidat": ({}, "candidatures:mes_dossiers"),
    "instructeur": ({"instructeur": True}, "instruction:a_instruire"),
    "agent": ({"agent": True}, "instruction:territoire"),
    "administrateur": ({"administrateur": True}, "ami:administration"),
}


@pytest.mark.parametrize("profil", PROFILS)
@pytest.mark.parametrize("espace", ESPACES)
def test_chaque_role_ne_voit_que_son_espace(client, profil, espace):
    trait, autorise = PROFILS[profil]
    client.force_login(UserFactory(**trait))
    reponse = client.get(reverse(espace))
    # The administrateur also reads the instruction queue (exports, follow-up of the call).
    if espace == autorise or (profil == "administrateur" and espace == "instruction:a_instruire"):
        assert reponse.status_code == 200
    else:
        assert reponse.status_code == 403
        contenu = reponse.content.decode()
        assert "Accès refusé" in contenu and "Erreur 403" in contenu
        assert "fr-header" in contenu  # the DSFR page, never a traceback


def test_page_inconnue_404_en_francais(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert "Page non trouvée" in reponse.content.decode()


def test_500_sans_traceback(settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.urls_panne"
    reponse = Client(raise_request_exception=False).get("/panne/")
    assert reponse.status_code == 500
    contenu = reponse.content.decode()
    assert "Erreur inattendue" in contenu
    assert "panne simulée" not in contenu and "Traceback" not in contenu


@pytest.mark.parametrize(
    ("trait", "espace", "requetes"),
    [
        # session + user (joined with its organisation or service), then what the page shows
        ({}, "candidatures:mes_dossiers", 4),  # + the call (deadline), the dossiers
        # + the départements of the filters, COUNT (the queue is empty: no row, no prefetch)
        ({"instructeur": True}, "instruction:a_instruire", 4),
        ({"agent_regional": True}, "instruction:territoire", 4),
        ({"administrateur": True}, "ami:administration", 4),  # + the call + accounts per role
    ],
)
def test_nombre_de_requetes_des_espaces(client, django_assert_num_queries, trait, espace, requetes):
    client.force_login(UserFactory(**trait))
    with django_assert_num_queries(requetes):
        assert client.get(reverse(espace)).status_code == 200
