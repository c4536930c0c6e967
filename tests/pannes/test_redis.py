"""Issue 13, Redis down in production: the dépôt answered 500 after 2 s although the dossier was
deposited, and its mail was never sent nor sent again; the instruction dossier page was a 500 for
everyone (who else reads it: the cache); a ZIP request gave a 500 and « En préparation… 0 % » forever;
« Mot de passe oublié ? » and the API answered 500.

Now a task is sent by ``core.arriere_plan.lancer`` (the broker down: False within its timeouts, the job
stays recorded and a beat sweep sends it again), every mail goes through the outbox (``courriels``), the
readers of the cache say « information indisponible ». The tests start a redis-server of their own,
point the cache and the broker at it, and stop it between two requests."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from api.models import JetonApi
from candidatures.models import Dossier, Etat
from core import arriere_plan
from courriels.models import Courriel, EtatCourriel
from courriels.tasks import envoyer_courriels_dus
from demo.exemples import dossier_complet
from exports import tasks as exports_tasks
from exports.models import EtatExport, FichierExport
from tests.depots import deposer_dossier
from tests.factories import DossierFactory, UserFactory
from tests.pannes.redis_serveur import RedisServeur, portail_sur

# transaction: what a request commits is what the worker (or the sweep) reads, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

DELAI_MAX = 2.0  # seconds: each request, Redis down


@pytest.fixture
def redis_serveur():
    serveur = RedisServeur()
    serveur.demarrer()
    yield serveur
    serveur.arreter()


@pytest.fixture
def portail(redis_serveur, settings, appel_ouvert, monkeypatch):
    monkeypatch.setitem(arriere_plan._etat, "le", 0.0)  # noqa: SLF001 — no answer remembered
    with portail_sur(redis_serveur.url, settings) as app:
        yield app


def chrono(requete):
    """The response of ``requete()`` and how long it took."""
    debut = time.monotonic()
    reponse = requete()
    return reponse, time.monotonic() - debut


def _connecte(client, user):
    client.force_login(user)
    return client


def _depot_puis_requetes_du_portail(client, candidat, instructeur, administrateur, arreter):
    """The scenario of the regressions, ``arreter()`` called between the dossier's opening and its
    dépôt: each request answers (no 500) in less than DELAI_MAX; what it says. The dossier."""
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat),
        user=candidat,
    )
    depot = reverse("candidatures:depot", args=[dossier.pk])
    assert _connecte(client, candidat).get(depot).status_code == 200

    arreter()

    reponse, duree = chrono(lambda: client.post(depot, {"confirmation": "oui"}))
    assert (reponse.status_code, duree < DELAI_MAX) == (302, True), duree
    assert reponse["Location"] == reverse("candidatures:recepisse", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.etat == Etat.DEPOSE and dossier.numero
    recepisse, duree = chrono(lambda: client.get(reponse["Location"]))
    assert (recepisse.status_code, duree < DELAI_MAX) == (200, True), duree

    _connecte(client, instructeur)
    fiche, duree = chrono(lambda: client.get(reverse("instruction:dossier", args=[dossier.pk])))
    assert (fiche.status_code, duree < DELAI_MAX) == (200, True), duree
    assert "information indisponible" in fiche.content.decode()

    _, jeton = JetonApi.objects.emettre(instructeur, "Panne", cree_par=None)
    api, duree = chrono(
        lambda: client.get(reverse("api:v1:dossiers"), headers={"authorization": f"Bearer {jeton}"})
    )
    assert (api.status_code, duree < DELAI_MAX) == (200, True), duree
    assert dossier.numero in api.content.decode()
    assert "X-RateLimit-Limit" not in api  # uncounted: the limit fails open

    demande, duree = chrono(lambda: client.post(reverse("exports:demander"), {"format": "zip"}))
    assert (demande.status_code, duree < DELAI_MAX) == (302, True), duree
    export = FichierExport.objects.get(demandeur=instructeur)
    assert export.etat == EtatExport.EN_ATTENTE
    page, duree = chrono(lambda: client.get(reverse("exports:exports")))
    assert (page.status_code, duree < DELAI_MAX) == (200, True), duree
    ligne, duree = chrono(lambda: client.get(reverse("exports:suivi", args=[export.pk])))
    assert (ligne.status_code, duree < DELAI_MAX) == (200, True), duree
    for contenu in (page.content.decode(), ligne.content.decode()):
        assert "Préparation retardée" in contenu
        assert "la préparation reprendra dès qu’il sera rétabli" in contenu

    client.logout()
    oubli, duree = chrono(
        lambda: client.post(reverse("comptes:mot_de_passe_oublie"), {"email": candidat.email})
    )
    assert (oubli.status_code, duree < DELAI_MAX) == (302, True), duree
    assert oubli["Location"] == reverse("comptes:mot_de_passe_envoye")

    _connecte(client, administrateur)
    file, duree = chrono(lambda: client.get(reverse("courriels:file")))
    assert (file.status_code, duree < DELAI_MAX) == (200, True), duree
    contenu = file.content.decode()
    assert dossier.numero in contenu
    assert "choisir un nouveau mot de passe" in contenu
    return dossier


def test_redis_coupe_au_milieu_d_un_depot_tout_repond_et_le_courriel_part_au_retour(
    client, portail, redis_serveur, candidat, collegue, instructeur, administrateur
):
    # Redis up: the cache works (who else reads the dossier), tasks reach the broker.
    lecteur = UserFactory(instructeur=True, first_name="Sacha", last_name="Bernard")
    depose = deposer_dossier(UserFactory())
    _connecte(client, lecteur).get(reverse("instruction:dossier", args=[depose.pk]))
    fiche = _connecte(client, instructeur).get(reverse("instruction:dossier", args=[depose.pk]))
    assert "Sacha Bernard" in fiche.content.decode()
    Courriel.objects.all().delete()  # that dépôt's mail, sent to the broker: this test is about the next

    dossier = _depot_puis_requetes_du_portail(
        client, candidat, instructeur, administrateur, redis_serveur.arreter
    )

    # Nothing left while Redis was down; everything is recorded.
    assert mail.outbox == []
    depot = Courriel.objects.get(sujet__contains=dossier.numero)
    assert sorted(depot.destinataires) == sorted([candidat.email, collegue.email])
    assert (depot.etat, depot.essais) == (EtatCourriel.A_ENVOYER, 0)
    oubli = Courriel.objects.get(destinataires=[candidat.email])
    assert oubli.etat == EtatCourriel.A_ENVOYER

    # Redis back: the sweeps of Celery beat send the mails once, and the export's task again.
    redis_serveur.demarrer()
    assert envoyer_courriels_dus() == 2
    assert envoyer_courriels_dus() == 0
    assert sorted(m.subject for m in mail.outbox) == sorted([depot.sujet, oubli.sujet])
    courriel = next(m for m in mail.outbox if dossier.numero in m.subject)
    assert sorted(courriel.to) == sorted([candidat.email, collegue.email])
    assert re.search(
        r"/compte/mot-de-passe/nouveau/\S+", next(m for m in mail.outbox if m is not courriel).body
    )
    assert Courriel.objects.filter(etat=EtatCourriel.ENVOYE).count() == 2

    export = FichierExport.objects.get(demandeur=instructeur)
    assert exports_tasks.reprendre_exports() == 0  # not yet: a request of a minute ago may still be queued
    FichierExport.objects.filter(pk=export.pk).update(
        cree_le=timezone.now() - datetime.timedelta(seconds=exports_tasks.ATTENTE_MAX + 1)
    )
    file_celery = redis_serveur.client().llen("celery")
    assert exports_tasks.reprendre_exports() == 1
    assert redis_serveur.client().llen("celery") == file_celery + 1  # in the broker, for the worker


def test_regression_redis_fige_chaque_requete_repond_en_moins_de_deux_secondes(
    client, portail, redis_serveur, candidat, collegue, instructeur, administrateur
):
    """SIGSTOP: the connections are accepted and never answered — the sockets' timeouts bound each wait
    (``REDIS_DELAI``) where the default settings blocked the request."""
    try:
        _depot_puis_requetes_du_portail(
            client, candidat, instructeur, administrateur, redis_serveur.suspendre
        )
    finally:
        redis_serveur.reprendre()
    assert Courriel.objects.filter(etat=EtatCourriel.A_ENVOYER).count() == 2


def test_regression_depot_500_le_dossier_depose_et_son_courriel_garde(
    client, portail, redis_serveur, candidat
):
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat),
        user=candidat,
    )
    redis_serveur.arreter()
    reponse = _connecte(client, candidat).post(
        reverse("candidatures:depot", args=[dossier.pk]), {"confirmation": "oui"}
    )
    assert reponse.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).etat == Etat.DEPOSE
    assert Courriel.objects.filter(sujet__contains=Dossier.objects.get(pk=dossier.pk).numero).exists()


def test_regression_lancer_sans_broker_repond_faux_en_moins_d_une_seconde(portail, redis_serveur, caplog):
    redis_serveur.arreter()
    debut = time.monotonic()
    assert arriere_plan.lancer(envoyer_courriels_dus) is False
    assert time.monotonic() - debut < 1
    assert "service de tâches injoignable" in caplog.text
    assert arriere_plan.indisponible() is True
    redis_serveur.demarrer()
    assert arriere_plan.lancer(envoyer_courriels_dus) is True
    assert arriere_plan.indisponible() is False
