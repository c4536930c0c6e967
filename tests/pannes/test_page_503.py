"""Issue 13, without a server: what counts as the database unavailable (a 503, not a 500), and the 503 page
rendered with no database at all — these tests have no database access: any query would fail them. The
same page through gunicorn, with a database that hangs or refuses: test_base_de_donnees.py."""

from pathlib import Path

import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError
from django.template import loader
from django.test import RequestFactory

from ami.erreurs import base_indisponible, erreur_serveur, service_indisponible
from tests.pannes.test_base_de_donnees import verifier_page_503

RACINE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "erreur, indisponible",
    [
        (OperationalError("connection to server failed: timeout expired"), True),
        (OperationalError("canceling statement due to statement timeout"), True),
        (InterfaceError("connection already closed"), True),
        (IntegrityError("duplicate key value violates unique constraint"), False),
        (DatabaseError("value too long"), False),
        (RuntimeError("panne simulée"), False),
    ],
)
def test_base_indisponible_seulement_pour_la_connexion(erreur, indisponible):
    assert base_indisponible(erreur) is indisponible


def test_base_indisponible_quand_elle_cause_l_erreur():
    try:
        try:
            raise InterfaceError("connection already closed")
        except InterfaceError as cause:
            raise RuntimeError("pendant la lecture de la session") from cause
    except RuntimeError as erreur:
        assert base_indisponible(erreur)


def test_page_503_rendue_sans_base_de_donnees():
    requete = RequestFactory().get("/candidatures/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        reponse = erreur_serveur(requete)
    verifier_page_503(reponse.status_code, reponse, reponse.content.decode())


def test_autre_erreur_reste_la_page_500():
    requete = RequestFactory().get("/")
    try:
        raise IntegrityError("duplicate key")
    except IntegrityError:
        reponse = erreur_serveur(requete)
    assert reponse.status_code == 500
    assert "Erreur inattendue" in reponse.content.decode()
    assert not reponse.has_header("Retry-After")


def test_service_indisponible_pour_htmx_un_fragment():
    reponse = service_indisponible(RequestFactory().get("/", HTTP_HX_REQUEST="true"))
    assert (reponse.status_code, reponse["Retry-After"]) == (503, "30")
    assert reponse.content.decode().startswith('<p class="fr-message fr-message--error">')


def test_pages_d_erreur_autonomes_sur_un_seul_gabarit():
    """Review debt: 400.html copied 500.html's standalone header. 400, 500 and 503 extend
    erreur_autonome.html, the only template that writes that header."""
    gabarits = RACINE / "templates"
    entete = '<p class="fr-header__service-title">AMI SPIE</p>'
    assert [p.name for p in sorted(gabarits.glob("*.html")) if entete in p.read_text()] == [
        "erreur_autonome.html"
    ]
    contextes = {"400.html": {"statut": 400, "titre": "Requête incorrecte", "explication": "…"}}
    for nom in ("400.html", "500.html", "503.html"):
        page = loader.render_to_string(nom, contextes.get(nom, {}))
        assert entete in page and "<h1>" in page, nom
