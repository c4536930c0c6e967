"""Issue 17, points 10 and 11, in Chromium: the « Échanges » of a deposited dossier.

- two browsers at once: a candidat writes with a PDF attached; the instructeur's queue shows « 1 non lu »
  and his bell the count; he opens the fiche's tab « Échanges », downloads the PDF, answers; the candidat
  finds his badge in « Mes dossiers », the answer, and « Lu par l’instruction » on his own message;
- the agent of the Nord invited by the instructeur (the fiche's form) reads and writes; an agent of
  another territory and a candidat of another porteur get a 404 on the thread and on the attachment;
- an empty message, an .exe and a text file named .pdf: a French error next to the field, the text kept;
- a script payload is text: no dialog fires.

axe-core on each new state; screenshots in test-artifacts/captures/messagerie-*.png (1280 and 375 px)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from messagerie import services
from messagerie.models import Invitation, Message
from pieces.models import EtatAnalyse
from tests.browser.outils import cocher, se_connecter
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.messagerie.outils import fichier
from tests.pieces.test_antivirus import pdf_sain

pytestmark = pytest.mark.django_db(transaction=True)

JETON = "a" * 32
CHARGE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def dossier(donnees_de_base, appel_ouvert, depose, instructeur, clamd):
    """The candidat's deposited dossier (Nord), Alex Durand the only instructeur, clamd running."""
    return depose


def connecter_vite(page, user, adresse):
    """``page``'s browser logged in as ``user`` by a session Django made (no login form: the intruders)."""
    client = Client()
    client.force_login(user)
    nom = settings.SESSION_COOKIE_NAME
    page.context.clear_cookies()
    jeton = {"name": settings.CSRF_COOKIE_NAME, "value": JETON, "url": adresse}  # for a POST to pass CSRF
    page.context.add_cookies([{"name": nom, "value": client.cookies[nom].value, "url": adresse}, jeton])


def url_fil(dossier):
    return reverse("messagerie:fil", args=[dossier.pk])


def url_fiche(dossier):
    return reverse("instruction:dossier", args=[dossier.pk]) + "?onglet=echanges"


def cloche(page, nom):
    return page.get_by_role("link", name=nom, exact=True)


def ecrire(page, texte, piece=None):
    """Type ``texte`` in « Votre message », attach ``piece`` (name, mime type, bytes), send."""
    formulaire = page.locator("#nouveau-message")
    formulaire.get_by_role("textbox", name="Votre message", exact=True).fill(texte)
    if piece is not None:
        nom, type_mime, contenu = piece
        formulaire.locator("#message_fichier").set_input_files(
            {"name": nom, "mimeType": type_mime, "buffer": contenu}
        )
    formulaire.get_by_role("button", name="Envoyer le message", exact=True).click()
    page.wait_for_load_state()


def message(page, signature):
    """The thread's messages signed ``signature`` (« Camille Martin (équipe du porteur) »)."""
    return page.locator(".messagerie__message").filter(
        has=page.get_by_role("heading", name=signature, exact=True)
    )


def test_un_echange_dans_deux_navigateurs(page, deuxieme, dossier, candidat, instructeur, axe, capture):
    etat = deuxieme  # the instructeur's browser
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.get_by_role("link", name=f"Échanges du dossier « {dossier.intitule} »", exact=True).click()
    expect(page.get_by_role("heading", name="Échanges", exact=True)).to_be_visible()
    expect(page.get_by_text("Aucun échange pour le moment.")).to_be_visible()
    axe(page)
    capture(page, "messagerie-porteur-vide-1280")

    ecrire(
        page,
        "Bonjour,\nvoici la note de cadrage demandée.",
        ("note-cadrage.pdf", "application/pdf", pdf_sain()),
    )
    expect(page.get_by_text("Votre message est envoyé.")).to_be_visible()
    mien = message(page, "Camille Martin (équipe du porteur)")
    expect(mien).to_contain_text("voici la note de cadrage demandée.")
    expect(mien).to_contain_text("Pas encore lu par l’instruction")
    expect(mien.get_by_role("link", name=re.compile(r"^note-cadrage\.pdf PDF"))).to_be_visible()
    assert Message.objects.get().pieces_jointes.get().analyse == EtatAnalyse.SAINE
    axe(page)
    capture(page, "messagerie-porteur-envoye-1280")

    # The instructeur, in his own browser: the queue's badge, the bell, the tab « Échanges ».
    se_connecter(etat, instructeur.email, MOT_DE_PASSE)
    etat.goto("/instruction/")
    badge = etat.get_by_role(
        "link", name=f"1 non lu dans les échanges du dossier {dossier.numero}", exact=True
    )
    expect(badge).to_be_visible()
    expect(cloche(etat, "Notifications (1 non lue)")).to_be_visible()
    axe(etat)
    capture(etat, "messagerie-file-non-lu-1280")
    badge.click()
    panneau = etat.get_by_role("tabpanel", name=re.compile(r"^Échanges"))
    expect(panneau).to_be_visible()
    recu = message(etat, "Camille Martin (équipe du porteur)")
    expect(recu).to_contain_text("voici la note de cadrage demandée.")
    lien = recu.get_by_role("link", name=re.compile(r"^note-cadrage\.pdf PDF"))
    reponse = etat.request.get(lien.get_attribute("href"))
    assert reponse.status == 200 and reponse.headers["content-type"] == "application/pdf"
    assert reponse.body().startswith(b"%PDF")
    assert 'filename="note-cadrage.pdf"' in reponse.headers["content-disposition"]
    axe(etat)
    capture(etat, "messagerie-fiche-onglet-1280")

    ecrire(etat, "Merci, la note est bien reçue. Pouvez-vous préciser le calendrier ?")
    expect(etat.get_by_text("Votre message est envoyé.")).to_be_visible()
    expect(message(etat, "Alex Durand (instruction)")).to_contain_text(
        "Pas encore lu par l’équipe du porteur"
    )
    etat.goto("/instruction/")
    expect(etat.get_by_text(f"non lu dans les échanges du dossier {dossier.numero}")).to_have_count(0)
    expect(cloche(etat, "Notifications")).to_be_visible()  # the thread read, its notification too

    # The candidat: his badge in « Mes dossiers », the answer, the read receipt on his message.
    page.goto("/candidatures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    expect(page.get_by_text("1 non lu", exact=True)).to_be_visible()
    expect(cloche(page, "Notifications (1 non lue)")).to_be_visible()
    axe(page)
    capture(page, "messagerie-mes-dossiers-non-lu-1280")
    page.get_by_role("link", name=f"Échanges du dossier « {dossier.intitule} »", exact=True).click()
    expect(message(page, "Alex Durand (instruction)")).to_contain_text("préciser le calendrier")
    expect(message(page, "Camille Martin (équipe du porteur)")).to_contain_text(
        re.compile(r"Lu par l’instruction le \d\d/\d\d/\d{4} à \d\d:\d\d")
    )
    expect(cloche(page, "Notifications")).to_be_visible()
    axe(page)
    capture(page, "messagerie-porteur-reponse-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe(page)
    capture(page, "messagerie-porteur-reponse-375")
    page.goto("/candidatures/")
    expect(page.get_by_text("1 non lu", exact=True)).to_have_count(0)

    etat.goto(url_fiche(dossier))
    expect(message(etat, "Alex Durand (instruction)")).to_contain_text(
        re.compile(r"Lu par l’équipe du porteur le \d\d/\d\d")
    )


def test_un_service_invite_lit_et_ecrit_les_autres_non(
    page, deuxieme, live_server, dossier, candidat, instructeur, agent_nord, agent_ailleurs, axe, capture
):
    envoye = services.envoyer(dossier, candidat, "Question au service", fichier("budget.pdf"), None)
    piece = envoye.pieces_jointes.get()
    assert piece.analyse == EtatAnalyse.SAINE
    adresses = [url_fil(dossier), reverse("messagerie:piece_jointe", args=[dossier.pk, piece.pk])]

    # Not invited yet: the agent of the Nord does not read the thread.
    se_connecter(deuxieme, agent_nord.email, MOT_DE_PASSE)
    assert [deuxieme.request.get(a).status for a in adresses] == [404, 404]

    connecter_vite(page, instructeur, live_server.url)
    page.goto(url_fiche(dossier))
    invitation = page.locator("#inviter-service")
    cocher(invitation.get_by_role("checkbox", name="DDETS du Nord", exact=True))
    invitation.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_text("Invité dans les échanges : DDETS du Nord.")).to_be_visible()
    expect(page.get_by_role("tabpanel", name=re.compile(r"^Échanges"))).to_contain_text(
        "avec les services invités : DDETS du Nord"
    )
    assert Invitation.objects.get(dossier=dossier).service == agent_nord.service_territorial
    axe(page)
    capture(page, "messagerie-fiche-service-invite-1280")

    deuxieme.goto("/")
    expect(cloche(deuxieme, "Notifications (1 non lue)")).to_be_visible()
    deuxieme.goto(url_fiche(dossier))
    expect(message(deuxieme, "Camille Martin (équipe du porteur)")).to_contain_text("Question au service")
    assert deuxieme.request.get(adresses[1]).status == 200
    ecrire(deuxieme, "Le service confirme le partenariat local.")
    expect(message(deuxieme, "Morgane Lefebvre (DDETS du Nord)")).to_contain_text("partenariat local")
    axe(deuxieme)
    capture(deuxieme, "messagerie-agent-invite-1280")
    assert Message.objects.filter(auteur=agent_nord).count() == 1

    # An agent of another territory, a candidat of another porteur: 404 on the thread and the PDF.
    for intrus in (agent_ailleurs, UserFactory(first_name="Claude", last_name="Autre")):
        connecter_vite(deuxieme, intrus, live_server.url)
        assert [deuxieme.request.get(a).status for a in adresses] == [404, 404], intrus
        envoi = deuxieme.request.post(
            adresses[0], multipart={"texte": "intrusion"}, headers={"X-CSRFToken": JETON}
        )
        assert envoi.status == 404, intrus
    assert not Message.objects.filter(texte="intrusion").exists()


def test_les_mauvaises_saisies_et_le_script(page, dossier, candidat, axe, capture):
    dialogues = []
    page.on("dialog", lambda d: (dialogues.append(d.message), d.dismiss()))
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(url_fil(dossier))
    zone = page.get_by_role("textbox", name="Votre message", exact=True)

    ecrire(page, "   ")
    expect(page.locator("#message_texte-desc-error")).to_have_text(
        "Écrivez votre message avant de l’envoyer."
    )
    expect(zone).to_have_attribute("aria-invalid", "true")
    axe(page)
    capture(page, "messagerie-message-vide-1280")

    for nom, type_mime, contenu in (
        ("installeur.exe", "application/x-msdownload", b"MZ\x90\x00" + b"\x00" * 60),
        ("faux.pdf", "application/pdf", b"Ceci est un simple fichier texte.\n"),
    ):
        ecrire(page, "Mon texte tapé à garder", (nom, type_mime, contenu))
        erreur = page.locator("#message_fichier-desc-error")
        expect(erreur).to_be_visible()
        expect(erreur).to_contain_text("Ce fichier n’est pas un PDF")
        expect(zone).to_have_value("Mon texte tapé à garder")
    axe(page)
    capture(page, "messagerie-fichier-refuse-1280")
    assert not Message.objects.exists()

    ecrire(page, CHARGE)
    expect(page.get_by_text("Votre message est envoyé.")).to_be_visible()
    expect(message(page, "Camille Martin (équipe du porteur)")).to_contain_text(CHARGE)
    page.reload()
    page.wait_for_timeout(300)
    assert page.locator(".messagerie__texte script, .messagerie__texte img").count() == 0
    assert dialogues == []
    axe(page)
    capture(page, "messagerie-script-en-texte-1280")
