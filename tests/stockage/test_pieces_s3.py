"""Issue 13 — the pièces on an S3-compatible object store (``STOCKAGE=s3``, moto's server): uploaded through
the real view into the bucket, scanned by the real clamd and read by pypdf from the bucket, downloaded only
through the portal after the access check (bytes equal; 404 to another candidat, to an agent of another
territory), private objects with no URL, objects deleted with their pièce."""

import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from demo.exemples import pdf
from pieces.models import EtatAnalyse, NaturePiece, Piece
from tests.clamd import SIGNATURE
from tests.factories import UserFactory
from tests.pieces.outils import poster
from tests.pieces.test_antivirus import pdf_eicar, pdf_sain

pytestmark = pytest.mark.django_db

PE = NaturePiece.LETTRE_POLE_EMPLOI
PUBLICS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture
def envoyer(django_capture_on_commit_callbacks, clamd):
    """Post a file; its analysis, queued at the commit, runs once the response is back (as a worker)."""

    def _envoyer(client, dossier, nature, contenu, nom="lettre.pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            return poster(client, dossier, nature, contenu, nom)

    return _envoyer


def url_piece(piece):
    return reverse("candidatures:piece", args=[piece.dossier_id, piece.pk])


def contenu_de(reponse) -> bytes:
    """The streamed bytes; the test client closes the response (and the object read) at their end."""
    return b"".join(reponse.streaming_content)


def get_anonyme(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as reponse:  # noqa: S310  (the test's own endpoint)
            return reponse.status
    except urllib.error.HTTPError as erreur:
        return erreur.code


def test_une_piece_va_dans_le_bucket_analysee_par_clamd_et_se_telecharge_par_le_portail(
    s3, settings, connecte, collegue, dossier, envoyer
):
    # Read in the background (the task reads the object from the bucket: pages with pypdf, then clamd).
    settings.PIECE_ANALYSE_IMMEDIATE_MAX = 0
    contenu = pdf_sain()

    assert envoyer(connecte, dossier, PE, contenu, "lettre pôle emploi.pdf").status_code == 302

    piece = Piece.objects.get()
    assert (piece.analyse, piece.pages) == (EtatAnalyse.SAINE, 1)  # clamd's verdict on the S3 stream
    assert s3.cles() == [piece.fichier.name]
    assert piece.fichier.name.startswith(f"dossiers/{dossier.pk}/") and "pôle" not in piece.fichier.name
    assert s3.lire(piece.fichier.name) == contenu
    reponse = connecte.get(url_piece(piece))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment")
    assert "lettre%20p%C3%B4le%20emploi.pdf" in reponse["Content-Disposition"]
    assert reponse["Cache-Control"] == "private, no-store"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert int(reponse["Content-Length"]) == len(contenu)
    assert contenu_de(reponse) == contenu
    # Another member of the porteur too.
    connecte.force_login(collegue)
    assert contenu_de(connecte.get(url_piece(piece))) == contenu


def test_un_virus_sur_s3_est_trouve_par_clamd_et_l_objet_supprime(s3, connecte, dossier, envoyer):
    assert envoyer(connecte, dossier, PE, pdf_eicar(), "lettre-eicar.pdf").status_code == 302

    piece = Piece.objects.get()
    assert (piece.analyse, piece.analyse_detail) == (EtatAnalyse.INFECTEE, f"{SIGNATURE}-Corps.UNOFFICIAL")
    assert s3.cles() == []
    assert connecte.get(url_piece(piece)).status_code == 410


def test_seuls_les_ayants_droit_telechargent(s3, client, depose, candidat, agent_nord, agent_ailleurs):
    """The dossier of the Nord, deposited with its pièces in the bucket: its porteur and the DDETS du Nord
    download them; another candidat and the DDETS d'Ille-et-Vilaine get 404, as for a dossier that does
    not exist."""
    pieces = list(depose.pieces.all())
    assert pieces and s3.cles() == sorted(p.fichier.name for p in pieces)
    piece = pieces[0]
    for ayant_droit in (candidat, agent_nord):
        client.force_login(ayant_droit)
        assert contenu_de(client.get(url_piece(piece))) == s3.lire(piece.fichier.name)
    for intrus in (UserFactory(), agent_ailleurs):
        client.force_login(intrus)
        assert client.get(url_piece(piece)).status_code == 404


def test_aucune_url_ni_acl_publique(s3, connecte, dossier, envoyer):
    assert envoyer(connecte, dossier, PE, pdf(2)).status_code == 302
    piece = Piece.objects.get()

    acl = s3.client.get_object_acl(Bucket=s3.nom, Key=piece.fichier.name)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["ID"] == acl["Owner"]["ID"]  # the portal's account, nobody else
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI") in PUBLICS]
    # Nobody reads the object without the portal's credentials (the bucket's own policy, « Block public
    # access », is the operator's: README, « Mise en production »).
    assert get_anonyme(f"{s3.adresse}/{s3.nom}/{piece.fichier.name}") == 403
    # And the portal builds no URL to it, signed or not.
    with pytest.raises(NotImplementedError, match="n’ont pas d’URL"):
        piece.fichier.url  # noqa: B018


def test_supprimer_ou_remplacer_une_piece_supprime_son_objet(s3, connecte, dossier, envoyer):
    assert envoyer(connecte, dossier, PE, pdf(1)).status_code == 302
    ancienne = Piece.objects.get()
    nouveau = pdf(3)

    assert envoyer(connecte, dossier, PE, nouveau).status_code == 302  # replaced
    piece = Piece.objects.get()
    assert piece.pk != ancienne.pk
    assert s3.cles() == [piece.fichier.name] != [ancienne.fichier.name]
    assert s3.lire(piece.fichier.name) == nouveau

    reponse = connecte.post(reverse("candidatures:piece_supprimer", args=[dossier.pk, piece.pk]))
    assert reponse.status_code == 302
    assert not Piece.objects.exists()
    assert s3.cles() == []


def test_objet_disparu_du_bucket_404(s3, connecte, dossier, envoyer):
    assert envoyer(connecte, dossier, PE, pdf(1)).status_code == 302
    piece = Piece.objects.get()
    s3.client.delete_object(Bucket=s3.nom, Key=piece.fichier.name)

    assert connecte.get(url_piece(piece)).status_code == 404
