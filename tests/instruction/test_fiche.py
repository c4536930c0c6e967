"""The dossier page of the State and the first instruction actions: prise en instruction, recevabilité."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures import cycle
from candidatures.models import Dossier, Etat
from tests.depots import deposer_dossier

pytestmark = pytest.mark.django_db


def fiche(dossier):
    return reverse("instruction:dossier", args=[dossier.pk])


def action(dossier, nom):
    return reverse("instruction:action", args=[dossier.pk, nom])


def en_instruction(dossier, instructeur):
    cycle.effectuer(dossier, cycle.Action.PRENDRE, instructeur)
    return Dossier.objects.get(pk=dossier.pk)


def decision(dossier, **champs):
    """A recevabilité form as the page posts it: each rule's constat preset to the automated check."""
    donnees = {
        "version_instruction": dossier.version_instruction,
        "decision": "recevable",
        "motif": "Complet.",
    }
    for regle in [f"R{n:02d}" for n in range(1, 19)] + ["W01", "W02"]:
        donnees[f"constat_{regle}"] = "conforme"
        donnees[f"motif_{regle}"] = ""
    donnees.update(champs)
    return donnees


def test_l_instructeur_lit_tout_le_dossier_avec_son_historique(client, depose, instructeur, candidat):
    client.force_login(instructeur)
    page = client.get(fiche(depose)).content.decode()
    assert depose.numero in page and depose.intitule in page
    assert "Nom du chef de file" in page  # annexe 7 wording, read-only
    assert "Critères de recevabilité : 20 sur 20 respectés" in page  # as of the dépôt: R17 respected
    assert "Dépôt du dossier" in page and candidat.get_full_name() in page
    assert "Prendre en instruction" in page
    assert reverse("candidatures:piece", args=[depose.pk, depose.pieces.first().pk]) in page


def test_l_agent_du_territoire_lit_le_dossier_sans_pouvoir_l_instruire(
    client, depose, agent_nord, agent_region
):
    for agent in (agent_nord, agent_region):
        client.force_login(agent)
        reponse = client.get(fiche(depose))
        assert reponse.status_code == 200
        assert "Prendre en instruction" not in reponse.content.decode()
        assert client.post(action(depose, "prendre"), {"version_instruction": 1}).status_code == 403
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE


def test_prendre_en_instruction(client, depose, instructeur):
    client.force_login(instructeur)
    reponse = client.post(action(depose, "prendre"), {"version_instruction": depose.version_instruction})
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(pk=depose.pk)
    assert dossier.etat == Etat.EN_INSTRUCTION
    derniere = dossier.transitions.last()
    assert (derniere.action, derniere.par) == (cycle.Action.PRENDRE, instructeur)
    page = client.get(fiche(dossier)).content.decode()
    assert "Prise en instruction" in page and "Enregistrer la décision de recevabilité" in page


def test_deux_instructeurs_le_second_est_refuse_et_sait_pourquoi(client, depose, instructeur, instructeur2):
    version = depose.version_instruction  # both pages loaded at this version
    client.force_login(instructeur)
    assert client.post(action(depose, "prendre"), {"version_instruction": version}).status_code == 302
    client.force_login(instructeur2)
    reponse = client.post(action(depose, "prendre"), {"version_instruction": version})
    assert reponse.status_code == 409
    page = reponse.content.decode()
    assert (
        "Ce dossier a changé depuis l’ouverture de la page : Alex Durand — « Prise en instruction »" in page
    )
    assert Dossier.objects.get(pk=depose.pk).transitions.count() == 2  # dépôt, one prise en instruction


def test_l_autre_lecteur_du_dossier_est_signale(client, depose, instructeur, instructeur2):
    client.force_login(instructeur)
    client.get(fiche(depose))
    client.force_login(instructeur2)
    page = client.get(fiche(depose)).content.decode()
    assert "Également sur ce dossier :" in page and "Alex Durand (à l’instant)" in page


def test_declarer_irrecevable_avec_constats_motives(
    client, depose, instructeur, candidat, collegue, django_capture_on_commit_callbacks
):
    dossier = en_instruction(depose, instructeur)
    client.force_login(instructeur)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            action(dossier, "recevabilite"),
            decision(
                dossier,
                decision="irrecevable",
                motif="Le cofinancement n’atteint pas 20 % une fois la contribution CALPAE retirée.",
                constat_R13="non_conforme",
                motif_R13="La contribution annoncée est un financement CALPAE.",
            ),
        )
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.etat == Etat.IRRECEVABLE
    transition = dossier.transitions.last()
    assert transition.constats.values("automatique", "constat", "motif").get(regle="R13") == {
        "automatique": "respecté",
        "constat": "non_conforme",
        "motif": "La contribution annoncée est un financement CALPAE.",
    }
    (courriel,) = mail.outbox
    assert sorted(courriel.to) == sorted([candidat.email, collegue.email])
    assert "irrecevable" in courriel.subject and "CALPAE retirée" in courriel.body
    page = client.get(fiche(dossier)).content.decode()
    assert "R13 jugé non conforme : La contribution annoncée est un financement CALPAE." in page
    client.force_login(candidat)  # the porteur reads the decision and its motivation, not the constats
    recepisse = client.get(reverse("candidatures:recepisse", args=[dossier.pk])).content.decode()
    assert "Dossier déclaré irrecevable" in recepisse and "CALPAE retirée" in recepisse
    assert "La contribution annoncée est un financement CALPAE." not in recepisse


def test_un_constat_different_sans_motivation_est_refuse_et_la_saisie_gardee(client, depose, instructeur):
    dossier = en_instruction(depose, instructeur)
    client.force_login(instructeur)
    reponse = client.post(
        action(dossier, "recevabilite"),
        decision(dossier, constat_R04="non_conforme", motif="Ma motivation tapée"),
    )
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Motivez ce constat : il diffère de la vérification automatique." in page
    assert "ne peut pas être déclaré recevable" in page  # R04 judged non conforme, decision recevable
    assert "Ma motivation tapée" in page
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.EN_INSTRUCTION


def test_declarer_recevable(client, depose, instructeur):
    dossier = en_instruction(depose, instructeur)
    client.force_login(instructeur)
    reponse = client.post(
        action(dossier, "recevabilite"), decision(dossier, motif="Tous les critères sont remplis.")
    )
    assert reponse.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.RECEVABLE


def test_une_action_inconnue_ou_hors_etat_est_refusee(client, depose, instructeur):
    client.force_login(instructeur)
    assert client.post(action(depose, "supprimer"), {}).status_code == 404
    reponse = client.post(action(depose, "recevabilite"), decision(depose))  # not in instruction yet
    assert reponse.status_code == 409
    assert "n’est pas possible pour un dossier à l’état « Déposé »" in reponse.content.decode()
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE


def test_la_page_du_dossier_a_un_nombre_de_requetes_constant(client, candidat, instructeur):
    petit = deposer_dossier(candidat, membres=2, lignes=3)
    grand = deposer_dossier(candidat, membres=25, lignes=60)
    client.force_login(instructeur)
    client.get(fiche(petit))  # session, caches
    comptes = []
    for dossier in (petit, grand):
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(fiche(dossier)).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
