"""Issue 17, point 14: batch actions from the queue. Rows ticked (or the whole page, without JavaScript),
then « Demander un avis pour la sélection » (the single dossier's service, once per dossier, in one
transaction: the services of each dossier's territory, one already consulted skipped and reported) or
« Exporter la sélection » (the exports' machinery, filtered on the ids). Only the dossiers the user may
read are acted on: a draft's id, an unknown id are ignored and reported."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidatures.models import Dossier, Etat
from comptes.models import TypeServiceTerritorial
from exports.lignes import Selection
from instruction import avis as avis_service
from instruction.actions_groupees import identifiants_demandes, lire_identifiants
from instruction.models import DemandeAvis
from tests.depots import deposer_dossier, dossier_a_l_etat
from tests.exports.demandes import demander
from tests.factories import DepartementFactory, DossierFactory, ServiceTerritorialFactory, UserFactory
from tests.instruction.test_file import A_INSTRUIRE

pytestmark = pytest.mark.django_db
SELECTION = reverse("instruction:selection")
AVIS = reverse("instruction:avis_selection")


def textes(reponse) -> list[str]:
    return [str(m) for m in get_messages(reponse.wsgi_request)]


@pytest.fixture
def services(agent_nord):
    """The DDETS du Nord (agent_nord's), a DDETS du Pas-de-Calais, the DREETS Hauts-de-France."""
    pas_de_calais = DepartementFactory(code="62", nom="Pas-de-Calais")
    ddets_62 = ServiceTerritorialFactory(departement=pas_de_calais, nom="DDETS du Pas-de-Calais")
    dreets = ServiceTerritorialFactory(regional=True, nom="DREETS Hauts-de-France")
    UserFactory(agent=True, service_territorial=ddets_62, email="agent62@exemple.fr")
    return agent_nord.service_territorial, ddets_62, dreets


@pytest.fixture
def deux(candidat, services, instructeur):
    """A dossier of the Nord whose DDETS was already consulted, one of the Pas-de-Calais."""
    nord = deposer_dossier(candidat)
    pas_de_calais = deposer_dossier(departements=("62",))
    limite = timezone.localdate() + datetime.timedelta(days=10)
    avis_service.demander(nord, instructeur, [services[0]], limite)
    return nord, pas_de_calais


def formulaire(choisis, **champs):
    limite = timezone.localdate() + datetime.timedelta(days=20)
    donnees = {
        "dossiers": [d.pk for d in choisis],
        "types": [TypeServiceTerritorial.DDETS, TypeServiceTerritorial.DREETS],
        "date_limite": limite.isoformat(),
        "message": "Merci de votre avis.",
        "requete": "suivi=aucun",
    }
    return {**donnees, **champs}


def test_lire_les_identifiants():
    assert lire_identifiants(["3", "1,2", "x", "-4", "3", " 5 ", "99999999999"]) == [3, 1, 2, 5]
    from django.http import QueryDict

    assert identifiants_demandes(QueryDict("dossiers=4&page=4&page=5")) == [4]
    assert identifiants_demandes(QueryDict("dossiers=4&page=4&page=5&toute_la_page=1")) == [4, 5]


def test_la_file_propose_la_selection_avec_des_libelles_accessibles(client, deux, instructeur, agent_nord):
    client.force_login(instructeur)
    page = client.get(A_INSTRUIRE).content.decode()
    for dossier in deux:
        assert f"Sélectionner le dossier n° {dossier.numero}" in page
        assert f'name="dossiers" value="{dossier.pk}"' in page and f'name="page" value="{dossier.pk}"' in page
    assert "Sélectionner tous les dossiers de cette page (2)" in page
    assert "Demander un avis pour la sélection" in page and "Exporter la sélection" in page
    client.force_login(agent_nord)  # an agent's queue: no batch action
    page = client.get(reverse("instruction:territoire")).content.decode()
    assert "Sélectionner le dossier" not in page and "Exporter la sélection" not in page


def test_demander_un_avis_pour_deux_dossiers(
    client, deux, services, instructeur, django_capture_on_commit_callbacks
):
    nord, pas_de_calais = deux
    ddets_59, ddets_62, dreets = services
    client.force_login(instructeur)
    # Step 1: the ticked dossiers (the whole page, no JavaScript), the form with its proposed date.
    reponse = client.post(
        SELECTION,
        {"action": "avis", "toute_la_page": "1", "page": [nord.pk, pas_de_calais.pk], "requete": "a=1"},
    )
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert nord.numero in page and pas_de_calais.numero in page and "Demander l’avis pour 2 dossiers" in page
    # Step 2: one request per dossier, the services of its own territory; the DDETS du Nord already asked.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(AVIS, formulaire(deux))
    assert reponse["Location"] == f"{A_INSTRUIRE}?suivi=aucun"
    demandees = {(d.dossier_id, d.service_id) for d in DemandeAvis.objects.all()}
    assert demandees == {
        (nord.pk, ddets_59.pk),  # the earlier request, kept
        (nord.pk, dreets.pk),
        (pas_de_calais.pk, ddets_62.pk),
        (pas_de_calais.pk, dreets.pk),
    }
    assert DemandeAvis.objects.filter(message="Merci de votre avis.").count() == 3
    succes, deja = textes(reponse)
    assert succes.startswith("Avis demandé pour 2 dossiers")
    assert f"{pas_de_calais.numero} : DDETS du Pas-de-Calais, DREETS Hauts-de-France" in succes
    assert deja == f"Déjà consultés, non consultés une seconde fois — {nord.numero} : DDETS du Nord."
    assert {tuple(c.to) for c in mail.outbox} >= {("agent62@exemple.fr",)}
    # The history of each dossier, as for a single request.
    assert nord.transitions.filter(action="demander_avis").count() == 2


def test_les_identifiants_forges_sont_ignores_et_signales(client, deux, candidat, instructeur):
    nord, _ = deux
    brouillon = DossierFactory(organisation=candidat.organisation)
    client.force_login(instructeur)
    avant = DemandeAvis.objects.count()
    reponse = client.post(AVIS, formulaire([nord, brouillon], dossiers=[nord.pk, brouillon.pk, 10**8]))
    assert reponse.status_code == 302
    assert DemandeAvis.objects.count() == avant + 1  # the DREETS for the Nord; nothing for the others
    assert not DemandeAvis.objects.filter(dossier=brouillon).exists()
    assert textes(reponse)[-1] == (
        "2 dossiers de la sélection ont été ignorés : introuvable ou hors des dossiers que vous "
        "pouvez consulter."
    )


def test_un_dossier_hors_etat_est_refuse_et_signale(client, services, instructeur):
    decide = dossier_a_l_etat(Etat.IRRECEVABLE, instructeur=instructeur)
    client.force_login(instructeur)
    reponse = client.post(AVIS, formulaire([decide]))
    assert not DemandeAvis.objects.filter(dossier=decide).exists()
    assert textes(reponse) == [
        f"Non demandé — {decide.numero} : Un dossier à l’état « Irrecevable » ne fait plus l’objet d’avis."
    ]


def test_un_formulaire_incomplet_est_rendu_avec_ses_erreurs(client, deux, instructeur):
    client.force_login(instructeur)
    reponse = client.post(AVIS, formulaire(deux, date_limite="", types=[]))
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert 'id="resume-erreurs"' in page and "Choisissez au moins un service." in page
    assert DemandeAvis.objects.count() == 1


def test_aucun_dossier_coche(client, instructeur):
    client.force_login(instructeur)
    reponse = client.post(SELECTION, {"action": "export", "page": [1, 2]})  # the page, not ticked
    assert reponse["Location"] == A_INSTRUIRE
    assert textes(reponse) == ["Aucun dossier sélectionné : cochez au moins un dossier du tableau."]
    assert client.post(SELECTION, {"action": "supprimer", "dossiers": [1]}).status_code == 400


@pytest.mark.parametrize("profil", ["agent_nord", "candidat"])
def test_la_selection_est_reservee_a_l_equipe_nationale(client, request, profil, deux):
    client.force_login(request.getfixturevalue(profil))
    for url, donnees in [
        (SELECTION, {"action": "export", "dossiers": [deux[0].pk]}),
        (SELECTION, {"action": "avis", "dossiers": [deux[0].pk]}),
        (AVIS, formulaire(deux)),
    ]:
        assert client.post(url, donnees).status_code == 403
    assert DemandeAvis.objects.count() == 1


def test_un_administrateur_exporte_la_selection_mais_ne_demande_pas_d_avis(client, deux, administrateur):
    client.force_login(administrateur)
    assert client.post(SELECTION, {"action": "avis", "dossiers": [deux[0].pk]}).status_code == 403
    assert client.post(AVIS, formulaire(deux)).status_code == 403
    page = client.get(A_INSTRUIRE).content.decode()
    assert "Exporter la sélection" in page and "Demander un avis pour la sélection" not in page
    assert client.post(SELECTION, {"action": "export", "dossiers": [deux[1].pk]})["Location"].endswith(
        f"?ids={deux[1].pk}"
    )


def test_exporter_la_selection(client, deux, candidat, instructeur):
    nord, pas_de_calais = deux
    autre = deposer_dossier(departements=("62",))  # not ticked
    brouillon = DossierFactory(organisation=candidat.organisation)
    client.force_login(instructeur)
    reponse = client.post(
        SELECTION, {"action": "export", "dossiers": [pas_de_calais.pk, nord.pk, brouillon.pk]}
    )
    # In the order of their numbers.
    lus = Dossier.objects.filter(pk__in=[nord.pk, pas_de_calais.pk])
    premier, second = lus.order_by("numero_ordre", "pk")
    ids = f"{premier.pk}%2C{second.pk}"
    assert reponse["Location"] == f"{reverse('exports:exports')}?ids={ids}"
    assert textes(reponse) == [
        "1 dossier de la sélection a été ignoré : introuvable ou hors des dossiers que vous pouvez consulter."
    ]
    page = client.get(reponse["Location"]).content.decode()
    assert "2\u00a0dossiers" in page and "Les dossiers sélectionnés dans la file seulement." in page
    assert f'name="ids" value="{premier.pk},{second.pk}"' in page
    export = demander(client, instructeur, "csv", "dossiers", f"?ids={ids}")
    assert export.filtres == {"ids": f"{premier.pk},{second.pk}", "appel": premier.appel_id}
    assert export.total == 2
    assert set(Selection(instructeur, export.filtres).identifiants) == {nord.pk, pas_de_calais.pk}
    assert autre.pk not in Selection(instructeur, export.filtres).identifiants
    # A forged id in the stored filters reaches only what the user may read.
    assert Selection(instructeur, {"ids": f"{brouillon.pk}"}).identifiants == []
