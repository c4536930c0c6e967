"""Avis of the services déconcentrés: proposed services, request with a date, mail, reminder, late,
avis given by the agent of the territory, spontaneous avis; never by another territory."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidatures import cycle
from comptes.models import ServiceTerritorial
from instruction.avis import relancer, services_proposes
from instruction.models import Avis, DemandeAvis

pytestmark = pytest.mark.django_db


def url(dossier, action):
    return reverse("instruction:action", args=[dossier.pk, action])


def demander(client, dossier, services, jours=10):
    date = timezone.localdate() + datetime.timedelta(days=jours)
    return client.post(
        url(dossier, "demander_avis"),
        {
            "version_instruction": dossier.version_instruction,
            "services": [s.pk for s in services],
            "date_limite": date.isoformat(),
            "message": "Merci de votre regard sur la gouvernance.",
        },
    )


def test_les_services_proposes_sont_ceux_du_territoire(depose, agent_nord, agent_region, agent_ailleurs):
    proposes = set(services_proposes(depose))
    assert proposes == {agent_nord.service_territorial, agent_region.service_territorial}


def test_demander_un_avis_puis_l_agent_le_donne(
    client, depose, instructeur, agent_nord, agent_region, agent_ailleurs, django_capture_on_commit_callbacks
):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    client.force_login(instructeur)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = demander(client, depose, [agent_nord.service_territorial])
    assert reponse.status_code == 302
    demande = DemandeAvis.objects.get()
    assert demande.service == agent_nord.service_territorial and not demande.en_retard()
    (courriel,) = mail.outbox
    assert courriel.to == [agent_nord.email] and depose.numero in courriel.subject

    client.force_login(agent_nord)
    page = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert "En attente" in page and "Enregistrer l’avis" in page
    reponse = client.post(
        url(depose, "avis"), {"sens": "reserves", "motivation": "Gouvernance à préciser.", "version": 0}
    )
    assert reponse.status_code == 302
    avis = Avis.objects.get()
    assert (avis.service, avis.sens, avis.auteur) == (agent_nord.service_territorial, "reserves", agent_nord)
    demande.refresh_from_db()
    assert demande.avis == avis

    client.force_login(instructeur)
    page = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert "favorable avec réserves" in page and "Gouvernance à préciser." in page and "Reçu" in page

    client.force_login(agent_ailleurs)  # another département: neither the page nor the action
    assert (
        client.post(url(depose, "avis"), {"sens": "favorable", "motivation": "x", "version": 0}).status_code
        == 404
    )


def test_avis_spontane_sans_motivation_refuse_puis_donne(client, depose, agent_region):
    client.force_login(agent_region)
    reponse = client.post(url(depose, "avis"), {"sens": "favorable", "motivation": "", "version": 0})
    assert reponse.status_code == 422 and "Motivez votre avis." in reponse.content.decode()
    assert (
        client.post(
            url(depose, "avis"), {"sens": "favorable", "motivation": "Bon projet.", "version": 0}
        ).status_code
        == 302
    )
    page = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert "avis spontané" in page


def test_relance_avant_la_date_puis_retard(
    client, depose, instructeur, agent_nord, django_capture_on_commit_callbacks
):
    client.force_login(instructeur)
    demander(client, depose, [agent_nord.service_territorial], jours=5)
    demande = DemandeAvis.objects.get()
    aujourd_hui = timezone.localdate()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert relancer(aujourd_hui) == 0  # 5 days before: not yet
        assert relancer(aujourd_hui + datetime.timedelta(days=3)) == 1
        assert relancer(aujourd_hui + datetime.timedelta(days=4)) == 0  # once
    (courriel,) = mail.outbox
    assert courriel.subject.startswith("Rappel : avis attendu") and courriel.to == [agent_nord.email]
    demande.refresh_from_db()
    assert demande.en_retard(aujourd_hui + datetime.timedelta(days=6))
    DemandeAvis.objects.update(date_limite=aujourd_hui - datetime.timedelta(days=1))
    page = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    assert "En retard" in page


def test_un_service_n_est_pas_consulte_deux_fois(client, depose, instructeur, agent_nord):
    client.force_login(instructeur)
    demander(client, depose, [agent_nord.service_territorial])
    depose.refresh_from_db()
    demander(client, depose, [agent_nord.service_territorial])
    assert DemandeAvis.objects.count() == 1
    assert ServiceTerritorial.objects.count() >= 1
