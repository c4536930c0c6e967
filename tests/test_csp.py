"""Issue 12 item 2: a strict Content-Security-Policy on every page, a Permissions-Policy, and
``Cache-Control: private, no-store`` on every response for one person (a page of a logged-in user, a piece,
a PDF, an export, the API), while static files keep their caching."""

import re

import pytest
from django.urls import reverse

from pieces.models import EtatAnalyse
from tests.api.outils import ClientApi, emettre
from tests.exports.demandes import demander, telecharger
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

BALISE_SCRIPT = re.compile(r"<script\b[^>]*>", re.I)
# Inside a tag: an inline handler (onclick=…) or a style attribute. User text is escaped (&lt;), so a
# match can only come from the markup.
ATTRIBUT_INTERDIT = re.compile(r"<[a-z][^>]*\s(on[a-z]+|style)\s*=", re.I)


@pytest.fixture(autouse=True)
def _appel(appel_ouvert):
    return appel_ouvert


def directives(reponse) -> dict[str, list[str]]:
    politique = reponse["Content-Security-Policy"]
    return {nom: valeurs for nom, *valeurs in (d.split() for d in politique.split(";") if d.strip())}


def verifier_page(reponse):
    """The CSP of an HTML page: strict, and the nonce of its header on every <script> of the page."""
    assert reponse.status_code == 200, (reponse.wsgi_request.path, reponse.status_code)
    csp = directives(reponse)
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive], csp
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    nonces = [v for v in csp["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1, csp["script-src"]
    nonce = nonces[0][len("'nonce-") : -1]
    html = reponse.content.decode()
    scripts = BALISE_SCRIPT.findall(html)
    assert len(scripts) >= 3  # the DSFR's (module and nomodule), htmx, the portal's
    for balise in scripts:
        assert f'nonce="{nonce}"' in balise, balise
        assert " src=" in balise, balise
    assert not ATTRIBUT_INTERDIT.search(html), ATTRIBUT_INTERDIT.search(html).group(0)
    assert "<style" not in html
    verifier_permissions(reponse)
    return html


def verifier_permissions(reponse):
    politique = reponse["Permissions-Policy"]
    for fonctionnalite in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{fonctionnalite}=()" in politique, politique


def verifier_pas_de_cache(reponse):
    controle = reponse["Cache-Control"]
    assert "no-store" in controle and "private" in controle, controle
    assert "public" not in controle and "max-age=3" not in controle


def test_item2_pages_publiques_csp_stricte(client):
    accueil = client.get(reverse("accueil"))
    verifier_page(accueil)
    connexion = client.get(reverse("comptes:connexion"))
    verifier_page(connexion)
    verifier_pas_de_cache(connexion)  # never_cache: kept as it is
    verifier_page(client.get(reverse("ami:faq")))
    # Two requests, two nonces.
    assert directives(accueil)["script-src"] != directives(client.get(reverse("accueil")))["script-src"]


def test_item2_pages_d_un_candidat_csp_et_pas_de_cache(client, candidat, depose):
    brouillon = DossierFactory(organisation=candidat.organisation, cree_par=candidat)
    client.force_login(candidat)
    for url in (
        reverse("accueil"),
        reverse("candidatures:mes_dossiers"),
        reverse("candidatures:apercu", args=[depose.pk]),
        reverse("candidatures:recepisse", args=[depose.pk]),
        reverse("candidatures:section", args=[brouillon.pk, "axe_4"]),
        reverse("candidatures:section", args=[brouillon.pk, "budget"]),
        reverse("candidatures:section_pieces", args=[brouillon.pk]),
        reverse("candidatures:depot", args=[brouillon.pk]),
    ):
        reponse = client.get(url)
        verifier_page(reponse)
        verifier_pas_de_cache(reponse)


def test_item2_pages_de_l_etat_csp_et_pas_de_cache(client, depose, instructeur, administrateur):
    client.force_login(instructeur)
    for url in (
        reverse("instruction:a_instruire"),
        reverse("instruction:dossier", args=[depose.pk]),
        reverse("instruction:classement"),
        reverse("pilotage:tableau_de_bord"),
        reverse("exports:exports"),
    ):
        reponse = client.get(url)
        verifier_page(reponse)
        verifier_pas_de_cache(reponse)
    client.force_login(administrateur)
    for url in (reverse("comptes:gestion"), reverse("comptes:inviter"), reverse("api:jetons")):
        reponse = client.get(url)
        html = verifier_page(reponse)
        verifier_pas_de_cache(reponse)
    # The account form's script is a file, with the nonce (checked above).
    assert (
        "comptes/rattachement" in html
        or "comptes/rattachement" in client.get(reverse("comptes:inviter")).content.decode()
    )


def test_item2_documentation_de_l_api(client):
    verifier_page(client.get(reverse("api:v1:openapi-view")))


def contenu(reponse) -> bytes:
    """Read to the end: the test client then closes the file of a FileResponse."""
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content


def test_item2_telechargements_jamais_conserves(client, candidat, depose, instructeur):
    client.force_login(candidat)
    piece = depose.pieces.first()
    piece.analyse = EtatAnalyse.SAINE  # as the antivirus leaves it (pieces.analyse)
    piece.save(update_fields=["analyse"])
    for url in (
        reverse("candidatures:piece", args=[depose.pk, piece.pk]),
        reverse("exports:dossier_pdf", args=[depose.pk]),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        assert reponse["Content-Disposition"].startswith("attachment")
        verifier_pas_de_cache(reponse)
        verifier_permissions(reponse)
        contenu(reponse)
    # The export files, written by the worker (inline here), downloaded from « Mes exports ».
    for format_, feuille in (("xlsx", ""), ("csv", "dossiers")):
        reponse, _ = telecharger(client, demander(client, instructeur, format_, feuille))
        assert reponse["Content-Disposition"].startswith("attachment")
        verifier_pas_de_cache(reponse)
        verifier_permissions(reponse)


def test_item2_api_jamais_conservee(instructeur, depose):
    api = ClientApi(emettre(instructeur))
    for url in (reverse("api:v1:dossiers"), reverse("api:v1:dossier", args=[depose.pk])):
        reponse = api.get(url)
        assert reponse.status_code == 200, (url, reponse.content)
        verifier_pas_de_cache(reponse)
        assert "frame-ancestors 'none'" in reponse["Content-Security-Policy"]
    # A refused token too: the answer names no one, but is no one's to keep.
    verifier_pas_de_cache(ClientApi("ami_faux").get(reverse("api:v1:dossiers")))


def test_item2_les_fichiers_statiques_gardent_leur_cache(client, candidat):
    client.force_login(candidat)
    reponse = client.get("/static/ami/portail.css")
    assert reponse.status_code == 200
    assert "no-store" not in reponse.get("Cache-Control", "")
    assert "max-age" in reponse["Cache-Control"]
    contenu(reponse)
