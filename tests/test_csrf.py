"""Issue 13 item 1: htmx's saves take the CSRF token from the page, never from the cookie (HttpOnly in
production); item 7: a CSRF failure shows the portal's French 403 page, or, for an htmx save, the
explanation where the save status shows with the current token. Django's test client skips the CSRF
check unless ``enforce_csrf_checks``: these tests enforce it (tests/browser/test_securite.py drives the
real page)."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from candidatures.models import Dossier, Section
from tests.dossier.outils import chef_de_file, url_section
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings, appel_ouvert):
    settings.CSRF_COOKIE_HTTPONLY = True  # as ami.settings_production


@pytest.fixture
def client_strict(candidat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(candidat)
    return client


def jeton_de_la_page(reponse) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', reponse.content.decode()).group(1)


def sauvegarde(client, dossier, jeton, **champs):
    return client.post(
        url_section(dossier, Section.CHEF_DE_FILE),
        chef_de_file(_autosave="1", **champs),
        headers={"HX-Request": "true", "X-CSRFToken": jeton},
    )


def test_item1_portail_js_prend_le_jeton_dans_la_page_jamais_dans_le_cookie():
    script = (django_settings.BASE_DIR / "static" / "ami" / "portail.js").read_text()
    assert "document.cookie" not in script
    assert 'meta[name="csrf-token"]' in script


def test_item1_sauvegarde_htmx_acceptee_avec_un_cookie_httponly(client_strict, dossier):
    page = client_strict.get(url_section(dossier, Section.CHEF_DE_FILE))
    assert page.cookies[django_settings.CSRF_COOKIE_NAME]["httponly"] is True  # unreadable by the page
    jeton = jeton_de_la_page(page)

    reponse = sauvegarde(client_strict, dossier, jeton, adresse="3 rue de Roubaix")

    assert reponse.status_code == 200
    assert "Enregistré à" in reponse.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).adresse == "3 rue de Roubaix"
    # The check is on: the empty token that the cookie-reading script sent is refused.
    assert sauvegarde(client_strict, dossier, "", adresse="ailleurs").status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).adresse == "3 rue de Roubaix"


def test_item7_jeton_perime_apres_reconnexion_la_sauvegarde_explique_et_donne_le_nouveau(
    client_strict, candidat, dossier
):
    jeton = jeton_de_la_page(client_strict.get(url_section(dossier, Section.CHEF_DE_FILE)))
    # Logged in again in another tab: Django rotates the CSRF secret at each login.
    connexion = reverse("comptes:connexion")
    identifiants = {"username": candidat.email, "password": MOT_DE_PASSE}
    del client_strict.cookies[django_settings.SESSION_COOKIE_NAME]  # the session expired meanwhile
    identifiants["csrfmiddlewaretoken"] = jeton_de_la_page(client_strict.get(connexion))
    assert client_strict.post(connexion, identifiants).status_code == 302

    refus = sauvegarde(client_strict, dossier, jeton, adresse="3 rue de Roubaix")

    assert refus.status_code == 403
    assert refus["HX-Retarget"] == "#statut-enregistrement"
    assert refus["HX-Reswap"] == "innerHTML"
    contenu = refus.content.decode()
    assert "La page a expiré : votre saisie n’est pas encore enregistrée" in contenu
    assert "Votre saisie reste dans la page" in contenu
    assert Dossier.objects.get(pk=dossier.pk).adresse == ""
    # The next save, with the token the failure gave, goes through.
    nouveau = refus["X-Jeton-CSRF"]
    assert sauvegarde(client_strict, dossier, nouveau, adresse="3 rue de Roubaix").status_code == 200
    assert Dossier.objects.get(pk=dossier.pk).adresse == "3 rue de Roubaix"


def test_item7_echec_csrf_page_francaise_du_portail():
    client = Client(enforce_csrf_checks=True)
    connexion = reverse("comptes:connexion")
    client.get(connexion)

    reponse = client.post(
        connexion,
        {"username": "x@exemple.fr", "password": "y"},
        headers={"Referer": "http://testserver" + connexion},
    )

    assert reponse.status_code == 403
    contenu = reponse.content.decode()
    assert "<h1>La page a expiré</h1>" in contenu
    assert "rechargez-la" in contenu and "Forbidden" not in contenu
    assert 'class="fr-header' in contenu  # the portal's page, with its header
    assert f'href="http://testserver{connexion}">Recharger la page du formulaire' in contenu
    assert "frame-ancestors 'none'" in reponse["Content-Security-Policy"]
    # A form sent from elsewhere: no link back to that site.
    ailleurs = client.post(
        connexion, {"username": "x"}, headers={"Referer": "https://malveillant.example/page"}
    )
    assert ailleurs.status_code == 403
    assert "malveillant" not in ailleurs.content.decode()
