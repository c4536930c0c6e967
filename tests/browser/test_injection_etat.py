"""Issue 12, item 1 — stored XSS, the State's side, in Chromium with the CSP bypassed (escaping must hold
on its own). The administrateur types a criterion's source, invites an agent with a new service and a
candidat with a new organisation, issues and revokes a token, all named with payloads; an instructeur
takes a dossier, asks the avis (the services' names in the flash message), scores it (the source in the
help text), asks compléments and decides with payload motivations; the invited agent gives a payload
avis. Dossiers at every step of the instruction hold payloads in every text column (ORM). Then two
instructeurs, the agents of the DDETS and of the DREETS and the administrateur visit every page of their
space. On each: 0 dialog, 0 injected element (tests/browser/sonde_xss.py)."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.core import mail
from playwright.sync_api import expect

from ami.models import Appel
from candidatures.models import Dossier
from candidatures.politique import politique
from comptes.models import TypeOrganisation, User
from exports.pdf import html_dossier
from tests.browser.outils import CAPTURES, cocher
from tests.browser.sonde_xss import Sonde
from tests.charges_xss import (
    CHARGES,
    ETAPES,
    JETON,
    ORGANISATION,
    PERSONNE,
    SERVICE,
    SOURCE_CRITERE,
    charge,
    charges_en_base,
    depose_charge,
    instruire_charge,
)
from tests.factories import (
    DepartementFactory,
    ExclusionR08Factory,
    OrganisationFactory,
    ServiceTerritorialFactory,
    UserFactory,
    siret_valide,
)

pytestmark = pytest.mark.django_db(transaction=True)
RECHERCHE = quote(CHARGES[0])


@pytest.fixture
def personnes(donnees_de_base, settings, tmp_path):
    """The porteur and the State's staff, each name a payload; an exclusion R08 named with one."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    organisation = OrganisationFactory(
        nom=ORGANISATION, type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement_id="59"
    )
    ExclusionR08Factory(nom=CHARGES[1])
    nord = ServiceTerritorialFactory(departement=DepartementFactory(), nom="DDETS du Nord")
    return {
        "candidat": UserFactory(organisation=organisation, first_name=PERSONNE, last_name="Martin"),
        "instructeur": UserFactory(instructeur=True, first_name=CHARGES[0][:60], last_name="Durand"),
        "instructeur2": UserFactory(instructeur=True, first_name="Sacha", last_name=CHARGES[6][:60]),
        "agent_nord": UserFactory(
            agent=True, first_name="Morgane", last_name="Lefebvre", service_territorial=nord
        ),
        "agent_region": UserFactory(
            agent=True,
            first_name=CHARGES[4][:60],
            service_territorial=ServiceTerritorialFactory(regional=True, nom="DREETS " + CHARGES[7][:60]),
        ),
        "administrateur": UserFactory(administrateur=True, first_name=CHARGES[2][:60], last_name="Admin"),
    }


def administrer(sonde, page, personnes):
    """The administrateur's payloads, each typed in the page and sent: its flash message checked."""
    page.goto("/administration/grille/")
    page.locator("[name$='-source']").first.fill(SOURCE_CRITERE)
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.locator(".fr-alert--success")).to_be_visible()
    sonde.verifier(page, "grille enregistrée : message flash", min_rendues=1)

    page.goto("/compte/gestion/inviter/")
    page.locator("#id_email").fill("agent.nouveau@nord.gouv.fr")
    page.locator("#id_first_name").fill(CHARGES[5][:60])
    page.locator("#id_last_name").fill("Agent")
    cocher(page.locator("input[name=role][value=agent]"))
    page.locator("#id_nouveau_service-type").select_option("ddets")
    page.locator("#id_nouveau_service-nom").fill(SERVICE)
    page.locator("#id_nouveau_service-departement").select_option("59")
    page.get_by_role("button", name="Créer le compte et envoyer l’invitation").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est invité")
    sonde.verifier(page, "invitation d’un agent, nouveau service : message flash", min_rendues=1)

    page.goto("/compte/gestion/inviter/")
    page.locator("#id_email").fill("candidat.nouveau@plie.fr")
    page.locator("#id_first_name").fill(CHARGES[3][:60])
    page.locator("#id_last_name").fill(CHARGES[0][:60])
    cocher(page.locator("input[name=role][value=candidat]"))
    page.locator("#id_nouvelle_organisation-nom").fill("PLIE " + CHARGES[1])
    page.locator("#id_nouvelle_organisation-siret").fill(siret_valide(9_000_001))
    page.locator("#id_nouvelle_organisation-type").select_option(TypeOrganisation.PLIE)
    page.locator("#id_nouvelle_organisation-departement").select_option("59")
    page.get_by_role("button", name="Créer le compte et envoyer l’invitation").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est invité")
    sonde.verifier(page, "invitation d’un candidat, nouvelle organisation : message flash", min_rendues=1)

    page.goto("/api/jetons/")
    page.locator("#id_user").select_option(str(personnes["instructeur"].pk))
    page.locator("#id_libelle").fill(JETON)
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.locator("#nouveau-jeton")).to_contain_text(JETON)
    sonde.verifier(page, "jeton créé", min_rendues=2)
    page.locator("a", has_text="Révoquer").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(JETON)
    sonde.verifier(page, "révocation d’un jeton", min_rendues=1)
    page.get_by_role("button", name="Révoquer ce jeton").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(f"Le jeton « {JETON} »")
    sonde.verifier(page, "jeton révoqué : message flash", min_rendues=2)


def instruire(sonde, page, depose, en_instruction):
    """The instructeur's actions in the page, each with its flash message."""
    fiche = f"/instruction/dossiers/{depose.pk}/"
    sonde.visiter(page, fiche, "dossier déposé (instructeur)", min_rendues=10)
    page.get_by_role("button", name="Prendre en instruction").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Vous avez pris en instruction")
    sonde.verifier(page, "prise en instruction : message flash", min_rendues=10)
    expect(page.locator("#notation")).to_contain_text(SOURCE_CRITERE)

    page.get_by_role("tab", name="Avis").click()  # the dossier page is in tabs (issue 17)
    page.get_by_role("button", name="Demander l’avis").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(SERVICE)
    sonde.verifier(page, "avis demandé : message flash", min_rendues=10)

    page.get_by_role("tab", name="Évaluation").click()  # the dossier page is in tabs (issue 17)
    expect(page.get_by_role("tabpanel", name="Évaluation")).to_be_visible()  # before .all()
    for critere in page.get_by_role("combobox", name=re.compile("coefficient")).all():
        critere.select_option("3")
    page.get_by_role("textbox", name="Appréciation générale").fill(charge(2))
    page.get_by_role("button", name="Enregistrer mon évaluation").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Votre évaluation est enregistrée")
    sonde.verifier(page, "évaluation : message flash", min_rendues=10)

    page.get_by_role("tab", name="Recevabilité").click()  # the dossier page is in tabs (issue 17)
    page.get_by_role("radio", name="Recevable", exact=True).evaluate("e => e.click()")
    page.get_by_role("textbox", name=re.compile("^Motivation de la décision")).fill(charge(3))
    page.get_by_role("button", name="Enregistrer la décision de recevabilité").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est déclaré recevable")
    sonde.verifier(page, "recevabilité : message flash", min_rendues=10)

    sonde.visiter(page, f"/instruction/dossiers/{en_instruction.pk}/", "en instruction", min_rendues=10)
    demande = page.locator("#demande-complements")
    page.get_by_role("tab", name="Recevabilité").click()  # the dossier page is in tabs (issue 17)
    cocher(demande.get_by_role("checkbox", name="1. Chef de file de la candidature"))
    demande.get_by_role("textbox", name=re.compile("^Message au porteur")).fill(charge(4))
    page.get_by_role("button", name="Demander les compléments").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Compléments demandés jusqu’au")
    sonde.verifier(page, "compléments demandés : message flash", min_rendues=10)


def donner_avis(sonde, page, dossier):
    sonde.visiter(page, "/instruction/territoire/", "file du territoire (agent invité)", min_rendues=1)
    page.screenshot(path=CAPTURES / "injection-file-du-territoire.png")
    page.goto(f"/instruction/dossiers/{dossier.pk}/")
    page.get_by_role("tab", name="Avis").click()  # the dossier page is in tabs (issue 17)
    page.get_by_role("radio", name="Favorable avec réserves").evaluate("e => e.click()")
    page.get_by_role("textbox", name="Motivation").fill(charge(5))
    page.get_by_role("button", name="Enregistrer l’avis").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(f"de {SERVICE} est enregistré")
    sonde.verifier(page, "avis donné : message flash", min_rendues=10)


def pages_etat(role, dossiers, comptes) -> list[str]:
    """Every page of ``role``'s space, the dossiers' pages included; filters and searches hold payloads."""
    fiches = [f"/instruction/dossiers/{d.pk}/" for d in dossiers]
    communes = ["/tableau-de-bord/", "/exports/", f"/exports/?q={RECHERCHE}", "/api/v1/docs", *fiches]
    file = [
        "/instruction/",
        f"/instruction/?q={RECHERCHE}",
        f"/instruction/?etat={RECHERCHE}&departement={RECHERCHE}&avis={RECHERCHE}&tri={RECHERCHE}",
        "/instruction/classement/",
    ]
    if role == "agent":
        return ["/instruction/territoire/", f"/instruction/territoire/?q={RECHERCHE}", *communes]
    if role == "instructeur":
        return [*file, *communes]
    gestion = [f"/compte/gestion/{c.pk}/" for c in comptes]
    return [
        "/administration/",
        "/administration/grille/",
        "/administration/exclusions/",
        "/administration/journal/",
        "/administration/journal/securite/",
        f"/administration/journal/securite/?personne={RECHERCHE}&type={RECHERCHE}&du={RECHERCHE}",
        "/compte/gestion/",
        f"/compte/gestion/?q={RECHERCHE}&role={RECHERCHE}",
        "/compte/gestion/inviter/",
        *gestion,
        "/api/jetons/",
        *file,
        *communes,
    ]


def test_item1_xss_instructeurs_agents_administrateur(personnes, navigateur, live_server, capture):
    sonde = Sonde(navigateur, live_server.url, capture)
    instructeurs = [personnes["instructeur"], personnes["instructeur2"]]
    dossiers = {}
    for rang, etape in enumerate(ETAPES):
        dossier = depose_charge(personnes["candidat"], intitule=f"{CHARGES[rang % len(CHARGES)]} ({etape})")
        instruire_charge(dossier, instructeurs, personnes["agent_nord"], etape)
        dossiers[etape] = dossier

    admin = sonde.page_de(personnes["administrateur"])
    administrer(sonde, admin, personnes)
    capture(admin, "injection-jeton-revoque")
    instructeur = sonde.page_de(personnes["instructeur"])
    instruire(sonde, instructeur, dossiers["depose"], dossiers["en_instruction"])
    instructeur.goto(f"/instruction/dossiers/{dossiers['depose'].pk}/#notation")
    instructeur.screenshot(path=CAPTURES / "injection-notation.png")
    invite = User.objects.get(email="agent.nouveau@nord.gouv.fr")
    donner_avis(sonde, sonde.page_de(invite), dossiers["depose"])

    dossiers = [Dossier.objects.get(pk=d.pk) for d in dossiers.values()]
    comptes = [personnes["candidat"], personnes["instructeur"], invite, personnes["agent_region"]]
    roles = [
        ("instructeur", personnes["instructeur"], instructeur),
        ("instructeur", personnes["instructeur2"], None),
        ("agent", invite, None),
        ("agent", personnes["agent_region"], None),
        ("administrateur", personnes["administrateur"], admin),
    ]
    versions = set()
    for role, user, page in roles:
        page = page or sonde.page_de(user)
        for url in pages_etat(role, dossiers, comptes):
            sonde.visiter(page, url, f"{url} ({role} {user.pk})")
        # The PDF of each dossier in each version (instructeur, agent, administrateur): the HTML that
        # WeasyPrint parses, in Chromium.
        if politique(user).version_pdf in versions:
            continue
        versions.add(politique(user).version_pdf)
        for dossier in dossiers:
            page.set_content(html_dossier(dossier, user))
            sonde.verifier(page, f"PDF {dossier.etat} ({role} {user.pk})", min_rendues=10)
        page.screenshot(path=CAPTURES / f"injection-pdf-{politique(user).version_pdf}.png")

    # And WeasyPrint itself renders the dossier holding every payload (an injected <img> would make its
    # URL fetcher, which refuses anything but the static files, fail the PDF).
    reponse = admin.request.get(f"/exports/dossiers/{dossiers[-1].pk}/pdf/", timeout=120_000)
    assert reponse.status == 200 and reponse.body().startswith(b"%PDF-")

    # The e-mails (invitations, avis requested, compléments, decisions) are plain text, as typed.
    corps = "\n".join(m.subject + "\n" + m.body for m in mail.outbox)
    assert SERVICE in corps and CHARGES[4] in corps
    assert not re.search(r"&(lt|gt|quot|amp|#x27);", corps)
    assert all(not getattr(m, "alternatives", None) for m in mail.outbox)

    chiffres = sonde.bilan("etat", charges_en_base())
    assert sonde.formes_vues >= set(CHARGES), set(CHARGES) - sonde.formes_vues
    assert chiffres["dialogues"] == 0, chiffres["liste_des_dialogues"]
    assert chiffres["echecs"] == [], "\n".join(chiffres["echecs"])
