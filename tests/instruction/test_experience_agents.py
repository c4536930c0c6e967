"""Issue 17, point 8: the agent's « Avis à donner par mon service » filter and the date each request is
awaited by in his queue; the service named in « Relance de la demande d'avis » (history, mail); the
avis request form marks the services already consulted and never asks them twice by mistake."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidatures import cycle
from exports.lignes import Selection
from instruction.avis import DemandeAvisForm, demander, donner, relancer
from instruction.filtres import filtres_de
from instruction.models import DemandeAvis

pytestmark = pytest.mark.django_db

TERRITOIRE = reverse("instruction:territoire")


def demande(dossier, instructeur, services, jours=10):
    date = timezone.localdate() + datetime.timedelta(days=jours)
    return demander(dossier, instructeur, services, date, "Votre regard sur la gouvernance.")


def numeros(page: str) -> set[str]:
    return set(re.findall(r">(AMI2-SPIE-\d{4}-\d{4})<", page))


def test_avis_a_donner_par_mon_service(client, depose, instructeur, agent_nord, agent_region):
    """Only the dossiers awaiting this service's avis: not those of the other service, nor those it
    answered; the choice is the agent's only."""
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    demande(depose, instructeur, [agent_region.service_territorial])
    client.force_login(agent_nord)
    page = client.get(TERRITOIRE, {"avis": "a_donner"}).content.decode()
    assert "Avis à donner par mon service" in page
    assert depose.numero not in numeros(page)  # asked of the DREETS, not of the DDETS
    assert "Aucun dossier ne correspond à ces filtres." in page

    demande(depose, instructeur, [agent_nord.service_territorial], jours=12)
    page = client.get(TERRITOIRE, {"avis": "a_donner"}).content.decode()
    attendu = timezone.localdate() + datetime.timedelta(days=12)
    assert numeros(page) == {depose.numero}
    assert f"Avis de votre service<br>attendu avant le {attendu:%d/%m/%Y}" in page

    donner(depose, agent_nord, "favorable", "Gouvernance solide.")
    page = client.get(TERRITOIRE, {"avis": "a_donner"}).content.decode()
    assert depose.numero not in numeros(page)
    assert "Avis de votre service<br>" not in client.get(TERRITOIRE).content.decode()

    client.force_login(instructeur)  # not an agent: no such choice, a clear error, the filter not applied
    page = client.get(reverse("instruction:a_instruire"), {"avis": "a_donner"}).content.decode()
    assert "n’est pas un choix possible pour « Avis des services »" in page
    assert depose.numero in numeros(page)


def test_une_demande_en_retard_le_dit_dans_la_file(client, depose, instructeur, agent_nord):
    demande(depose, instructeur, [agent_nord.service_territorial])
    hier = timezone.localdate() - datetime.timedelta(days=1)
    DemandeAvis.objects.update(date_limite=hier)
    client.force_login(agent_nord)
    page = client.get(TERRITOIRE, {"avis": "a_donner"}).content.decode()
    assert numeros(page) == {depose.numero}
    assert f"Avis de votre service<br>attendu avant le {hier:%d/%m/%Y}" in page
    assert 'fr-badge--error fr-badge--no-icon fr-mt-1v">En retard</span>' in page


def test_l_export_de_l_agent_suit_le_filtre(depose, instructeur, agent_nord, agent_region):
    """The exports (``exports.lignes.Selection``) read the same filter with the agent's service."""
    demande(depose, instructeur, [agent_nord.service_territorial])
    jeu = filtres_de(agent_nord, {"avis": "a_donner"}, nationale=False, appel=depose.appel)
    assert list(jeu.qs) == [depose]
    assert list(Selection(agent_nord, jeu.filtres()).dossiers) == [depose]
    assert list(Selection(agent_region, {"avis": "a_donner"}).dossiers) == []


def test_la_relance_nomme_le_service(
    client, depose, instructeur, agent_nord, django_capture_on_commit_callbacks
):
    demande(depose, instructeur, [agent_nord.service_territorial], jours=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert relancer() == 1
    (courriel,) = mail.outbox
    assert courriel.subject.endswith("— DDETS du Nord")
    assert "l’avis de votre service (DDETS du Nord)" in courriel.body
    client.force_login(instructeur)
    page = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert "Relance de la demande d’avis à DDETS du Nord" in page


def test_le_formulaire_marque_les_services_deja_consultes(depose, instructeur, agent_nord, agent_region):
    nord, region = agent_nord.service_territorial, agent_region.service_territorial
    assert set(DemandeAvisForm(dossier=depose).fields["services"].initial) == {nord, region}
    demande(depose, instructeur, [nord])
    form = DemandeAvisForm(dossier=depose)
    assert form.fields["services"].initial == [region]  # the one consulted is not pre-checked
    libelles = dict(form.fields["services"].choices)
    le = timezone.localdate()
    attendu = le + datetime.timedelta(days=10)
    assert libelles[nord.pk] == (
        f"DDETS du Nord — déjà consulté le {le:%d/%m/%Y}, avis attendu avant le {attendu:%d/%m/%Y}"
    )
    assert libelles[region.pk] == region.nom

    # Checking only the service consulted already: refused, said next to the field, nothing sent.
    date = (le + datetime.timedelta(days=9)).isoformat()
    refuse = DemandeAvisForm({"services": [nord.pk], "date_limite": date}, dossier=depose)
    assert not refuse.is_valid()
    assert refuse.errors["services"] == [
        f"Déjà consulté : DDETS du Nord (déjà consulté le {le:%d/%m/%Y}, avis attendu avant le "
        f"{attendu:%d/%m/%Y}). Cochez un service qui ne l’a pas encore été."
    ]
    # With a new one: valid; only the new one is asked.
    both = DemandeAvisForm({"services": [nord.pk, region.pk], "date_limite": date}, dossier=depose)
    assert both.is_valid()
    nouvelles = demander(depose, instructeur, both.cleaned_data["services"], both.cleaned_data["date_limite"])
    assert [d.service for d in nouvelles] == [region]


def test_la_page_refuse_une_seconde_demande_au_meme_service(client, depose, instructeur, agent_nord):
    demande(depose, instructeur, [agent_nord.service_territorial])
    depose.refresh_from_db()
    client.force_login(instructeur)
    page = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert "DDETS du Nord — déjà consulté le" in page
    reponse = client.post(
        reverse("instruction:action", args=[depose.pk, "demander_avis"]),
        {
            "version_instruction": depose.version_instruction,
            "services": [agent_nord.service_territorial.pk],
            "date_limite": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
        },
    )
    assert reponse.status_code == 422
    assert "Déjà consulté : DDETS du Nord" in reponse.content.decode()
    assert DemandeAvis.objects.count() == 1
