"""Issue 12, item 4 in Chromium: an instructeur who scored one dossier of three sees its average and rank,
the two others « À noter par vous », unranked, their average masked, in the Classement and the queue."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ami.models import Appel
from candidatures import cycle
from candidatures.depot import deposer
from demo.exemples import dossier_complet
from instruction.models import Evaluation
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_item4_classement_et_file_d_un_instructeur_qui_n_a_pas_tout_note(
    page, settings, tmp_path, axe, capture
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Appel.objects.update(date_limite_depot=datetime.date.today() + datetime.timedelta(days=30))
    a = UserFactory(instructeur=True, first_name="Alex", last_name="Durand")
    b = UserFactory(instructeur=True, email="sacha@dgefp.gouv.fr", first_name="Sacha", last_name="Bernard")
    candidat = UserFactory()
    dossiers = []
    for intitule, notes in (
        ("Premier", {a: "17.37"}),
        ("Deuxième", {a: "10.29", b: "12.29"}),
        ("Troisième", {a: "8.43"}),
    ):
        dossier = DossierFactory(organisation=candidat.organisation, intitule=intitule)
        dossier_complet(dossier, user=candidat)
        dossier = deposer(dossier.pk, candidat).dossier
        cycle.effectuer(dossier, cycle.Action.PRENDRE, a)
        cycle.effectuer(dossier, cycle.Action.DECLARER_RECEVABLE, a, "Complet.")
        for instructeur, note in notes.items():
            Evaluation.objects.create(dossier=dossier, instructeur=instructeur, note_sur_20=Decimal(note))
        dossiers.append(dossier)

    se_connecter(page, b.email, MOT_DE_PASSE)
    page.goto("/instruction/classement/")
    classes = page.locator(".classement").first
    expect(classes).to_contain_text("11,29")
    expect(classes).to_contain_text(dossiers[1].numero)
    a_noter = page.locator(".classement").nth(1)
    expect(page.get_by_role("heading", name="À noter par vous")).to_be_visible()
    expect(a_noter).to_contain_text("note masquée tant que vous n’avez pas noté")
    for cachee in ("17,37", "8,43"):
        expect(page.locator("main")).not_to_contain_text(cachee)
    axe(page)
    capture(page, "item4-classement-instructeur-b")

    page.goto("/instruction/?tri=-note")
    expect(page.locator("main")).to_contain_text("masquée")
    expect(page.locator("main")).not_to_contain_text("17,37")
    capture(page, "item4-file-instructeur-b")
