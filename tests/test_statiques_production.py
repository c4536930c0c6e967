"""Issue 13 item 2: with the production storage (collectstatic into CompressedManifestStaticFilesStorage),
every stylesheet and script of base.html is served, and no integrity attribute of a page differs from the
file actually served (django-dsfr's hashes are those of its original files, and the storage rewrites
the url() inside dsfr.min.css: Chromium refused the stylesheets and the site was unstyled)."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

DSFR_CSS = Path("dsfr/dist/dsfr/dsfr.min.css")
RESSOURCE = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="(/static/[^"]+)"[^>]*>', re.S)

pytestmark = pytest.mark.django_db


class StockageDeProduction(CompressedManifestStaticFilesStorage):
    """The production storage (ami.settings_production), without its gzip and brotli copies: they take
    minutes on this machine, and the url() rewriting that changes dsfr.min.css is the manifest's, the
    same. SRI is checked on the decoded body: the bytes of the uncompressed file."""

    def compress_files(self, paths):
        return iter(())


STOCKAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": f"{__name__}.StockageDeProduction"},
}


@pytest.fixture(scope="module")
def collectes(tmp_path_factory):
    """``collectstatic`` with the production storage, into a temporary STATIC_ROOT."""
    racine = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=str(racine), STORAGES=STOCKAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return racine


@pytest.fixture
def production(settings, collectes, appel_ouvert):
    settings.STATIC_ROOT = str(collectes)
    settings.STORAGES = STOCKAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    return Client()  # a new client: whitenoise reads STATIC_ROOT when its middleware is built


def sri(contenu: bytes, algorithme: str) -> str:
    return f"{algorithme}-" + base64.b64encode(hashlib.new(algorithme, contenu).digest()).decode()


def ressources_en_defaut(client, chemin: str) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts of the page, and those whose integrity is not the served file's."""
    page = client.get(chemin)
    assert page.status_code == 200
    adresses, defauts = [], []
    for balise in re.finditer(RESSOURCE, page.content.decode()):
        adresse = balise.group(1)
        adresses.append(adresse)
        servi = client.get(adresse)
        assert servi.status_code == 200, adresse
        contenu = b"".join(servi.streaming_content)
        for empreinte in re.findall(r'integrity="([^"]+)"', balise.group(0)):
            algorithme = empreinte.split("-", 1)[0]
            if sri(contenu, algorithme) != empreinte:
                defauts.append(f"{adresse} : {empreinte} ≠ {sri(contenu, algorithme)}")
    return adresses, defauts


def test_item2_integrite_des_feuilles_de_style_en_production(production):
    for chemin in ("/", "/compte/connexion/"):
        adresses, defauts = ressources_en_defaut(production, chemin)
        # The manifest's names (dsfr.min.<hash>.css): these are the collected files, as in production.
        assert any(re.search(r"/dsfr\.min\.[0-9a-f]{12}\.css$", a) for a in adresses), adresses
        assert any(re.search(r"/ami/portail\.[0-9a-f]{12}\.js$", a) for a in adresses), adresses
        assert len(adresses) >= 8  # the DSFR's 3 stylesheets and 2 scripts, htmx, the portal's
        assert defauts == []


def test_item2_le_controle_voit_une_integrite_perimee(production, settings, collectes):
    """Why: the storage rewrites dsfr.min.css, so django-dsfr's own hashes, switched back on, no longer
    match what is served; the check above finds them."""
    from dsfr.checksums import INTEGRITY_CSS

    original = (Path(__import__("dsfr").__file__).parent / "static" / DSFR_CSS).read_bytes()
    assert sri(original, "sha384") == INTEGRITY_CSS
    settings.DSFR_USE_INTEGRITY_CHECKSUMS = True
    _, defauts = ressources_en_defaut(production, "/")
    assert any("dsfr.min." in d for d in defauts), defauts
