"""Demande de compléments: the named sections reopen to the porteur until the date, the others stay
read-only; the porteur transmits, the instructeur sees what changed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidatures import cycle
from candidatures.models import Dossier, Etat, Section

pytestmark = pytest.mark.django_db


def demander(client, dossier, sections, jours=10, message="Précisez les interlocuteurs."):
    date = timezone.localdate() + datetime.timedelta(days=jours)
    return client.post(
        reverse("instruction:action", args=[dossier.pk, "complements"]),
        {
            "version_instruction": Dossier.objects.get(pk=dossier.pk).version_instruction,
            "sections": sections,
            "date_limite": date.isoformat(),
            "message": message,
        },
    )


def chef_de_file(dossier, **champs):
    donnees = {
        "version": Dossier.objects.get(pk=dossier.pk).version(Section.CHEF_DE_FILE),
        "nom_chef_de_file": dossier.nom_chef_de_file,
        "adresse": dossier.adresse,
        "interlocuteur1_nom": dossier.interlocuteur1_nom,
        "interlocuteur1_fonction": dossier.interlocuteur1_fonction,
        "interlocuteur1_telephone": dossier.interlocuteur1_telephone,
        "interlocuteur1_courriel": dossier.interlocuteur1_courriel,
    }
    donnees.update(champs)
    return donnees


@pytest.fixture
def en_instruction(depose, instructeur):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    return Dossier.objects.get(pk=depose.pk)


def test_complements_demandes_modifies_transmis(
    client, en_instruction, instructeur, candidat, django_capture_on_commit_callbacks
):
    dossier = en_instruction
    client.force_login(instructeur)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert demander(client, dossier, [Section.CHEF_DE_FILE]).status_code == 302
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.etat == Etat.COMPLEMENTS and dossier.sections_ouvertes() == {Section.CHEF_DE_FILE}
    (courriel,) = mail.outbox
    assert "compléments demandés" in courriel.subject and "Précisez les interlocuteurs." in courriel.body

    client.force_login(candidat)
    apercu = client.get(reverse("candidatures:apercu", args=[dossier.pk])).content.decode()
    assert (
        "Compléments demandés par l’équipe d’instruction" in apercu
        and "Transmettre les compléments" in apercu
    )
    url = reverse("candidatures:section", args=[dossier.pk, Section.CHEF_DE_FILE])
    reponse = client.post(
        url, chef_de_file(dossier, interlocuteur1_fonction="Directrice de l’insertion et de l’emploi")
    )
    assert reponse.status_code == 302
    # A section not named stays read-only.
    autre = reverse("candidatures:section", args=[dossier.pk, Section.TERRITOIRE])
    assert client.post(autre, {"version": 0}).status_code == 403

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("candidatures:transmettre_complements", args=[dossier.pk]))
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.etat == Etat.EN_INSTRUCTION and not dossier.demandes_complements.filter(reponse=None)
    assert mail.outbox[0].to == [instructeur.email]
    assert client.post(url, chef_de_file(dossier)).status_code == 403  # closed again

    client.force_login(instructeur)
    page = client.get(reverse("instruction:dossier", args=[dossier.pk])).content.decode()
    assert "Compléments transmis le" in page
    assert "<mark>Directrice de l’insertion et de l’emploi</mark>" in page


def test_apres_la_date_les_sections_se_referment(client, en_instruction, instructeur, candidat):
    client.force_login(instructeur)
    demander(client, en_instruction, [Section.CHEF_DE_FILE], jours=3)
    dossier = Dossier.objects.get(pk=en_instruction.pk)
    assert dossier.sections_ouvertes(timezone.localdate() + datetime.timedelta(days=3)) == {
        Section.CHEF_DE_FILE
    }
    assert dossier.sections_ouvertes(timezone.localdate() + datetime.timedelta(days=4)) == set()


def test_demande_invalide_saisie_gardee(client, en_instruction, instructeur):
    client.force_login(instructeur)
    reponse = demander(client, en_instruction, [], jours=0, message="Mon message")
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Choisissez au moins une section à rouvrir." in page
    assert "La date doit être postérieure à aujourd’hui." in page and "Mon message" in page
    assert Dossier.objects.get(pk=en_instruction.pk).etat == Etat.EN_INSTRUCTION


def test_un_autre_porteur_ne_transmet_pas(client, en_instruction, instructeur):
    from tests.factories import UserFactory

    client.force_login(instructeur)
    demander(client, en_instruction, [Section.CHEF_DE_FILE])
    client.force_login(UserFactory())
    assert (
        client.post(reverse("candidatures:transmettre_complements", args=[en_instruction.pk])).status_code
        == 404
    )
    assert Dossier.objects.get(pk=en_instruction.pk).etat == Etat.COMPLEMENTS
