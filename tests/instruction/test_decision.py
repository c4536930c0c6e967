"""Ranking by weighted score with the avis, the selection against the envelope, proposal and décision
notified to the porteur."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures import cycle
from candidatures.models import Dossier, Etat
from instruction.models import Avis, Evaluation
from tests.depots import deposer_dossier

pytestmark = pytest.mark.django_db


def recevable(dossier, instructeur, note=None):
    cycle.effectuer(dossier, cycle.Action.PRENDRE, instructeur)
    cycle.effectuer(dossier, cycle.Action.DECLARER_RECEVABLE, instructeur, motif="Complet.")
    if note is not None:
        Evaluation.objects.create(dossier=dossier, instructeur=instructeur, note_sur_20=Decimal(note))
    return Dossier.objects.get(pk=dossier.pk)


def action(client, dossier, nom, **donnees):
    donnees.setdefault("version_instruction", Dossier.objects.get(pk=dossier.pk).version_instruction)
    return client.post(reverse("instruction:action", args=[dossier.pk, nom]), donnees)


def test_proposer_puis_decider_le_porteur_est_prevenu(
    client, depose, instructeur, candidat, collegue, django_capture_on_commit_callbacks
):
    dossier = recevable(depose, instructeur, "15.50")
    client.force_login(instructeur)
    reponse = action(client, dossier, "proposer", proposition="laureat", motif="")
    assert reponse.status_code == 422 and "La motivation est obligatoire." in reponse.content.decode()
    assert (
        action(client, dossier, "proposer", proposition="laureat", motif="Projet solide.").status_code == 302
    )
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.PROPOSE
    page = client.get(reverse("instruction:dossier", args=[dossier.pk])).content.decode()
    assert 'value="laureat" dsfr="dsfr" id="id_decision_0" required checked' in page  # the proposal preset

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = action(
            client, dossier, "decider", decision="laureat", motif="Retenu par le comité du 15/12."
        )
    assert reponse.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.LAUREAT
    (courriel,) = mail.outbox
    assert sorted(courriel.to) == sorted([candidat.email, collegue.email])
    assert (
        "votre territoire est lauréat" in courriel.body and "60 % au début de l’année 2022" in courriel.body
    )

    client.force_login(candidat)
    mes_dossiers = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert "Lauréat" in mes_dossiers
    suivi = client.get(reverse("candidatures:recepisse", args=[dossier.pk])).content.decode()
    assert "Décision : lauréat" in suivi and "Retenu par le comité du 15/12." in suivi
    assert "Projet solide." not in suivi  # the internal proposal is not shown to the porteur


def test_decider_n_est_possible_que_pour_un_dossier_propose(client, depose, instructeur):
    dossier = recevable(depose, instructeur)
    client.force_login(instructeur)
    reponse = action(client, dossier, "decider", decision="laureat", motif="Trop tôt.")
    assert reponse.status_code == 409
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.RECEVABLE


def test_classement_par_note_avec_avis_et_enveloppe(client, candidat, instructeur, agent_nord, appel_ouvert):
    appel_ouvert.nombre_laureats = 1
    appel_ouvert.save()
    premier = recevable(deposer_dossier(candidat), instructeur, "17.25")
    second = recevable(deposer_dossier(candidat), instructeur, "12.00")
    sans_note = recevable(deposer_dossier(candidat), instructeur)
    Avis.objects.create(
        dossier=second,
        service=agent_nord.service_territorial,
        auteur=agent_nord,
        sens="defavorable",
        motivation="x",
    )
    cycle.effectuer(premier, cycle.Action.PROPOSER, instructeur, "Solide.", {"proposition": "laureat"})
    cycle.effectuer(second, cycle.Action.PROPOSER, instructeur, "Solide aussi.", {"proposition": "laureat"})
    client.force_login(instructeur)
    page = client.get(reverse("instruction:classement")).content.decode()
    assert page.index(premier.numero) < page.index(second.numero) < page.index(sans_note.numero)
    assert "17,25" in page and "1 défavorable" in page and "non noté" in page
    assert "Sélection : 2 dossiers retenus ou proposés lauréats sur 1 visés" in page
    assert "640\u00a0000,00\u00a0€" in page  # 2 × 320 000 € requested
    assert "La sélection dépasse l’enveloppe ou le nombre de lauréats visés." in page


def test_classement_nombre_de_requetes_constant(client, candidat, instructeur):
    recevable(deposer_dossier(candidat), instructeur, "10")
    client.force_login(instructeur)
    client.get(reverse("instruction:classement"))
    with CaptureQueriesContext(connection) as avant:
        client.get(reverse("instruction:classement"))
    for note in ("11", "12", "13"):
        recevable(deposer_dossier(candidat), instructeur, note)
    with CaptureQueriesContext(connection) as apres:
        client.get(reverse("instruction:classement"))
    assert len(avant) == len(apres)


def test_le_classement_est_reserve_aux_instructeurs(
    client, candidat, agent_nord, instructeur, administrateur
):
    for user, attendu in ((candidat, 403), (agent_nord, 403), (instructeur, 200), (administrateur, 200)):
        client.force_login(user)
        assert client.get(reverse("instruction:classement")).status_code == attendu
