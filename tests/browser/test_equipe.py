"""« Mon équipe » in Chromium: a second person signs up with the SIRET of an organisation already on the
portal, confirms her address, waits; a member logs in, accepts her request; she is told by mail and sees
the organisation's dossiers. Then a member invites a colleague, who follows the link and creates her
account; the référent passes his role on; a requester refused reads why. axe-core on every page."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from ami.models import Appel
from comptes import equipe
from comptes.models import DemandeAdhesion, EtatDemande, User
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
MOT_DE_PASSE_CHOISI = "Insertion-et-emploi-2021"
SIRET = "73282932000074"


@pytest.fixture
def organisation(donnees_de_base):
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(nom="PLIE de la métropole lilloise", siret=SIRET, type="plie")
    DossierFactory(organisation=organisation, intitule="SPIE de la métropole lilloise")
    return organisation


@pytest.fixture
def referent(organisation):
    return UserFactory(
        organisation=organisation,
        referent=True,
        first_name="Camille",
        last_name="Martin",
        email="camille.martin@plie-lille.fr",
        telephone="03 20 00 00 00",
    )


def courriels_a(adresse):
    return [m for m in mail.outbox if adresse in m.to]


def lien(message, motif) -> str:
    return re.search(rf"(https?://\S+{motif}\S*)", message.body).group(1).removeprefix(settings.PORTAIL_URL)


def test_une_demande_acceptee_par_un_membre(page, navigateur, live_server, referent, axe, capture, attendre):
    # Sam signs up with the SIRET of the PLIE, already on the portal.
    page.goto("/compte/inscription/")
    vous = page.get_by_role("group", name="Vous")
    vous.get_by_role("textbox", name=re.compile("^Adresse électronique")).fill("sam.nouveau@plie-lille.fr")
    vous.get_by_role("textbox", name=re.compile("^Prénom")).fill("Sam")
    vous.get_by_role("textbox", name=re.compile("^Nom")).fill("Nouveau")
    vous.get_by_role("textbox", name=re.compile("^Mot de passe")).fill(MOT_DE_PASSE_CHOISI)
    vous.get_by_label("Confirmation du mot de passe").fill(MOT_DE_PASSE_CHOISI)
    organisation = page.get_by_role("group", name="Votre organisation")
    organisation.get_by_label("SIRET de l’organisation").fill("732 829 320 00074")
    organisation.get_by_label("Nom de l’organisation").fill("PLIE de Lille")
    organisation.get_by_label("Type de porteur").select_option(label="PLIE")
    organisation.get_by_label("Département de l’organisation").select_option(label="59 — Nord")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse électronique")
    assert attendre(lambda: courriels_a("sam.nouveau@plie-lille.fr"))
    page.goto(lien(courriels_a("sam.nouveau@plie-lille.fr")[0], "/compte/inscription/confirmer/"))
    page.get_by_role("button", name="Confirmer mon adresse et activer mon compte").click()

    # She waits: « Mon équipe » says where her request stands, nothing of the organisation.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon équipe")
    expect(page.locator("#etat-demande")).to_contain_text("Votre demande est en attente")
    expect(page.locator("#etat-demande")).to_contain_text("PLIE de la métropole lilloise")
    expect(page.get_by_text("camille.martin@plie-lille.fr")).to_have_count(0)
    axe(page)
    capture(page, "equipe-demande-en-attente")
    page.get_by_role("link", name="Mes dossiers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon équipe")
    expect(
        page.get_by_text("Vous n’êtes membre d’aucune organisation : vous ne voyez ni ne créez")
    ).to_be_visible()
    expect(page.get_by_text("SPIE de la métropole lilloise")).to_have_count(0)

    # The member is told by mail, logs in, accepts.
    demande = DemandeAdhesion.objects.get()
    assert attendre(lambda: courriels_a(referent.email))
    (avis,) = courriels_a(referent.email)
    assert "Sam Nouveau demande à rejoindre votre organisation" in avis.subject
    assert "/compte/equipe/" in avis.body
    membre = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    membre.set_default_timeout(10_000)
    page_membre = membre.new_page()
    se_connecter(page_membre, referent.email, MOT_DE_PASSE)
    page_membre.get_by_role("link", name="Mon équipe").click()
    expect(page_membre.get_by_role("heading", level=1)).to_have_text("Mon équipe")
    membres = page_membre.get_by_role("table", name=re.compile("Membres de l’équipe"))
    expect(membres).to_contain_text("Camille Martin")
    expect(membres).to_contain_text("03 20 00 00 00")
    expect(membres).to_contain_text("Référent")
    expect(page_membre.get_by_role("heading", name="Sam Nouveau")).to_be_visible()
    axe(page_membre)
    capture(page_membre, "equipe-membre-demande")
    page_membre.get_by_role("button", name="Accepter la demande de sam.nouveau@plie-lille.fr").click()
    expect(page_membre.get_by_text("Sam Nouveau fait maintenant partie de l’équipe")).to_be_visible()
    expect(membres).to_contain_text("sam.nouveau@plie-lille.fr")
    expect(page_membre.get_by_text("Aucune demande en attente.")).to_be_visible()
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.ACCEPTEE

    # She is told by mail, and sees the organisation's dossiers.
    assert attendre(lambda: len(courriels_a("sam.nouveau@plie-lille.fr")) == 2)
    reponse = courriels_a("sam.nouveau@plie-lille.fr")[1]
    assert "vous avez rejoint PLIE de la métropole lilloise" in reponse.subject
    page.goto(lien(reponse, "/candidatures/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    expect(page.get_by_role("link", name="SPIE de la métropole lilloise", exact=True)).to_be_visible()
    capture(page, "equipe-demande-acceptee-mes-dossiers")

    # The référent passes his role on to her (with a confirmation).
    page_membre.get_by_role("link", name="Transmettre le rôle de référent à Sam Nouveau").click()
    expect(page_membre.get_by_role("heading", level=1)).to_have_text(
        "Transmettre le rôle de référent à Sam Nouveau ?"
    )
    axe(page_membre)
    capture(page_membre, "equipe-confirmer-referent")
    page_membre.get_by_role("button", name="Transmettre le rôle").click()
    expect(page_membre.get_by_text("Sam Nouveau est maintenant le référent")).to_be_visible()
    assert User.objects.get(email="sam.nouveau@plie-lille.fr").referent
    page_membre.get_by_role("link", name="Quitter l’organisation").click()
    expect(page_membre.get_by_role("heading", level=1)).to_have_text("Quitter l’organisation ?")
    axe(page_membre)
    membre.close()

    # The new référent may remove a member: the confirmation page.
    page.goto("/compte/equipe/")
    page.get_by_role("link", name="Retirer Camille Martin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer Camille Martin de l’équipe ?")
    axe(page)
    capture(page, "equipe-confirmer-retrait")


def test_inviter_un_collegue(page, navigateur, live_server, referent, axe, capture, attendre):
    se_connecter(page, referent.email, MOT_DE_PASSE)
    page.goto("/compte/equipe/")
    formulaire = page.locator("form.formulaire-equipe")
    formulaire.get_by_label("Adresse électronique de votre collègue").fill("pas-une-adresse")
    formulaire.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.locator("#id_inviter_email-groupe")).to_contain_text(
        "Saisissez une adresse électronique valide"
    )
    expect(formulaire.get_by_label("Adresse électronique de votre collègue")).to_have_value("pas-une-adresse")
    axe(page)
    capture(page, "equipe-inviter-erreur")
    formulaire = page.locator("form.formulaire-equipe")
    formulaire.get_by_label("Adresse électronique de votre collègue").fill("lou.bernard@plie-lille.fr")
    formulaire.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.get_by_text("L’invitation est envoyée à lou.bernard@plie-lille.fr")).to_be_visible()
    invitations = page.get_by_role("table", name="Invitations envoyées à des collègues, pas encore acceptées")
    expect(invitations).to_contain_text("lou.bernard@plie-lille.fr")
    axe(page)
    capture(page, "equipe-invitation-en-cours")

    # Sent again: the first link no longer works.
    assert attendre(lambda: courriels_a("lou.bernard@plie-lille.fr"))
    premier = lien(courriels_a("lou.bernard@plie-lille.fr")[0], "/compte/invitation/")
    page.get_by_role("button", name="Renvoyer l’invitation de lou.bernard@plie-lille.fr").click()
    expect(page.get_by_text("l’ancien lien ne fonctionne plus")).to_be_visible()
    assert attendre(lambda: len(courriels_a("lou.bernard@plie-lille.fr")) == 2)
    second = lien(courriels_a("lou.bernard@plie-lille.fr")[1], "/compte/invitation/")
    assert second != premier

    collegue = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    collegue.set_default_timeout(10_000)
    page_lou = collegue.new_page()
    page_lou.goto(premier)
    expect(page_lou.get_by_role("heading", level=1)).to_have_text("Cette invitation n’est pas valable")
    expect(page_lou.get_by_text("une invitation plus récente l’a remplacé")).to_be_visible()
    axe(page_lou)
    capture(page_lou, "equipe-invitation-remplacee")

    page_lou.goto(second)
    expect(page_lou.get_by_role("heading", level=1)).to_have_text(
        "Rejoindre l’équipe de PLIE de la métropole lilloise"
    )
    expect(page_lou.get_by_text("Camille Martin vous invite")).to_be_visible()
    page_lou.get_by_label("Prénom").fill("Lou")
    page_lou.get_by_label("Nom", exact=True).fill("Bernard")
    page_lou.locator("#id_password1").fill("court")
    page_lou.locator("#id_password2").fill("court")
    page_lou.get_by_role("button", name="Créer mon compte").click()
    expect(page_lou.locator("#id_password1-groupe")).to_contain_text("trop court")
    expect(page_lou.get_by_label("Nom", exact=True)).to_have_value("Bernard")
    axe(page_lou)
    capture(page_lou, "equipe-invitation-erreur")
    page_lou.locator("#id_password1").fill(MOT_DE_PASSE_CHOISI)
    page_lou.locator("#id_password2").fill(MOT_DE_PASSE_CHOISI)
    page_lou.get_by_role("button", name="Créer mon compte").click()
    expect(page_lou.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    expect(page_lou.get_by_text("Bienvenue : votre compte est créé")).to_be_visible()
    expect(page_lou.get_by_role("link", name="SPIE de la métropole lilloise", exact=True)).to_be_visible()
    capture(page_lou, "equipe-invitation-acceptee")
    compte = User.objects.get(email="lou.bernard@plie-lille.fr")
    assert compte.organisation == referent.organisation and compte.is_active and compte.adresse_confirmee

    # The link has served; the team shows her.
    page_lou.goto(second)
    expect(page_lou.get_by_text("a déjà servi")).to_be_visible()
    collegue.close()
    page.goto("/compte/equipe/")
    expect(page.get_by_role("table", name=re.compile("Membres de l’équipe"))).to_contain_text("Lou Bernard")
    expect(page.get_by_text("Aucune invitation en cours.")).to_be_visible()
    assert attendre(lambda: courriels_a(referent.email))


def test_un_demandeur_refuse_lit_le_motif(page, referent, axe, capture):
    sam = UserFactory(organisation=None, first_name="Sam", last_name="Nouveau", email="sam@exemple.fr")
    equipe.refuser(
        referent, equipe.demander_adhesion(sam, referent.organisation), "Personne inconnue du PLIE."
    )
    se_connecter(page, "sam@exemple.fr", MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon équipe")
    etat = page.locator("#etat-demande")
    expect(etat).to_contain_text("Votre demande a été refusée")
    expect(etat).to_contain_text("par Camille Martin")
    expect(etat).to_contain_text("Motif : Personne inconnue du PLIE.")
    expect(page.get_by_text("SPIE de la métropole lilloise")).to_have_count(0)
    axe(page)
    capture(page, "equipe-demande-refusee")
