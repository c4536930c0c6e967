"""The pages of the Échanges: who reads and writes (every view, the attachment's download: another
porteur, another territory, an agent whose service is not invited, a draft → 404), the form's French
errors with the text kept, the attachment checked as the pièces are (clamd), the fiche's tab and its
history, the PDF of the instruction, escaping."""

import re

import pytest
from django.urls import reverse

from exports.pdf import html_dossier
from messagerie import services
from messagerie.models import Invitation, Message, PieceJointe
from pieces.models import EtatAnalyse
from tests.charges_xss import CHARGES
from tests.factories import UserFactory
from tests.messagerie.conftest import poster, url_fil
from tests.messagerie.outils import fichier, fichier_infecte

pytestmark = pytest.mark.django_db


def url_piece(piece):
    return reverse("messagerie:piece_jointe", args=[piece.message.dossier_id, piece.pk])


def fermer(reponse):
    """The file of a download closed, not the response (its request_finished closes the test's connection)."""
    for fermeture in reponse._resource_closers:
        fermeture()


def fiche(dossier, onglet="echanges"):
    return reverse("instruction:dossier", args=[dossier.pk]) + (f"?onglet={onglet}" if onglet else "")


@pytest.fixture
def avec_piece(depose, candidat, clamd, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.envoyer(depose, candidat, "Voici la note", fichier(), None)
    piece = message.pieces_jointes.get()  # read by the analysis after the commit: pages, then clamd
    assert (piece.analyse, piece.pages) == (EtatAnalyse.SAINE, 1)
    return piece


def test_le_porteur_ecrit_et_lit(client, depose, candidat, collegue):
    client.force_login(candidat)
    page = client.get(url_fil(depose))
    assert page.status_code == 200 and "Aucun échange pour le moment." in page.content.decode()
    reponse = poster(client, depose, "Bonjour l’instruction")
    message = Message.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{url_fil(depose)}#message-{message.pk}"
    client.force_login(collegue)
    texte = client.get(url_fil(depose)).content.decode()
    assert "Bonjour l’instruction" in texte and "Camille Martin (équipe du porteur)" in texte
    assert "Pas encore lu par l’instruction" in texte


def test_un_message_vide_est_refuse_en_francais(client, depose, candidat):
    client.force_login(candidat)
    reponse = poster(client, depose, "   ")
    assert reponse.status_code == 422
    texte = reponse.content.decode()
    assert "Écrivez votre message avant de l’envoyer." in texte and "fr-message--error" in texte
    assert not Message.objects.exists()


def test_un_mauvais_fichier_est_refuse_et_le_texte_garde(client, depose, candidat):
    client.force_login(candidat)
    reponse = poster(client, depose, "Mon texte tapé", fichier("note.pdf", b"pas un PDF"))
    assert reponse.status_code == 422
    texte = reponse.content.decode()
    assert "Mon texte tapé</textarea>" in texte
    assert "message_fichier" in texte and "fr-message--error" in texte
    assert not Message.objects.exists() and not PieceJointe.objects.exists()


def test_un_fichier_trop_gros_est_refuse(client, depose, candidat, settings):
    settings.PIECE_TAILLE_MAX = 200
    client.force_login(candidat)
    reponse = poster(client, depose, "Mon texte", fichier())
    assert reponse.status_code in (413, 422)
    assert "au maximum" in reponse.content.decode()
    assert not Message.objects.exists()


def test_la_piece_jointe_saine_se_telecharge_comme_on_lit_le_fil(
    client, depose, avec_piece, instructeur, agent_nord, agent_ailleurs
):
    autre_porteur = UserFactory()
    for personne, statut in [
        (autre_porteur, 404),
        (agent_ailleurs, 404),
        (agent_nord, 404),
        (instructeur, 200),
    ]:
        client.force_login(personne)
        reponse = client.get(url_piece(avec_piece))
        assert reponse.status_code == statut, personne
        if statut == 200:
            fermer(reponse)
        assert client.get(url_fil(depose)).status_code == statut, personne
    Invitation.objects.create(dossier=depose, service=agent_nord.service_territorial)
    client.force_login(agent_nord)
    reponse = client.get(url_piece(avec_piece))
    assert reponse.status_code == 200 and reponse["Content-Disposition"].startswith("attachment")
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    fermer(reponse)
    assert client.get(url_fil(depose)).status_code == 200


def test_une_piece_jointe_infectee_est_effacee(
    client, depose, candidat, clamd, django_capture_on_commit_callbacks
):
    client.force_login(candidat)
    with django_capture_on_commit_callbacks(execute=True):
        assert poster(client, depose, "Un virus", fichier_infecte()).status_code == 302
    piece = PieceJointe.objects.get()
    assert piece.analyse == EtatAnalyse.INFECTEE and not piece.fichier
    assert client.get(url_piece(piece)).status_code == 404
    assert "Infectée" in client.get(url_fil(depose)).content.decode()


def test_un_brouillon_n_a_pas_d_echanges(client, dossier, candidat):
    client.force_login(candidat)
    assert client.get(url_fil(dossier)).status_code == 404
    assert poster(client, dossier).status_code == 404


@pytest.mark.parametrize("nom", ["fil", "inviter", "lu"])
def test_chaque_vue_refuse_qui_ne_lit_pas_le_fil(client, depose, agent_nord, agent_ailleurs, nom):
    url = reverse(f"messagerie:{nom}", args=[depose.pk])
    for personne in (UserFactory(), agent_nord, agent_ailleurs):
        client.force_login(personne)
        assert client.post(url, {"texte": "x"}).status_code == 404
    assert not Message.objects.exists() and not Invitation.objects.exists()


def test_seul_un_instructeur_invite(client, depose, candidat, agent_nord, instructeur, administrateur):
    service = agent_nord.service_territorial
    url = reverse("messagerie:inviter", args=[depose.pk])
    for personne in (candidat, administrateur):
        client.force_login(personne)
        assert client.post(url, {"services": [service.pk]}).status_code == 403
    client.force_login(instructeur)
    assert client.post(url, {}).status_code == 422
    reponse = client.post(url, {"services": [service.pk]})
    assert reponse.status_code == 302 and reponse["Location"] == fiche(depose) + "#echanges"
    assert Invitation.objects.get().par == instructeur
    historique = client.get(fiche(depose, "historique")).content.decode()
    assert "DDETS du Nord invité dans les échanges" in historique


def test_l_onglet_echanges_de_la_fiche(client, depose, candidat, instructeur, agent_nord):
    services.envoyer(depose, candidat, "Question du porteur")
    client.force_login(instructeur)
    page = client.get(fiche(depose, None)).content.decode()
    assert "Échanges (1 non lu)" in page and 'id="panneau-echanges"' in page
    assert Message.objects.get().lu_instruction_le is None  # the tab not opened
    assert "Message de l’équipe du porteur" in page  # the history
    page = client.get(fiche(depose)).content.decode()
    assert "Question du porteur" in page
    assert Message.objects.get().lu_instruction_le is not None
    client.force_login(agent_nord)
    page = client.get(fiche(depose)).content.decode()
    assert 'id="onglet-echanges"' not in page and "Question du porteur" not in page
    Invitation.objects.create(dossier=depose, service=agent_nord.service_territorial)
    assert "Question du porteur" in client.get(fiche(depose)).content.decode()


def test_l_instructeur_repond_et_revient_sur_l_onglet(client, depose, instructeur):
    client.force_login(instructeur)
    reponse = poster(client, depose, "Réponse de l’instruction")
    message = Message.objects.get()
    assert reponse["Location"] == fiche(depose) + f"#message-{message.pk}"
    assert client.post(reverse("messagerie:lu", args=[depose.pk])).status_code == 204


def test_le_pdf_d_instruction_contient_le_fil(depose, avec_piece, instructeur, agent_nord):
    services.envoyer(depose, instructeur, "Merci pour la note")
    html = html_dossier(depose, instructeur)
    assert "Échanges" in html and "Voici la note" in html and "note.pdf" in html
    assert "Alex Durand (instruction)" in html and "Message de l’équipe du porteur" in html
    assert "Voici la note" not in html_dossier(depose, agent_nord)  # his service not invited


def test_les_charges_xss_sont_du_texte(client, depose, candidat, instructeur):
    client.force_login(candidat)
    for charge in CHARGES:
        assert poster(client, depose, charge).status_code == 302
    for personne, url in ((candidat, url_fil(depose)), (instructeur, fiche(depose))):
        client.force_login(personne)
        texte = client.get(url).content.decode()
        assert "<script data-xss=1>" not in texte and "<img src=x data-xss=1" not in texte
        assert "&lt;script data-xss=1&gt;" in texte


def test_l_onglet_echanges_nomme_les_non_lus_sans_lire_le_fil(
    client, depose, candidat, instructeur, agent_nord
):
    """A browser that loads the tabs on demand (``COOKIE_ONGLETS``): the « Échanges » tab is named as on
    the whole page (its unread messages counted in SQL, ``fil.onglet``), for the instruction and for an
    invited service; an agent whose service is not invited has no such tab."""
    from instruction.pages import COOKIE_ONGLETS

    services.envoyer(depose, candidat, "Question du porteur")
    services.envoyer(depose, candidat, "Autre question")

    def onglets(personne):
        client.force_login(personne)
        noms = []
        for cookie in ("", "htmx"):
            client.cookies[COOKIE_ONGLETS] = cookie
            page = client.get(fiche(depose, None)).content.decode()
            trouve = re.search(r'id="onglet-echanges"[^>]*>([^<]*)<', page)
            noms.append(trouve and trouve[1].strip())
        return noms

    assert onglets(agent_nord) == [None, None]
    assert onglets(instructeur) == ["Échanges (2 non lus)"] * 2
    services.inviter(depose, [agent_nord.service_territorial], instructeur)
    assert onglets(agent_nord) == ["Échanges (2 non lus)"] * 2
    assert Message.objects.filter(lu_instruction_le__isnull=False).count() == 0  # no tab opened
