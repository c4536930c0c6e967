"""Issue 12, item 1 — stored XSS, the candidat's side, in Chromium with the CSP bypassed (escaping must
hold on its own): the intitulé typed at creation, one field of each section typed and saved through the
page, a file name at upload; a colleague removes the pièce (« Retirer »: its name in the flash message);
then every text column of the dossiers holds a payload (ORM) and the candidat and the colleague visit
every page of their space. On each: 0 dialog, 0 injected element (tests/browser/sonde_xss.py)."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.core import mail
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier, Section
from comptes.models import TypeOrganisation
from demo import exemples
from exports.pdf import html_dossier
from pieces.models import NaturePiece
from tests.browser.sonde_xss import Sonde
from tests.charges_xss import (
    CHARGES,
    INTITULE,
    NOM_FICHIER,
    ORGANISATION,
    PERSONNE,
    charge,
    charges_en_base,
    depose_charge,
    instruire_charge,
    remplir_dossier,
)
from tests.factories import (
    DepartementFactory,
    OrganisationFactory,
    ServiceTerritorialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def porteur(donnees_de_base, settings, tmp_path):
    """A conseil départemental named with a payload; its candidat and a colleague, named with payloads."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom=ORGANISATION, type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    candidat = UserFactory(organisation=organisation, first_name=PERSONNE, last_name="Martin")
    collegue = UserFactory(organisation=organisation, first_name="Dominique", last_name=CHARGES[2][:50])
    return candidat, collegue


def enregistrer(sonde, page, nom):
    """« Enregistrer », the status « Enregistré à », then the page as the server renders it again."""
    # The button's own answer, not an earlier autosave's « Enregistré à » (a reload while the save is on its
    # way is rightly held back by the « unsaved changes » warning).
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    expect(page.locator("#statut-enregistrement")).to_contain_text("Enregistré à")
    sonde.verifier(page, f"{nom} : après l’enregistrement", min_rendues=1)
    page.reload()
    sonde.verifier(page, f"{nom} : rechargée", min_rendues=1)


def saisir_une_valeur_par_section(sonde, page, dossier):
    """One text field of each section typed in the page and saved (the save path of each section)."""
    url = f"/candidatures/{dossier.pk}"
    page.goto(f"{url}/chef_de_file/")
    page.locator("[name=adresse]").fill(charge(0))
    enregistrer(sonde, page, "chef de file")

    page.goto(f"{url}/consortium/")
    bloc = page.locator("#type-pole_emploi")
    bloc.get_by_role("button", name=re.compile("Ajouter un membre")).click()
    expect(bloc.locator(".ligne")).to_have_count(1)
    bloc.locator("[name$='-structure']").fill(charge(1, 200))
    enregistrer(sonde, page, "consortium")

    page.goto(f"{url}/territoire/")
    page.locator("[name='publics_autres']").fill(charge(2, 300))
    enregistrer(sonde, page, "territoire")

    for numero in (1, 2, 3):
        page.goto(f"{url}/axe_{numero}/")
        page.locator("#formulaire-section textarea").first.fill(charge(numero))
        if numero == 1:
            page.get_by_role("button", name="Ajouter un indicateur").click()
            expect(page.locator(".ligne--indicateur")).to_have_count(1)
            page.locator(".ligne--indicateur [name$='-libelle']").fill(charge(4, 300))
        enregistrer(sonde, page, f"axe {numero}")

    page.goto(f"{url}/axe_4/")
    page.locator("#formulaire-section textarea").first.fill(charge(5))
    enregistrer(sonde, page, "axe 4")

    page.goto(f"{url}/budget/")
    page.locator("#groupe-axe_1").get_by_role("button", name=re.compile("Ajouter une dépense")).click()
    expect(page.locator(".ligne--depense")).to_have_count(1)
    page.locator(".ligne--depense [name$='-objet']").fill(charge(6, 300))
    page.get_by_role("button", name="Ajouter un financement").click()
    expect(page.locator(".ligne--financement")).to_have_count(1)
    page.locator(".ligne--financement [name$='-financeur']").fill(charge(7, 200))
    enregistrer(sonde, page, "budget")

    # The file name of the issue, at upload: shown in the flash message and the list of pièces.
    page.goto(f"{url}/pieces/")
    section = page.locator(f"#{NaturePiece.LETTRE_POLE_EMPLOI}")
    section.locator("input[type=file]").set_input_files(
        {"name": NOM_FICHIER, "mimeType": "application/pdf", "buffer": exemples.pdf(1)}
    )
    section.get_by_role("button", name=re.compile("Envoyer")).click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est joint au dossier")
    sonde.verifier(page, "pièce jointe : message flash", min_rendues=1)


def pages_du_porteur(dossier, brouillon: bool) -> list[tuple[str, str]]:
    url = f"/candidatures/{dossier.pk}"
    pages = [(f"{url}/", "vue d’ensemble")]
    if brouillon:
        pages += [(f"{url}/{s}/", f"section {s}") for s in Section.values]
        pages.append((f"{url}/depot/", "dépôt"))
    else:
        pages += [(f"{url}/recepisse/", "récépissé et suivi"), (f"{url}/chef_de_file/", "section lue")]
        ouvertes = dossier.sections_ouvertes()
        pages += [(f"{url}/{s}/", f"section rouverte {s}") for s in sorted(ouvertes)]
    return pages


def test_item1_xss_candidat_et_collegue(porteur, navigateur, live_server, capture):
    candidat, collegue = porteur
    sonde = Sonde(navigateur, live_server.url, capture)
    page = sonde.page_de(candidat)

    # Creation through the real form: the intitulé comes back in the flash message, as text.
    sonde.visiter(page, "/candidatures/", "mes dossiers (aucun)", min_rendues=1)
    page.get_by_label("Intitulé du projet").fill(INTITULE)
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(f"Le dossier « {INTITULE} » est créé.")
    sonde.verifier(page, "création : message flash", min_rendues=2)
    brouillon = Dossier.objects.get()
    saisir_une_valeur_par_section(sonde, page, brouillon)
    capture(page, "injection-pieces-candidat")

    # The colleague removes it: the name in the « Retirer » flash message, in the colleague's session.
    page_collegue = sonde.page_de(collegue)
    sonde.visiter(page_collegue, f"/candidatures/{brouillon.pk}/pieces/", "pièces (collègue)", min_rendues=1)
    page_collegue.get_by_role("button", name=re.compile("^Retirer")).click()
    expect(page_collegue.locator(".fr-alert--success")).to_contain_text("est retiré du dossier")
    sonde.verifier(page_collegue, "retrait de la pièce : message flash (collègue)", min_rendues=1)
    capture(page_collegue, "injection-retrait-collegue")

    # Then every text column of the draft holds payloads (telephones and e-mails included: a draft keeps
    # what was typed), with more rows and both pièces; and dossiers at each step of the instruction.
    exemples.remplir_axes(brouillon, indicateurs_par_axe=1)
    exemples.ajouter_membres(brouillon, 4)
    exemples.ajouter_budget(brouillon, lignes=4)
    for nature in (NaturePiece.LETTRE_POLE_EMPLOI, NaturePiece.ANNEXE):
        exemples.joindre(brouillon, nature, nom=NOM_FICHIER, user=candidat)
    remplir_dossier(brouillon)
    instructeurs = [
        UserFactory(instructeur=True, first_name=CHARGES[0][:60], last_name="Durand"),
        UserFactory(instructeur=True, first_name="Sacha", last_name=CHARGES[6][:60]),
    ]
    agent = UserFactory(
        agent=True, service_territorial=ServiceTerritorialFactory(departement=DepartementFactory())
    )
    suivis = []
    for etape in ("depose", "complements", "irrecevable", "laureat"):
        dossier = depose_charge(candidat, intitule=f"{INTITULE} ({etape})")
        instruire_charge(dossier, instructeurs, agent, etape)
        suivis.append(Dossier.objects.get(pk=dossier.pk))

    for personne, onglet in (("candidat", page), ("collègue", page_collegue)):
        sonde.visiter(onglet, "/candidatures/", f"mes dossiers ({personne})", min_rendues=5)
        for url, nom in pages_du_porteur(brouillon, brouillon=True):
            sonde.visiter(onglet, url, f"brouillon, {nom} ({personne})", min_rendues=1)
        for dossier in suivis:
            for url, nom in pages_du_porteur(dossier, brouillon=False):
                sonde.visiter(onglet, url, f"{dossier.etat}, {nom} ({personne})", min_rendues=1)
    capture(page, "injection-apercu-candidat")

    # The dépôt refused (blocking points listed), then the compléments transmitted: both in the browser.
    sonde.visiter(page, f"/candidatures/{brouillon.pk}/depot/", "dépôt")
    page.locator("#confirmation").evaluate("e => { if (!e.checked) e.click(); }")
    page.get_by_role("button", name="Déposer le dossier").click()
    expect(page.locator("#erreur-depot")).to_contain_text("ne peut pas être déposé")
    sonde.verifier(page, "dépôt refusé", min_rendues=1)
    en_complements = suivis[1]
    sonde.visiter(page, f"/candidatures/{en_complements.pk}/", "compléments demandés", min_rendues=1)
    expect(page.locator("#complements")).to_contain_text(CHARGES[4])
    page.get_by_role("button", name="Transmettre les compléments").click()
    expect(page.locator("#suivi")).to_contain_text("Compléments transmis")
    sonde.verifier(page, "compléments transmis : message flash", min_rendues=1)
    capture(page, "injection-complements-transmis")

    # The PDF of the candidat's version: WeasyPrint parses HTML too; the same HTML, in Chromium.
    for dossier in [brouillon, *suivis]:
        page.set_content(html_dossier(Dossier.objects.get(pk=dossier.pk), candidat))
        sonde.verifier(page, f"PDF du candidat ({dossier.etat})", min_rendues=10)

    # Reflected: a visitor's pages with payloads in the query string and the path.
    visiteur = sonde.page_de()
    for url, statut in (
        ("/", 200),
        (f"/compte/connexion/?next={quote(CHARGES[3])}", 200),
        (f"/compte/connexion/?next=/candidatures/{quote(CHARGES[0])}", 200),
        (f"/questions-reponses/?q={quote(CHARGES[1])}", 200),
        (f"/{quote(CHARGES[0])}/", 404),
    ):
        sonde.visiter(visiteur, url, f"visiteur {url}", statut=statut)
    sonde.visiter(page, f"/candidatures/{quote(CHARGES[6])}/", "404 (candidat)", statut=404)

    # The e-mails are plain text: what was typed, as typed (never HTML-escaped).
    corps = "\n".join(m.subject + "\n" + m.body for m in mail.outbox)
    assert CHARGES[0] in corps and CHARGES[4] in corps
    assert not re.search(r"&(lt|gt|quot|amp|#x27);", corps)
    assert all(not getattr(m, "alternatives", None) for m in mail.outbox)

    chiffres = sonde.bilan("candidat", charges_en_base())
    assert sonde.formes_vues >= set(CHARGES), set(CHARGES) - sonde.formes_vues
    assert chiffres["dialogues"] == 0, chiffres["liste_des_dialogues"]
    assert chiffres["echecs"] == [], "\n".join(chiffres["echecs"])
