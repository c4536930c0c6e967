"""Issue 17, point 8, in Chromium: the instructeur asks the DDETS du Nord for its avis (the form pre-checks
the services not consulted yet, then marks the one consulted and leaves it unchecked); the relance names
the service in the history; the agent of that DDETS filters « Avis à donner par mon service » and reads
the date the avis is awaited by. axe-core on each page; screenshot test-artifacts/captures/agents-*.png."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from candidatures import cycle
from instruction.avis import relancer
from instruction.models import DemandeAvis
from tests.browser.outils import se_connecter
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db(transaction=True)


def test_demande_relance_et_avis_a_donner_par_mon_service(
    page, appel_ouvert, depose, instructeur, agent_nord, agent_region, axe, capture
):
    nord, region = agent_nord.service_territorial, agent_region.service_territorial
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    dans_deux_jours = timezone.localdate() + datetime.timedelta(days=2)

    # The instructeur: both services pre-checked; he keeps the DDETS only, due in two days.
    se_connecter(page, instructeur.email, MOT_DE_PASSE)
    page.goto(f"/instruction/dossiers/{depose.pk}/")
    page.get_by_role("tab", name="Avis", exact=True).click()
    panneau = page.get_by_role("tabpanel", name="Avis")
    expect(panneau.get_by_role("checkbox", name=nord.nom, exact=True)).to_be_checked()
    expect(panneau.get_by_role("checkbox", name=region.nom, exact=True)).to_be_checked()
    dreets = panneau.get_by_role("checkbox", name=region.nom, exact=True)
    page.locator(f'label[for="{dreets.get_attribute("id")}"]').click()  # DSFR draws the box on the label
    expect(dreets).not_to_be_checked()
    panneau.get_by_label("Avis attendu avant le").fill(dans_deux_jours.isoformat())
    panneau.get_by_role("button", name="Demander l’avis", exact=True).click()
    page.wait_for_load_state()
    assert [d.service for d in DemandeAvis.objects.all()] == [nord]

    # Asked again: the DDETS is marked « déjà consulté », unchecked; the DREETS still pre-checked.
    page.get_by_role("tab", name="Avis", exact=True).click()
    panneau = page.get_by_role("tabpanel", name="Avis")
    consulte = f"{nord.nom} — déjà consulté le {timezone.localdate():%d/%m/%Y}, avis attendu avant le"
    expect(panneau.get_by_role("checkbox", name=consulte)).not_to_be_checked()
    expect(panneau.get_by_role("checkbox", name=region.nom, exact=True)).to_be_checked()
    axe(page)

    # The daily relance (Celery beat) names the service in the dossier's history.
    assert relancer() == 1
    page.reload()
    page.get_by_role("tab", name="Historique", exact=True).click()
    expect(page.get_by_role("tabpanel", name="Historique")).to_contain_text(
        f"Relance de la demande d’avis à {nord.nom}"
    )

    # The agent of the DDETS: « Avis à donner par mon service », with the date.
    page.context.clear_cookies()
    se_connecter(page, agent_nord.email, MOT_DE_PASSE)
    page.goto(reverse("instruction:territoire"))
    filtre = page.get_by_role("combobox", name="Avis des services")
    filtre.select_option(label="Avis à donner par mon service")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.locator("#nombre-dossiers")).to_contain_text("1\u00a0dossier correspondant aux filtres")
    expect(page.get_by_role("link", name=depose.numero, exact=True)).to_be_visible()
    expect(page.get_by_text(f"attendu avant le {dans_deux_jours:%d/%m/%Y}")).to_be_visible()
    axe(page)
    capture(page, "agents-avis-a-donner")
