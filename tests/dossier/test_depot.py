"""The dépôt: number, récépissé, mail, idempotence, deadline to the second, read-only afterwards."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from candidatures import depot as depot_service
from candidatures.models import Dossier, Etat, Section
from consortium.models import Membre, TypeMembre
from demo.exemples import dossier_complet, dossier_incomplet
from tests.dossier.outils import (
    chef_de_file,
    statut,
    url_section,
)
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


# transaction: the mail goes through the outbox, whose row the worker (REDIS_URL) reads once committed.
@pytest.mark.django_db(transaction=True)
def test_depot_d_un_dossier_complet(
    connecte,
    complet,
    candidat,
    collegue,
    mailoutbox,
    django_capture_on_commit_callbacks,
    celery_worker_si_redis,
    attendre,
):
    UserFactory(organisation=candidat.organisation, is_active=False)  # no mail
    UserFactory()  # another porteur: no mail
    url = reverse("candidatures:depot", args=[complet.pk])
    assert connecte.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        reponse = connecte.post(url, {"confirmation": "oui"})

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("candidatures:recepisse", args=[complet.pk])
    complet.refresh_from_db()
    assert complet.etat == Etat.DEPOSE
    assert complet.numero == "AMI2-SPIE-2021-0001"
    assert complet.numero == f"{complet.appel.prefixe_numero}-0001"
    assert complet.depose_par == candidat
    recepisse = connecte.get(reponse["Location"])
    assert recepisse.status_code == 200
    contenu = recepisse.content.decode()
    assert f'<strong id="numero-dossier">{complet.numero}</strong>' in contenu
    assert timezone.localtime(complet.depose_le).strftime("%d/%m/%Y à %H:%M:%S") in contenu
    assert attendre(lambda: len(mailoutbox) == 1)
    courriel = mailoutbox[0]
    assert sorted(courriel.to) == sorted([candidat.email, collegue.email])
    assert complet.numero in courriel.subject
    assert complet.numero in courriel.body


@pytest.mark.django_db(transaction=True)
def test_le_depot_est_idempotent(
    connecte, complet, mailoutbox, django_capture_on_commit_callbacks, celery_worker_si_redis, attendre
):
    url = reverse("candidatures:depot", args=[complet.pk])
    with django_capture_on_commit_callbacks(execute=True):
        premier = connecte.post(url, {"confirmation": "oui"})
        second = connecte.post(url, {"confirmation": "oui"})
    assert premier.status_code == second.status_code == 302
    assert second["Location"] == reverse("candidatures:recepisse", args=[complet.pk])
    assert list(Dossier.objects.exclude(numero=None).values_list("numero", flat=True)) == [
        "AMI2-SPIE-2021-0001"
    ]
    assert attendre(lambda: len(mailoutbox) == 1)
    again = depot_service.deposer(complet.pk, complet.cree_par)
    assert again.depose and not again.nouveau and again.dossier.numero == "AMI2-SPIE-2021-0001"


def test_les_numeros_se_suivent(connecte, complet, candidat, django_capture_on_commit_callbacks):
    second = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    with django_capture_on_commit_callbacks(execute=True):
        for d in (complet, second):
            connecte.post(reverse("candidatures:depot", args=[d.pk]), {"confirmation": "oui"})
    assert sorted(Dossier.objects.values_list("numero", flat=True)) == [
        "AMI2-SPIE-2021-0001",
        "AMI2-SPIE-2021-0002",
    ]


def test_depot_sans_confirmation_refuse(connecte, complet):
    reponse = connecte.post(reverse("candidatures:depot", args=[complet.pk]), {})
    assert reponse.status_code == 422
    assert "Cochez la case de confirmation" in reponse.content.decode()
    assert statut(complet.pk) == Etat.BROUILLON


def test_un_dossier_incomplet_est_refuse_avec_les_regles_bloquantes(connecte, dossier, mailoutbox):
    dossier_incomplet(dossier)
    reponse = connecte.post(reverse("candidatures:depot", args=[dossier.pk]), {"confirmation": "oui"})

    assert reponse.status_code == 422
    contenu = reponse.content.decode()
    erreur = re.search(r'<div[^>]*id="erreur-depot".*?</div>', contenu, re.S).group(0)
    assert "Le dossier ne peut pas être déposé" in erreur
    assert "point(s) bloquant(s)" in erreur
    assert "R03 — Lettre d’engagement de Pôle emploi" in erreur
    assert "R11 — Budget équilibré" in erreur
    assert "Section « 4. Budget prévisionnel et plan de financement » incomplète" in erreur
    assert statut(dossier.pk) == Etat.BROUILLON
    assert Dossier.objects.get(pk=dossier.pk).numero is None
    assert mailoutbox == []


def test_depot_refuse_apres_la_date_limite(connecte, complet, mailoutbox):
    Appel.objects.update(date_limite_depot=timezone.localdate() - datetime.timedelta(days=1))
    reponse = connecte.post(reverse("candidatures:depot", args=[complet.pk]), {"confirmation": "oui"})
    assert reponse.status_code == 422
    assert "La date limite de dépôt est passée" in reponse.content.decode()
    assert statut(complet.pk) == Etat.BROUILLON
    assert mailoutbox == []


def test_depot_a_la_seconde_pres(complet, candidat):
    limite = complet.appel.date_limite
    apres = depot_service.deposer(complet.pk, candidat, maintenant=limite + datetime.timedelta(seconds=1))
    assert not apres.depose
    assert "La date limite de dépôt est passée" in apres.motif
    assert statut(complet.pk) == Etat.BROUILLON

    avant = depot_service.deposer(complet.pk, candidat, maintenant=limite - datetime.timedelta(seconds=1))
    assert avant.depose and avant.nouveau
    assert statut(complet.pk) == Etat.DEPOSE
    assert Dossier.objects.get(pk=complet.pk).depose_le == limite - datetime.timedelta(seconds=1)


@pytest.mark.parametrize(
    "decalage, depose",
    [(datetime.timedelta(milliseconds=300), True), (datetime.timedelta(seconds=1), False)],
    ids=["23:59:59.3", "00:00:00"],
)
def test_la_derniere_seconde_de_la_date_limite_compte(complet, candidat, decalage, depose):
    """Issue 16, 11: a dépôt at 23:59:59.3 for a deadline at 23:59:59 is on time (``Appel.est_ouvert``)."""
    resultat = depot_service.deposer(complet.pk, candidat, maintenant=complet.appel.date_limite + decalage)
    assert resultat.depose is depose, resultat.motif
    assert statut(complet.pk) == (Etat.DEPOSE if depose else Etat.BROUILLON)


def test_un_dossier_depose_est_en_lecture_seule(connecte, complet, candidat):
    depot_service.deposer(complet.pk, candidat)
    url = url_section(complet, Section.CHEF_DE_FILE)

    assert connecte.post(url, chef_de_file(version=0, adresse="Modifiée")).status_code == 403
    assert (
        connecte.post(
            reverse("candidatures:ligne_ajouter", args=[complet.pk, Section.CONSORTIUM, "membre"]),
            {"valeur": TypeMembre.ASSOCIATION},
        ).status_code
        == 403
    )
    membre = Membre.objects.filter(dossier=complet).first()
    assert (
        connecte.post(
            reverse(
                "candidatures:ligne_supprimer", args=[complet.pk, Section.CONSORTIUM, "membre", membre.pk]
            )
        ).status_code
        == 403
    )
    complet.refresh_from_db()
    assert complet.adresse != "Modifiée"
    assert Membre.objects.filter(dossier=complet).count() == 4
    page = connecte.get(url)
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "il est en lecture seule" in contenu
    assert '<fieldset class="section-champs" disabled>' in contenu
    assert "_autosave" not in contenu
    assert connecte.get(reverse("candidatures:depot", args=[complet.pk]))["Location"] == reverse(
        "candidatures:recepisse", args=[complet.pk]
    )
