"""Issue 19 in Chromium: the administrateur duplicates vague 2 into vague 3, changes its rates, publishes
it; a candidat sees both calls in « Mes dossiers », creates a dossier in vague 3 and deposits it; the
instructeur switches between the two queues; the exports and the dashboard follow the chosen call."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ami.models import Appel, EtatAppel
from candidatures.models import Dossier, Etat
from demo.exemples import dossier_complet
from tests.browser.outils import fermer, nouveau_contexte, se_connecter
from tests.depots import dossiers_a_l_etat
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_vague_3_a_cote_de_la_vague_2(page, navigateur, live_server, candidat, axe, capture, appel_ouvert):
    vague2 = appel_ouvert
    anciens = dossiers_a_l_etat(2, departements=("62",), appel=vague2)
    UserFactory(administrateur=True, email="admin@ami.gouv.fr", first_name="Ada", last_name="Admin")
    UserFactory(instructeur=True, email="instructeur@ami.gouv.fr", first_name="Alex", last_name="Durand")

    # The administrateur: « Dupliquer », the new call's name, prefix and rates, then « Publier ».
    se_connecter(page, "admin@ami.gouv.fr", MOT_DE_PASSE)
    page.goto("/administration/appels/")
    axe(page)
    page.get_by_role("link", name=f"Dupliquer « {vague2.nom_court} »").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvel appel")
    page.locator("#id_nom_court").fill("AMI SPIE — vague 3")
    page.locator("#id_prefixe_numero").fill(vague2.prefixe_numero)  # taken: refused next to the field
    page.get_by_role("button", name="Créer l’appel").click()
    expect(page.locator("#id_prefixe_numero-desc-error, .fr-error-text").first).to_contain_text(
        "Ce préfixe est déjà celui d’un autre appel"
    )
    expect(page.locator("#id_nom_court")).to_have_value("AMI SPIE — vague 3")  # nothing typed lost
    axe(page)
    capture(page, "appels-prefixe-refuse")
    page.locator("#id_prefixe_numero").fill("AMI3-SPIE")
    page.locator("#id_part_etat_max").fill("85")
    page.locator("#id_cofinancement_min").fill("15")
    limite = datetime.date.today() + datetime.timedelta(days=20)
    page.locator("#id_date_ouverture").fill((datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.locator("#id_date_limite_depot").fill(limite.isoformat())
    page.locator("#id_date_limite_avis").fill((limite + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Créer l’appel").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("est créé à l’état de brouillon")
    vague3 = Appel.objects.get(prefixe_numero="AMI3-SPIE")
    assert (vague3.etat, vague3.part_etat_max, vague3.cofinancement_min) == (EtatAppel.BROUILLON, 85, 15)
    page.goto("/administration/appels/")
    ligne = page.locator(f"#appel-{vague3.pk}")
    ligne.get_by_role("button", name=re.compile("^Publier l’appel")).click()
    expect(page.locator(f"#appel-{vague3.pk}")).to_contain_text("Publié")
    capture(page, "appels-liste")

    # The candidat: both calls, a dossier created in vague 3, completed, deposited.
    contexte = nouveau_contexte(navigateur, live_server)
    porteur = contexte.new_page()
    se_connecter(porteur, candidat.email, MOT_DE_PASSE)
    porteur.goto("/candidatures/")
    expect(porteur.get_by_role("heading", level=2, name="AMI SPIE — vague 3")).to_be_visible()
    expect(porteur.get_by_role("heading", level=2, name=vague2.nom_court)).to_be_visible()
    axe(porteur)
    capture(porteur, "appels-mes-dossiers")
    formulaire = porteur.locator(f"#appel-{vague3.pk} form.creation-dossier")
    formulaire.get_by_label("Intitulé").fill("SPIE du Nord — vague 3")
    formulaire.get_by_role("button", name=re.compile("^Créer le dossier")).click()
    dossier = Dossier.objects.get(intitule="SPIE du Nord — vague 3")
    assert dossier.appel == vague3
    dossier_complet(dossier, user=candidat)
    porteur.goto(f"/candidatures/{dossier.pk}/depot/")
    porteur.get_by_label(re.compile("Je confirme")).check(force=True)
    porteur.get_by_role("button", name="Déposer le dossier").click()
    expect(porteur.get_by_role("heading", level=1)).to_have_text("Récépissé de dépôt")
    dossier.refresh_from_db()
    assert dossier.etat == Etat.DEPOSE and dossier.numero == "AMI3-SPIE-0001"
    fermer(porteur)
    contexte.close()

    # The instructeur: vague 3 by default, vague 2 chosen, the choice kept by the Classement, the exports
    # and the dashboard.
    contexte = nouveau_contexte(navigateur, live_server)
    instruction = contexte.new_page()
    se_connecter(instruction, "instructeur@ami.gouv.fr", MOT_DE_PASSE)
    instruction.goto("/instruction/")
    expect(instruction.locator("#choix-appel")).to_have_value(str(vague3.pk))
    expect(instruction.get_by_role("link", name="AMI3-SPIE-0001")).to_be_visible()
    expect(instruction.get_by_role("link", name=anciens[0].numero)).to_have_count(0)
    axe(instruction)
    instruction.locator("#choix-appel").select_option(str(vague2.pk))
    instruction.get_by_role("button", name="Changer d’appel").click()
    expect(instruction.get_by_role("link", name=anciens[0].numero)).to_be_visible()
    expect(instruction.get_by_role("link", name="AMI3-SPIE-0001")).to_have_count(0)
    capture(instruction, "appels-file-vague-2")
    instruction.goto("/exports/")
    expect(instruction.locator("#nombre-dossiers")).to_contain_text("2\u00a0dossiers")
    instruction.goto("/tableau-de-bord/")
    expect(instruction.locator("#choix-appel")).to_have_value(str(vague2.pk))
    axe(instruction)
    fermer(instruction)
    contexte.close()
