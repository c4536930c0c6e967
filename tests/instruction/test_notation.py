"""Scoring on the call's grid: each instructeur sees the others' scores only after giving theirs; the
weighted average and the spread; agents never see a score."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ami.models import Critere
from candidatures import cycle
from instruction.models import Evaluation, note_ponderee

pytestmark = pytest.mark.django_db


def fiche(dossier):
    return reverse("instruction:dossier", args=[dossier.pk])


def noter(client, dossier, valeurs, version=0, commentaire=""):
    criteres = list(dossier.appel.criteres.all())
    donnees = {f"note_{c.pk}": v for c, v in zip(criteres, valeurs, strict=True)}
    donnees.update(version=version, commentaire=commentaire)
    return client.post(reverse("instruction:action", args=[dossier.pk, "noter"]), donnees)


@pytest.fixture
def en_instruction(depose, instructeur):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    return depose


def test_la_grille_2021_est_celle_de_l_appel(appel_ouvert):
    criteres = list(appel_ouvert.criteres.all())
    assert len(criteres) == 9
    assert criteres[0].libelle.startswith("Ampleur et diversité du consortium")
    assert {(c.poids, c.note_max) for c in criteres} == {(Decimal("1.00"), 5)}


def test_note_ponderee_sur_20(appel_ouvert):
    a, b = Critere(pk=1, poids=Decimal("2"), note_max=5), Critere(pk=2, poids=Decimal("1"), note_max=4)
    # (5/5 × 2 + 2/4 × 1) / 3 × 20 = 16,67
    assert note_ponderee({1: 5, 2: 2}, [a, b]) == Decimal("16.67")
    assert note_ponderee({1: 0, 2: 0}, [a, b]) == Decimal("0.00")


def test_deux_instructeurs_notent_chacun_voit_les_autres_apres(
    client, en_instruction, instructeur, instructeur2
):
    dossier = en_instruction
    client.force_login(instructeur)
    assert noter(client, dossier, [4] * 9, commentaire="Consortium large.").status_code == 302
    assert Evaluation.objects.get(instructeur=instructeur).note_sur_20 == Decimal("16.00")
    assert "Votre évaluation est enregistrée : 16,00 / 20." in client.get(fiche(dossier)).content.decode()

    client.force_login(instructeur2)
    page = client.get(fiche(dossier)).content.decode()
    assert "1 instructeur a noté ce dossier. Vous verrez leurs notes après avoir donné la vôtre." in page
    assert "16,00" not in page and "Consortium large." not in page
    assert noter(client, dossier, [3] * 8 + [5]).status_code == 302
    page = client.get(fiche(dossier)).content.decode()
    # (8 × 3/5 + 5/5) / 9 × 20 = 12,89; (16,00 + 12,89) / 2 = 14,445 → 14,45; spread 3,11
    assert Evaluation.objects.get(instructeur=instructeur2).note_sur_20 == Decimal("12.89")
    assert "Moyenne pondérée : 14,45 / 20" in page
    assert "écart entre la plus haute et la plus basse : 3,11 points" in page
    assert "Consortium large." in page


def test_une_note_manquante_est_signalee_et_la_saisie_gardee(client, en_instruction, instructeur):
    client.force_login(instructeur)
    criteres = list(en_instruction.appel.criteres.all())
    donnees = {f"note_{c.pk}": 3 for c in criteres[1:]}
    donnees.update(version=0, commentaire="Mon appréciation")
    reponse = client.post(reverse("instruction:action", args=[en_instruction.pk, "noter"]), donnees)
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Notez ce critère." in page and "Mon appréciation" in page
    assert not Evaluation.objects.exists()


def test_modifier_son_evaluation_verifie_sa_version(client, en_instruction, instructeur):
    client.force_login(instructeur)
    assert noter(client, en_instruction, [2] * 9).status_code == 302
    assert noter(client, en_instruction, [5] * 9, version=1).status_code == 302
    assert noter(client, en_instruction, [1] * 9, version=1).status_code == 409  # a stale tab
    evaluation = Evaluation.objects.get()
    assert (evaluation.version, evaluation.note_sur_20) == (2, Decimal("20.00"))


def test_l_agent_ne_voit_aucune_note(client, en_instruction, instructeur, agent_nord):
    client.force_login(instructeur)
    noter(client, en_instruction, [4] * 9, commentaire="Appréciation interne")
    client.get(fiche(en_instruction))  # the instructeur's own confirmation message, read
    client.force_login(agent_nord)
    page = client.get(fiche(en_instruction)).content.decode()
    assert "Évaluation sur la grille" not in page and "Appréciation interne" not in page
    assert "16,00" not in page and "Évaluation sur la grille de sélection" not in page
    assert noter(client, en_instruction, [5] * 9).status_code == 403


def test_un_dossier_depose_ne_se_note_pas(client, depose, instructeur):
    client.force_login(instructeur)
    reponse = noter(client, depose, [4] * 9)
    assert reponse.status_code == 409 and not Evaluation.objects.exists()
