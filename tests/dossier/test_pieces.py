"""Pièces jointes: upload checked by content, size and pages; private storage; download through the
dossier's rights; replacement and removal delete the file."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidatures.depot import deposer
from candidatures.models import Dossier, Section
from demo.exemples import dossier_complet, pdf
from pieces.models import EtatAnalyse, NaturePiece, Piece
from tests import pdfs_hostiles as H
from tests.dossier.outils import CONNEXION, erreurs_du_champ
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


def fichier(contenu: bytes, nom: str = "lettre.pdf", type_mime: str = "application/pdf"):
    return SimpleUploadedFile(nom, contenu, content_type=type_mime)


@pytest.fixture
def envoyer(django_capture_on_commit_callbacks, clamd):
    """Post a file; the analysis queued at the commit runs when the response is back (as a Celery
    worker would run it), with the session's clamd."""

    def _envoyer(client, dossier, nature, contenu, nom="lettre.pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("candidatures:piece_ajouter", args=[dossier.pk, nature]),
                {f"{nature}-fichier": fichier(contenu, nom)},
            )

    return _envoyer


def dans(chemin, racine) -> bool:
    return Path(chemin).resolve().is_relative_to(Path(racine).resolve())


def test_le_stockage_suit_private_media_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert Piece._meta.get_field("fichier").storage.location == str(tmp_path)


def test_envoi_d_un_pdf(stockage_prive, connecte, dossier, candidat, envoyer):
    contenu = pdf(3)
    reponse = envoyer(connecte, dossier, NaturePiece.LETTRE_POLE_EMPLOI, contenu)

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("candidatures:section", args=[dossier.pk, Section.PIECES])
    piece = Piece.objects.get(dossier=dossier)
    assert (piece.nature, piece.nom, piece.pages, piece.taille) == (
        NaturePiece.LETTRE_POLE_EMPLOI,
        "lettre.pdf",
        3,
        len(contenu),
    )
    assert piece.empreinte == hashlib.sha256(contenu).hexdigest()
    assert piece.depose_par == candidat
    assert dans(piece.fichier.path, stockage_prive)
    assert Path(piece.fichier.path).read_bytes() == contenu
    assert "lettre" not in Path(piece.fichier.name).name  # never the candidat's name on disk
    assert Dossier.objects.get(pk=dossier.pk).version(Section.PIECES) == 1
    assert piece.analyse == EtatAnalyse.SAINE and piece.analyse_le is not None
    page = connecte.get(reponse["Location"]).content.decode()
    # The analysis ran after the response (a worker's): the message said it was under way.
    assert "« lettre.pdf » est reçu (3 pages) ; son analyse antivirus est en cours." in page
    assert "PDF, 3 pages" in page and "Aucun virus trouvé par l’antivirus" in page


def test_un_fichier_texte_nomme_pdf_est_refuse(stockage_prive, connecte, dossier, envoyer):
    reponse = envoyer(
        connecte, dossier, NaturePiece.LETTRE_POLE_EMPLOI, b"Ceci n'est pas un PDF.\n" * 10, "faux.pdf"
    )

    assert reponse.status_code == 422
    erreur = erreurs_du_champ(reponse.content.decode(), "id_lettre_pole_emploi-fichier")
    assert "Ce fichier n’est pas un PDF" in erreur
    assert not Piece.objects.exists()
    assert not any(Path(stockage_prive).rglob("*.pdf"))


def test_un_fichier_trop_lourd_est_refuse(stockage_prive, settings, connecte, dossier, envoyer):
    contenu = pdf(3)
    settings.PIECE_TAILLE_MAX = len(contenu) - 1

    reponse = envoyer(connecte, dossier, NaturePiece.LETTRE_POLE_EMPLOI, contenu)

    assert reponse.status_code == 413  # stopped while the body streamed (pieces.televersement)
    erreur = erreurs_du_champ(reponse.content.decode(), "id_lettre_pole_emploi-fichier")
    assert "Le fichier pèse environ" in erreur and "au maximum : l’envoi a été arrêté" in erreur
    assert not Piece.objects.exists()


def test_sans_le_gestionnaire_d_envoi_le_formulaire_refuse_encore_la_taille(
    stockage_prive, settings, connecte, dossier, envoyer
):
    """The form's own check, should FILE_UPLOAD_HANDLERS lose the portal's handler."""
    contenu = pdf(3)
    settings.PIECE_TAILLE_MAX = len(contenu) - 1
    settings.FILE_UPLOAD_HANDLERS = settings.FILE_UPLOAD_HANDLERS[1:]

    reponse = envoyer(connecte, dossier, NaturePiece.LETTRE_POLE_EMPLOI, contenu)

    assert reponse.status_code == 422
    erreur = erreurs_du_champ(reponse.content.decode(), "id_lettre_pole_emploi-fichier")
    assert "Le fichier pèse" in erreur and "au maximum." in erreur
    assert not Piece.objects.exists()


def test_une_annexe_de_11_pages_est_refusee_a_l_envoi_et_l_ancienne_gardee(
    stockage_prive, connecte, dossier, envoyer
):
    """Issue 16, point 1: over the call's maximum (10 pages in 2021), refused at upload with its count;
    the 10-page annex joined before stays, whole; the side menu still counts it."""
    assert envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(10), "annexe-10.pdf").status_code == 302
    ancienne = Piece.objects.get(dossier=dossier, nature=NaturePiece.ANNEXE)

    reponse = envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(11), "annexe-11.pdf")

    assert reponse.status_code == 422
    page = reponse.content.decode()
    erreur = erreurs_du_champ(page, "id_annexe-fichier")
    assert "Ce PDF compte 11 pages ; la pièce jointe facultative en compte 10 au maximum" in erreur
    assert "« annexe-10.pdf » reste joint au dossier." in erreur
    assert "est joint au dossier (11" not in page
    assert list(Piece.objects.filter(dossier=dossier).values_list("pk", "nom")) == [
        (ancienne.pk, "annexe-10.pdf")
    ]
    assert Path(ancienne.fichier.path).exists()


def test_le_maximum_de_l_annexe_est_celui_de_l_appel(stockage_prive, connecte, dossier, envoyer):
    dossier.appel.annexe_pages_max = 4
    dossier.appel.save(update_fields=["annexe_pages_max"])
    page = connecte.get(reverse("candidatures:section_pieces", args=[dossier.pk])).content.decode()
    assert "Pièce jointe facultative (4 pages au maximum)" in page
    assert "10 pages" not in page

    refus = envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(5), "annexe.pdf")
    assert refus.status_code == 422
    assert "en compte 4 au maximum" in erreurs_du_champ(refus.content.decode(), "id_annexe-fichier")
    assert envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(4), "annexe.pdf").status_code == 302
    assert Piece.objects.get(dossier=dossier).pages == 4


def test_une_annexe_comptee_en_arriere_plan_ne_remplace_l_ancienne_qu_acceptee(
    settings, stockage_prive, connecte, dossier, envoyer, django_capture_on_commit_callbacks
):
    """The pages counted only by the background task (a PDF too long to read in the request): the
    earlier annex stays joined while the new one is analysed, and for good when it is refused."""
    assert envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(3), "annexe-3.pdf").status_code == 302
    ancienne = Piece.objects.get(dossier=dossier)
    settings.PIECE_ANALYSE_DELAI = 0  # the request's reading is over at once: the task counts the pages
    from tests.pieces.outils import poster

    with django_capture_on_commit_callbacks(execute=False) as rappels:
        # 12 pages, the tree declaring 1: only pypdf's count, here the task's, finds them
        menteur = H.compte_menteur(12)
        assert poster(connecte, dossier, NaturePiece.ANNEXE, menteur, "annexe-12.pdf").status_code == 302
    nouvelle = Piece.objects.get(remplace=ancienne)
    assert nouvelle.pages is None
    page = connecte.get(reverse("candidatures:section_pieces", args=[dossier.pk])).content.decode()
    assert "Fichier envoyé pour remplacer « annexe-3.pdf »" in page
    r18 = re.search(r'<li[^>]*id="regle-R18".*?</li>', page, re.S).group(0)
    assert "3 pages sur 10" in r18  # the earlier one counts until then

    for rappel in rappels:
        rappel()

    nouvelle.refresh_from_db()
    assert (nouvelle.analyse, nouvelle.pages, nouvelle.fichier.name) == (EtatAnalyse.REFUSEE, 12, "")
    assert "Ce PDF compte 12 pages ; la pièce jointe facultative en compte 10 au maximum" in (
        nouvelle.analyse_detail
    )
    ancienne.refresh_from_db()
    assert ancienne.remplace_id is None and Path(ancienne.fichier.path).exists()
    page = connecte.get(reverse("candidatures:section_pieces", args=[dossier.pk])).content.decode()
    assert "Ce fichier a été refusé et supprimé : Ce PDF compte 12 pages" in page
    r18 = re.search(r'<li[^>]*id="regle-R18".*?</li>', page, re.S).group(0)
    assert "3 pages sur 10" in r18  # still the kept one

    # A third upload, accepted: it takes the place of the kept one, the refused attempt goes.
    settings.PIECE_ANALYSE_DELAI = 2.0
    assert envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(2), "annexe-2.pdf").status_code == 302
    assert list(Piece.objects.filter(dossier=dossier).values_list("nom", "remplace")) == [
        ("annexe-2.pdf", None)
    ]
    assert not Path(ancienne.fichier.path).exists()


def test_une_annexe_de_10_pages_respecte_r18(stockage_prive, connecte, dossier, envoyer):
    reponse = envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(10), "annexe.pdf")
    page = connecte.get(reponse["Location"]).content.decode()
    r18 = re.search(r'<li[^>]*id="regle-R18".*?</li>', page, re.S).group(0)
    assert "Respecté" in r18 and "Non respecté" not in r18


@pytest.fixture
def piece(stockage_prive, connecte, dossier, envoyer):
    contenu = pdf(2)
    assert envoyer(connecte, dossier, NaturePiece.LETTRE_POLE_EMPLOI, contenu).status_code == 302
    piece = Piece.objects.get(dossier=dossier)
    piece.contenu = contenu
    return piece


def url_piece(piece):
    return reverse("candidatures:piece", args=[piece.dossier_id, piece.pk])


def contenu_de(reponse) -> bytes:
    """The bytes of a FileResponse, file closed."""
    try:
        return b"".join(reponse.streaming_content)
    finally:
        reponse.close()


def test_telechargement_par_le_porteur(connecte, piece):
    reponse = connecte.get(url_piece(piece))

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment")
    assert 'filename="lettre.pdf"' in reponse["Content-Disposition"]
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in reponse["Cache-Control"]
    assert contenu_de(reponse) == piece.contenu


def test_telechargement_par_une_autre_organisation_404(client, piece):
    client.force_login(UserFactory())
    assert client.get(url_piece(piece)).status_code == 404
    # Not even with another dossier's number of the same person.
    autre = DossierFactory()
    client.force_login(UserFactory(organisation=autre.organisation))
    chemin = reverse("candidatures:piece", args=[autre.pk, piece.pk])
    assert client.get(chemin).status_code == 404


def test_telechargement_anonyme_renvoye_vers_la_connexion(client, piece):
    client.logout()  # the fixture ``piece`` uploaded the file through this client
    reponse = client.get(url_piece(piece))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(CONNEXION + "?next=")


def test_le_fichier_n_est_sous_aucune_url_publique(stockage_prive, connecte, piece):
    chemin = Path(piece.fichier.path)
    assert dans(chemin, stockage_prive)
    publics = [*django_settings.STATICFILES_DIRS]
    if django_settings.STATIC_ROOT:
        publics.append(django_settings.STATIC_ROOT)
    assert not any(dans(chemin, racine) for racine in publics)
    for url in (
        "/" + piece.fichier.name,
        django_settings.STATIC_URL + piece.fichier.name,
        "/media/" + piece.fichier.name,
        "/fichiers/" + piece.fichier.name,
    ):
        assert connecte.get(url).status_code == 404, url


def test_remplacer_une_piece_supprime_l_ancien_fichier(stockage_prive, connecte, dossier, piece, envoyer):
    ancien = Path(piece.fichier.path)
    assert ancien.exists()

    nouveau_contenu = pdf(4)
    reponse = envoyer(connecte, dossier, NaturePiece.LETTRE_POLE_EMPLOI, nouveau_contenu, "lettre-v2.pdf")

    assert reponse.status_code == 302
    assert not ancien.exists()
    nouvelle = Piece.objects.get(dossier=dossier)
    assert (nouvelle.nom, nouvelle.pages) == ("lettre-v2.pdf", 4)
    assert Path(nouvelle.fichier.path).read_bytes() == nouveau_contenu
    assert [p.name for p in Path(stockage_prive).rglob("*.pdf")] == [Path(nouvelle.fichier.path).name]


def test_retirer_une_piece_supprime_le_fichier(connecte, dossier, piece):
    chemin = Path(piece.fichier.path)
    reponse = connecte.post(reverse("candidatures:piece_supprimer", args=[dossier.pk, piece.pk]))
    assert reponse.status_code == 302
    assert not Piece.objects.exists()
    assert not chemin.exists()


def test_pieces_d_un_dossier_depose_en_lecture_seule(connecte, candidat, dossier, piece, envoyer):
    # Complete but for its letter (``piece``, the Pôle emploi's), deposited through the real dépôt.
    dossier_complet(dossier, user=candidat, lettres=False)
    assert deposer(dossier.pk, candidat).depose
    ajout = envoyer(connecte, dossier, NaturePiece.ANNEXE, pdf(1))
    retrait = connecte.post(reverse("candidatures:piece_supprimer", args=[dossier.pk, piece.pk]))
    assert (ajout.status_code, retrait.status_code) == (403, 403)
    assert list(Piece.objects.values_list("pk", flat=True)) == [piece.pk]
    assert Path(piece.fichier.path).exists()
    telechargement = connecte.get(url_piece(piece))  # still downloadable by the porteur
    assert telechargement.status_code == 200
    assert contenu_de(telechargement) == piece.contenu
