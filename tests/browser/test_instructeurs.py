"""Issue 17, point 14, in Chromium: an instructeur national follows a dossier and gives another to a
colleague (« Suivi par »), filters « Mes dossiers suivis », writes a private note, then from the queue
requests the avis for two dossiers at once and exports a selection. axe-core on each page; screenshots
in test-artifacts/captures/instructeurs-*.png."""

import pytest
from playwright.sync_api import expect

from exports.models import FichierExport
from instruction.models import DemandeAvis, NotePrivee, Suivi
from notifications.models import Notification
from tests.browser.outils import cocher, se_connecter
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, DepartementFactory, ServiceTerritorialFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def equipe(donnees_de_base, appel_ouvert):
    """Alex and Sacha, instructeurs; two dossiers of the Nord; the DDETS du Nord and the DREETS."""
    alex = UserFactory(instructeur=True, email="alex@dgefp.gouv.fr", first_name="Alex", last_name="Durand")
    sacha = UserFactory(
        instructeur=True, email="sacha@dgefp.gouv.fr", first_name="Sacha", last_name="Bernard"
    )
    ddets = ServiceTerritorialFactory(departement=DepartementFactory(), nom="DDETS du Nord")
    ServiceTerritorialFactory(regional=True, nom="DREETS Hauts-de-France")
    UserFactory(agent=True, service_territorial=ddets, email="agent@nord.gouv.fr")
    premier, second = deposer_dossier(), deposer_dossier()
    return alex, sacha, premier, second


def test_suivi_notes_et_actions_groupees(page, equipe, axe, capture):
    alex, sacha, premier, second = equipe
    se_connecter(page, "alex@dgefp.gouv.fr", MOT_DE_PASSE)

    # « Suivi par »: the first dossier for himself, the second to Sacha.
    page.goto(f"/instruction/dossiers/{premier.pk}/")
    expect(page.locator("#suivi-actuel")).to_contain_text("personne pour le moment")
    axe(page)
    page.get_by_role("button", name="Suivre ce dossier moi-même", exact=True).click()
    expect(page.locator("#suivi-actuel")).to_contain_text("Alex Durand (vous)")
    page.goto(f"/instruction/dossiers/{second.pk}/")
    page.get_by_role("combobox", name="Confier le suivi à").select_option(label="Sacha Bernard")
    page.get_by_role("button", name="Enregistrer le suivi", exact=True).click()
    expect(page.get_by_text("Le suivi du dossier")).to_contain_text("confié à Sacha Bernard")
    expect(page.locator("#suivi-actuel")).to_contain_text("Sacha Bernard")
    assert Suivi.objects.get(dossier=second).instructeur == sacha
    assert Notification.objects.filter(destinataire=sacha, dossier=second).exists()
    page.get_by_role("tab", name="Historique", exact=True).click()
    expect(page.get_by_role("tabpanel", name="Historique")).to_contain_text(
        "Suivi du dossier : confié à Sacha Bernard"
    )

    # A private note on the first dossier, in its own tab.
    page.goto(f"/instruction/dossiers/{premier.pk}/")
    page.get_by_role("tab", name="Notes privées", exact=True).click()
    panneau = page.get_by_role("tabpanel", name="Notes privées")
    panneau.get_by_role("textbox", name="Note privée").fill("Appeler le chef de file sur le cofinancement.")
    panneau.get_by_role("button", name="Ajouter la note", exact=True).click()
    panneau = page.get_by_role("tabpanel", name="Notes privées")
    expect(panneau).to_be_visible()
    expect(panneau).to_contain_text("Appeler le chef de file sur le cofinancement.")
    expect(panneau).to_contain_text("Alex Durand (vous)")
    assert NotePrivee.objects.get().auteur == alex
    axe(page)
    capture(page, "instructeurs-notes-privees")

    # The queue: who follows what, « Mes dossiers suivis ».
    page.goto("/instruction/")
    expect(page.get_by_text("Suivi par vous")).to_have_count(1)
    expect(page.get_by_text("Suivi par Sacha Bernard")).to_have_count(1)
    page.get_by_role("link", name="Mes dossiers suivis", exact=True).click()
    expect(page.locator("#nombre-dossiers")).to_contain_text("1\u00a0dossier correspondant aux filtres")
    expect(page.get_by_role("link", name=premier.numero, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=second.numero, exact=True)).to_have_count(0)
    expect(page.get_by_role("combobox", name="Suivi par")).to_have_value("moi")
    axe(page)

    # Batch avis request: the whole page ticked (the script ticks every row), two dossiers.
    page.goto("/instruction/")
    cocher(page.get_by_role("checkbox", name="Sélectionner tous les dossiers de cette page (2)", exact=True))
    for dossier in (premier, second):
        expect(
            page.get_by_role("checkbox", name=f"Sélectionner le dossier n° {dossier.numero}", exact=True)
        ).to_be_checked()
    expect(page.locator("#selection-compte")).to_have_text("2 dossiers sélectionnés.")
    capture(page, "instructeurs-file-selection")
    axe(page)
    page.get_by_role("button", name="Demander un avis pour la sélection", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demander un avis pour la sélection")
    axe(page)
    capture(page, "instructeurs-avis-selection")
    page.get_by_role("button", name="Demander l’avis pour 2 dossiers", exact=True).click()
    expect(page.get_by_text("Avis demandé pour 2 dossiers")).to_be_visible()
    assert DemandeAvis.objects.filter(dossier__in=[premier, second]).count() == 4
    capture(page, "instructeurs-avis-demandes")

    # Export of one dossier: the exports page, on the selection only.
    cocher(page.get_by_role("checkbox", name=f"Sélectionner le dossier n° {second.numero}", exact=True))
    page.get_by_role("button", name="Exporter la sélection", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    expect(page.locator("#selection-active")).to_contain_text(
        "Les dossiers sélectionnés dans la file seulement."
    )
    expect(page.locator("#nombre-dossiers")).to_contain_text("1\u00a0dossier")
    axe(page)
    page.get_by_role("button", name="Préparer le classeur XLSX (4 feuilles)", exact=True).click()
    expect(page.locator("#mes-exports")).to_contain_text("1")
    export = FichierExport.objects.get(demandeur=alex)
    assert export.filtres == {"ids": str(second.pk), "appel": second.appel_id}
    capture(page, "instructeurs-export-selection")
