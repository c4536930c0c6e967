"""Issue 12 item 5 — the size limit enforced while the body streams in (``pieces.televersement``): a 30 MB
body is not read in full, the French message sits next to the field, nothing else of the page is lost."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from demo.exemples import pdf
from pieces.models import NaturePiece, Piece
from pieces.televersement import interruption
from tests.dossier.outils import erreurs_du_champ
from tests.pieces.outils import url_ajout

pytestmark = pytest.mark.django_db

TRENTE_MO = 30 * 1024 * 1024
PE = NaturePiece.LETTRE_POLE_EMPLOI


def gros_fichier(taille=TRENTE_MO):
    return SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.7\n" + b"\x00" * (taille - 9), content_type="application/pdf"
    )


def test_item5_un_corps_de_30_mo_n_est_pas_lu_en_entier(settings, candidat, dossier, envoyer):
    """With the CSRF check on, as in a browser: the token, sent before the file, is read; the reading stops
    a chunk past PIECE_TAILLE_MAX; the page says why, next to the field, with the other pièces intact."""
    navigateur = Client(enforce_csrf_checks=True)
    navigateur.force_login(candidat)
    envoyer(
        navigateur,
        dossier,
        NaturePiece.ANNEXE,
        pdf(2),
        "annexe.pdf",
        csrfmiddlewaretoken=jeton(navigateur, dossier),
    )
    assert Piece.objects.filter(nature=NaturePiece.ANNEXE).count() == 1

    reponse = navigateur.post(
        url_ajout(dossier, PE),
        {"csrfmiddlewaretoken": jeton(navigateur, dossier), f"{PE}-fichier": gros_fichier()},
    )

    corps = reponse.wsgi_request.META["wsgi.input"]  # the test client's body: what is left unread
    lus = int(reponse.wsgi_request.META["CONTENT_LENGTH"]) - len(corps)
    assert lus <= settings.PIECE_TAILLE_MAX + 256 * 1024  # 10 Mo and a chunk of 64 ko, not 30 Mo
    assert reponse.status_code == 413
    page = reponse.content.decode()
    erreur = erreurs_du_champ(page, "id_lettre_pole_emploi-fichier")
    assert "Le fichier pèse environ 30 Mo ; 10 Mo au maximum : l’envoi a été arrêté." in erreur
    assert 'aria-describedby="id_lettre_pole_emploi-fichier-desc-error"' in page
    # Nothing else lost: the annexe sent before is listed, every form of the page is there.
    # a CD on its own département: every nature but the CD letter
    assert "annexe.pdf" in page
    assert page.count('enctype="multipart/form-data"') == len(NaturePiece.values) - 1
    assert Piece.objects.count() == 1


def jeton(client, dossier) -> str:
    page = client.get(f"/candidatures/{dossier.pk}/pieces/").content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_item5_request_post_garde_les_champs_envoyes_avant_le_fichier(settings, connecte, dossier):
    """What request.POST holds when the handler stops: the fields before the file, not those after it
    (they were never read); the form knows the upload was stopped instead of saying « choisissez un
    fichier »."""
    settings.PIECE_TAILLE_MAX = 1024 * 1024
    reponse = connecte.post(
        url_ajout(dossier, PE),
        {"avant": "saisi avant", f"{PE}-fichier": gros_fichier(3 * 1024 * 1024), "apres": "saisi après"},
    )

    requete = reponse.wsgi_request
    assert requete.POST.get("avant") == "saisi avant"
    assert "apres" not in requete.POST and not requete.FILES
    assert interruption(requete) == int(requete.META["CONTENT_LENGTH"])
    erreur = erreurs_du_champ(reponse.content.decode(), "id_lettre_pole_emploi-fichier")
    assert "Le fichier pèse environ 3 Mo ; 1 Mo au maximum" in erreur and "Choisissez" not in erreur


def test_item5_un_fichier_a_la_limite_passe(settings, connecte, dossier, envoyer):
    contenu = pdf(1)
    settings.PIECE_TAILLE_MAX = len(contenu)
    assert envoyer(connecte, dossier, PE, contenu).status_code == 302
    assert Piece.objects.get().taille == len(contenu)
