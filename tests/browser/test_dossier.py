"""A candidat fills the whole annexe 7 dossier in Chromium, sees the checklist go green, deposits."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier, Etat
from comptes.models import TypeOrganisation
from demo.exemples import dossier_complet, pdf
from tests.browser.outils import cocher, fermer, se_connecter
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
TEXTE = "Le consortium mobilise les acteurs du territoire et associe les personnes accompagnées."


@pytest.fixture
def candidat(donnees_de_base, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom="Conseil départemental du Nord", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    UserFactory(organisation=organisation, email="collegue@cd59.fr")
    return UserFactory(organisation=organisation, email="camille@cd59.fr", first_name="Camille")


def enregistrer(page):
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à")


def section(page, nom):
    """Follow the side menu's link, and wait for the page to load (htmx wires its buttons on load)."""
    lien = page.locator("#menu-sections").get_by_role("link", name=re.compile(nom))
    page.goto(lien.get_attribute("href"))


def test_un_candidat_remplit_et_depose_tout_le_dossier(
    page, candidat, capture, axe, celery_worker_si_redis, attendre
):
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.get_by_label("Intitulé du projet").fill("SPIE du Nord 2022-2024")
    page.get_by_role("button", name="Créer le dossier").click()

    # 1. Chef de file — autosave while typing, no button.
    expect(page.get_by_label("Nom du chef de file")).to_have_value("Conseil départemental du Nord")
    page.get_by_label("Adresse", exact=True).fill("51 rue Gustave Delory, 59047 Lille")
    bloc = page.locator("#interlocuteur-1")
    bloc.get_by_label("Nom et Prénom").fill("Camille Martin")
    bloc.get_by_label("Fonction").fill("Directrice de l’insertion")
    bloc.get_by_label("Numéro de téléphone").fill("0320635959")
    bloc.get_by_label("Adresse mail").fill("camille.martin@cd59.fr")
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à", timeout=8000)
    axe(page)
    capture(page, "dossier-chef-de-file")
    page.reload()
    expect(page.locator("#interlocuteur-1").get_by_label("Numéro de téléphone")).to_have_value(
        "03 20 63 59 59"
    )

    # 2. Consortium — members added and removed without reloading the page.
    section(page, "Membres du consortium")
    for type_id, structure in (
        ("pole_emploi", "Pôle emploi Hauts-de-France"),
        ("association", "Emmaüs Lille"),
    ):
        bloc = page.locator(f"#type-{type_id}")
        bloc.get_by_role("button", name=re.compile("Ajouter un membre")).click()
        expect(bloc.locator(".ligne")).to_have_count(1)
        ligne = bloc.locator(".ligne").last
        ligne.get_by_label("Structure", exact=True).fill(structure)
        ligne.get_by_label("Nom et Prénom de l’interlocuteur référent").fill("Dominique Petit")
        ligne.get_by_label("Numéro de téléphone").fill("03 20 00 00 00")
        ligne.get_by_label("Adresse mail").fill("dominique.petit@exemple.fr")
    operateurs = page.locator("#type-operateur")
    operateurs.get_by_role("button", name=re.compile("Ajouter un membre")).click()
    expect(operateurs.locator(".ligne")).to_have_count(1)
    operateurs.get_by_role("button", name=re.compile("Retirer le membre")).click()
    expect(operateurs.locator(".ligne")).to_have_count(0)
    enregistrer(page)
    expect(page.locator("#regle-R04")).to_contain_text("Respecté")
    capture(page, "dossier-consortium")

    # 3. Territoire et publics.
    section(page, "Territoire, publics")
    cocher(page.get_by_role("radio", name="L’ensemble du département"))
    cocher(page.get_by_role("checkbox", name="Allocataires du RSA"))
    cocher(page.get_by_role("checkbox", name="Jeunes"))
    cocher(
        page.get_by_role("group", name=re.compile("politique de la ville")).get_by_role("radio", name="Oui")
    )
    cocher(
        page.get_by_role("group", name=re.compile("revitalisation rurale")).get_by_role("radio", name="Non")
    )
    cocher(page.get_by_role("radio", name=re.compile("^Le porteur n’a été retenu ni")))
    enregistrer(page)
    capture(page, "dossier-territoire")

    # Axes 1 to 3: every question, the numbers, the indicators as a list.
    for numero in (1, 2, 3):
        section(page, f"Axe {numero} :")
        for zone in page.locator("#formulaire-section textarea").all():
            zone.fill(f"Axe {numero} — {TEXTE}")
        page.get_by_label("Nombre de personnes concernées (cible)").fill(str(1000 * numero))
        page.get_by_role("textbox", name=re.compile("^% par rapport à la population")).fill("35,5")
        page.get_by_role("button", name="Ajouter un indicateur").click()
        expect(page.locator(".ligne--indicateur")).to_have_count(1)
        page.locator(".ligne--indicateur").last.get_by_label("Indicateur", exact=True).fill(
            "Part des personnes orientées en moins d’un mois"
        )
        enregistrer(page)
    capture(page, "dossier-axe-3")

    section(page, "Axe 4 : Méthodologie")
    for zone in page.locator("#formulaire-section textarea").all():
        zone.fill(TEXTE)
    enregistrer(page)
    capture(page, "dossier-axe-4")
    section(page, "Engagements du consortium")
    for case in page.locator("#formulaire-section input[type=checkbox]").all():
        cocher(case)
    for zone in page.locator("#formulaire-section textarea").all():  # proposals, participation (R16)
        zone.fill(TEXTE)
    relais = page.locator("#services-numeriques")  # annexe 5: the personne relais
    relais.get_by_label("Nom et Prénom de la personne relais").fill("Sacha Lefebvre")
    relais.get_by_label("Fonction de la personne relais").fill("Cheffe de projet insertion")
    relais.get_by_label("Numéro de téléphone de la personne relais").fill("0320635960")
    relais.get_by_label("Adresse mail de la personne relais").fill("sacha.lefebvre@cd59.fr")
    enregistrer(page)
    expect(page.locator("#regle-R16")).to_contain_text("Respecté")
    capture(page, "dossier-engagements")

    # 4. Budget: montant = nombre × coût unitaire, computed by the server; rates shown live.
    section(page, "Budget prévisionnel")
    page.locator("#groupe-axe_1").get_by_role("button", name=re.compile("Ajouter une dépense")).click()
    expect(page.locator(".ligne--depense")).to_have_count(1)
    ligne = page.locator(".ligne--depense").last
    ligne.get_by_role("textbox", name=re.compile("^Objet de la dépense")).fill("Plan de formation conjoint")
    ligne.get_by_role("combobox", name=re.compile("^Nature de la dépense")).select_option(
        label="Formations conjointes entre professionnels de plusieurs institutions"
    )
    cocher(
        ligne.get_by_role("group", name=re.compile("déjà financée par un autre dispositif")).get_by_label(
            "Non"
        )
    )
    ligne.get_by_role("textbox", name=re.compile("^Nombre d'unités")).fill("10")
    ligne.get_by_role("textbox", name=re.compile("^Coût unitaire")).fill("20 000")
    page.get_by_role("button", name="Ajouter un financement").click()
    expect(page.locator(".ligne--financement")).to_have_count(1)
    page.locator(".ligne--financement").last.get_by_label("Type de financement").select_option(
        label="Subvention de l'État demandée au titre de l'AMI"
    )
    page.locator(".ligne--financement").last.get_by_label("Montant").fill("160 000")
    page.get_by_role("button", name="Ajouter un financement").click()
    expect(page.locator(".ligne--financement")).to_have_count(2)
    page.locator(".ligne--financement").last.get_by_label("Type de financement").select_option(
        label="Autofinancement du porteur"
    )
    page.locator(".ligne--financement").last.get_by_label("Montant").fill("40000")
    page.locator(".ligne--financement").last.get_by_label(re.compile("acquis ou demandé")).select_option(
        label="Acquis (déjà attribué)"
    )
    page.locator(".ligne--financement").last.get_by_label(re.compile("numéraire ou en nature")).select_option(
        label="En numéraire"
    )
    enregistrer(page)
    expect(page.locator("#totaux-budget")).to_contain_text("200\u00a0000,00\u00a0€")
    expect(page.locator("#totaux-budget")).to_contain_text("80 %")
    expect(
        page.locator(".ligne--depense").last.get_by_role("textbox", name=re.compile("^Montant Calculé"))
    ).to_have_value(re.compile(r"200\s?000,00"))
    capture(page, "dossier-budget")

    # 5. Pièces: a PDF, read by its content.
    section(page, "Pièces jointes")
    page.locator("#lettre_pole_emploi input[type=file]").set_input_files(
        {"name": "lettre-pole-emploi.pdf", "mimeType": "application/pdf", "buffer": pdf(2)}
    )
    page.locator("#lettre_pole_emploi").get_by_role("button", name=re.compile("Envoyer")).click()
    expect(page.locator("#lettre_pole_emploi")).to_contain_text("2 pages")
    axe(page)
    capture(page, "dossier-pieces")
    section(page, "Vue d’ensemble")
    capture(page, "dossier-apercu")

    # The checklist is green; the dépôt summary, confirmation, récépissé.
    expect(page.locator("#recevabilite")).to_contain_text("0 bloquant")
    section(page, "Déposer le dossier")
    capture(page, "dossier-depot")
    cocher(page.get_by_label(re.compile("Je confirme")))
    page.get_by_role("button", name="Déposer le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    expect(page.locator("#numero-dossier")).to_have_text(re.compile(r"AMI2-SPIE-2021-\d{4}"))
    axe(page)
    capture(page, "dossier-recepisse")
    page.goto("/candidatures/")
    expect(page.get_by_role("cell", name=re.compile("SPIE du Nord 2022-2024"))).to_be_visible()
    capture(page, "dossier-mes-dossiers")
    dossier = Dossier.objects.get()
    assert dossier.etat == Etat.DEPOSE
    assert attendre(lambda: mail.outbox)
    assert sorted(mail.outbox[-1].to) == ["camille@cd59.fr", "collegue@cd59.fr"]


def test_un_budget_hors_regles_affiche_les_messages_et_garde_la_saisie(page, candidat, capture):
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="Budget à revoir"
    )
    dossier_complet(dossier)
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    subvention = page.locator(".ligne--financement").first.get_by_label("Montant")
    subvention.fill("390 000,01")  # 97,5 % of 400 000 €: R12 broken, and 470 000,01 € of financing: R11
    # « Frais généraux O/N » follows the nature: two lines of 50 000 € of 400 000 € → 25 %: R14.
    for n in (0, 1):
        page.locator(".ligne--depense").nth(n).get_by_role(
            "combobox", name=re.compile("^Nature de la dépense")
        ).select_option(label="Frais généraux (fournitures, reprographie, locations de salles, équipement…)")
    page.locator(".ligne--depense").nth(2).get_by_role("textbox", name=re.compile("^Nombre d'unités")).fill(
        "douze"
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#budget-R12")).to_contain_text("l'AMI l'accepte jusqu'à 80 %")
    expect(page.locator("#budget-R11")).to_contain_text("dépasse le coût global")
    expect(page.locator("#budget-R14")).to_contain_text("l'AMI les limite à 15 %")
    expect(page.locator(".ligne--financement").first.get_by_label("Montant")).to_have_value("390 000,01")
    erreur = page.locator(".ligne--depense").nth(2)
    expect(erreur.get_by_role("textbox", name=re.compile("^Nombre d'unités"))).to_have_value("douze")
    expect(erreur).to_contain_text("Saisissez un nombre")
    capture(page, "dossier-budget-hors-regles")
    page.goto(f"/candidatures/{dossier.pk}/depot/")
    cocher(page.get_by_label(re.compile("Je confirme")))
    page.get_by_role("button", name="Déposer le dossier").click()
    expect(page.locator("#erreur-depot")).to_contain_text("ne peut pas être déposé")
    expect(page.locator("#erreur-depot")).to_contain_text("R12")
    assert Dossier.objects.get().etat == Etat.BROUILLON


def test_la_sauvegarde_automatique_n_envoie_que_les_lignes_saisies(page, candidat):
    """An autosave posts the budget row typed in, not every row: what portail.js sends, read from the
    request Chromium makes; a row still showing an error is sent again."""
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="Budget long"
    )
    dossier_complet(dossier)
    lignes = list(dossier.depenses.order_by("id"))
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/budget/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget long")
    expect(page.locator(f"#ligne-depense-{lignes[0].pk}")).to_be_visible()

    def autosave(ligne, champ, valeur):
        with page.expect_request(
            lambda r: r.method == "POST" and "_autosave=1" in (r.post_data or "")
        ) as req:
            champ_ligne = page.locator(f"#ligne-depense-{ligne.pk}").get_by_role(
                "textbox", name=re.compile(champ)
            )
            champ_ligne.fill(valeur)
        expect(page.locator("#statut-enregistrement")).not_to_have_attribute("aria-busy", "true")
        return req.value.post_data

    envoye = autosave(lignes[0], "^Coût unitaire", "1 234,56")
    assert f"_lignes=depense-{lignes[0].pk}&" in envoye + "&"
    assert f"depense-{lignes[0].pk}-objet=" in envoye
    assert not any(f"depense-{ligne.pk}-" in envoye for ligne in lignes[1:])
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à")
    lignes[0].refresh_from_db()
    assert str(lignes[0].cout_unitaire) == "1234.56"

    autosave(lignes[1], "^Nombre d'unités", "douze")
    expect(page.locator(f"#ligne-depense-{lignes[1].pk}")).to_contain_text("Saisissez un nombre")
    envoye = autosave(lignes[2], "^Objet de la dépense", "Formation des référents")
    # Row 2 still shows its error: sent again, so the status still counts it.
    assert f"depense-{lignes[1].pk}-nombre_unites=douze" in envoye
    assert f"depense-{lignes[0].pk}-" not in envoye
    expect(page.locator("#statut-enregistrement")).to_contain_text("1 champ à corriger")
    lignes[2].refresh_from_db()
    assert lignes[2].objet == "Formation des référents"


def test_session_expiree_la_saisie_reste_dans_la_page(page, candidat, capture):
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="X"
    )
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    page.goto(f"/candidatures/{dossier.pk}/axe_4/")
    page.context.clear_cookies(name="sessionid")
    zone = page.get_by_label("Équipe d'animation")
    zone.fill("Une cheffe de projet et deux chargés de mission.")
    expect(page.locator("#statut-enregistrement")).to_contain_text("Votre session a expiré", timeout=8000)
    expect(zone).to_have_value("Une cheffe de projet et deux chargés de mission.")
    capture(page, "dossier-session-expiree")
    # Log in again in another tab, come back, save: nothing was lost.
    onglet = page.context.new_page()
    se_connecter(onglet, candidat.email, MOT_DE_PASSE)
    expect(onglet.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
    fermer(onglet)
    # The new login renewed the CSRF token: the first save says so and gives the page the new one
    # (tests/browser/test_securite.py), the second goes through.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#statut-enregistrement")).to_contain_text("La page a expiré")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Une cheffe de projet et deux chargés de mission."


def test_deux_membres_la_seconde_sauvegarde_montre_les_deux_versions(
    page, navigateur, live_server, candidat, capture
):
    collegue = UserFactory(
        organisation=candidat.organisation, email="dominique@cd59.fr", first_name="Dominique"
    )
    dossier = Dossier.objects.create(
        appel=Appel.objects.get(), organisation=candidat.organisation, intitule="X"
    )
    url = f"/candidatures/{dossier.pk}/axe_4/"
    autre = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    page_collegue = autre.new_page()
    for onglet, qui in ((page, candidat), (page_collegue, collegue)):
        se_connecter(onglet, qui.email, MOT_DE_PASSE)
        expect(onglet.get_by_role("heading", level=1)).to_have_text("Mes dossiers")
        onglet.goto(url)
    page.get_by_label("Équipe d'animation").fill("Version de Camille")
    enregistrer(page)
    page_collegue.get_by_label("Équipe d'animation").fill("Version de Dominique")
    page_collegue.get_by_role("button", name="Enregistrer", exact=True).click()
    conflit = page_collegue.locator(".conflit")
    expect(conflit).to_contain_text("votre saisie n’est pas enregistrée")
    expect(conflit).to_contain_text("Version de Camille")
    expect(conflit).to_contain_text("Version de Dominique")
    expect(page_collegue.get_by_label("Équipe d'animation")).to_have_value("Version de Dominique")
    capture(page_collegue, "dossier-conflit")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Version de Camille"
    page_collegue.get_by_role("button", name="Enregistrer ma version").click()
    expect(page_collegue.locator("#statut-enregistrement")).to_contain_text("Enregistré à")
    dossier.refresh_from_db()
    assert dossier.methodologie_equipe == "Version de Dominique"
    autre.close()
