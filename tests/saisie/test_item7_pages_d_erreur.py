"""Issue 12 item 7: a request Django refuses before any view gets a French page saying what happened —
413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or over ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields,
400 otherwise — never Django's English « Bad Request (400) »; the autosave gets the same 413, which
``static/ami/portail.js`` turns into a message where the save status shows (tests/browser)."""

import pytest
from django.urls import reverse

from tests.saisie.hostile import ANGLAIS, corps, page, texte_visible

pytestmark = pytest.mark.django_db
URLENCODE = "application/x-www-form-urlencoded"


def _francaise(reponse) -> str:
    doc = page(reponse.content)
    assert doc.get("lang") == "fr"
    texte = texte_visible(doc)
    assert not ANGLAIS.search(texte), texte
    return texte


@pytest.mark.parametrize("autosave", [False, True], ids=["enregistrer", "autosave"])
def test_item7_corps_trop_gros_page_francaise(client_candidat, brouillon, settings, autosave):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000  # the same check as at 2,5 Mo, with a smaller body
    url = reverse("candidatures:section", args=[brouillon.pk, "axe_1"])
    paires = [("version", "0"), ("objectifs", "é" * 30_000)] + ([("_autosave", "1")] if autosave else [])
    reponse = client_candidat.post(
        url, corps(paires), content_type=URLENCODE, headers={"HX-Request": "true"} if autosave else {}
    )
    assert reponse.status_code == 413
    texte = _francaise(reponse)
    assert "Envoi trop volumineux" in texte and "Erreur 413" in texte
    assert "dépasse 49 ko" in texte and "votre saisie y est encore" in texte
    assert "HX-Retarget" not in reponse  # the page's script says it where the save status is


def test_item7_trop_de_champs_page_francaise(client_candidat, brouillon, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    url = reverse("candidatures:section", args=[brouillon.pk, "chef_de_file"])
    reponse = client_candidat.post(
        url, corps([(f"champ{n}", "x") for n in range(30)]), content_type=URLENCODE
    )
    assert reponse.status_code == 413
    texte = _francaise(reponse)
    assert "Trop de champs envoyés" in texte and "plus de 20 champs" in texte


def test_item7_requete_incorrecte_page_francaise(client):
    reponse = client.get(reverse("accueil"), headers={"Host": "portail.example.org"})  # DisallowedHost
    assert reponse.status_code == 400
    texte = _francaise(reponse)
    assert "Requête incorrecte" in texte and "Erreur 400" in texte and "Bad Request" not in texte
