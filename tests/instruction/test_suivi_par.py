"""Issue 17, point 14: « Suivi par ». An instructeur national follows a dossier or gives it to a colleague
(an active instructeur national only), who is told in the portal and by mail; each change is a step of
the dossier's history, read by the national team only; the queue shows it and filters on it, in the same
number of queries."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami.models import Appel
from candidatures.models import Transition
from instruction import suivi
from instruction.filtres import filtres_de
from instruction.models import Suivi
from notifications.models import Nature, Notification
from tests.exports.demandes import demander
from tests.factories import DossierFactory, UserFactory
from tests.instruction.test_file import A_INSTRUIRE, deposes, numeros

pytestmark = pytest.mark.django_db


def fiche(dossier):
    return reverse("instruction:dossier", args=[dossier.pk])


def url(dossier):
    return reverse("instruction:suivi", args=[dossier.pk])


def poster(client, dossier, actuel=None, **donnees):
    return client.post(url(dossier), {"actuel": actuel or "", **donnees})


def test_suivre_soi_meme_puis_confier_a_un_collegue(
    client, depose, instructeur, instructeur2, django_capture_on_commit_callbacks
):
    client.force_login(instructeur)
    page = client.get(fiche(depose)).content.decode()
    assert "personne pour le moment" in page and "Suivre ce dossier moi-même" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert poster(client, depose, moi="1")["Location"] == fiche(depose)
    assert Suivi.objects.get(dossier=depose).instructeur == instructeur
    assert not mail.outbox and not Notification.objects.exists()  # nobody to tell: he chose himself
    page = client.get(fiche(depose)).content.decode()
    assert "Alex Durand (vous)" in page and "Suivre ce dossier moi-même" not in page

    with django_capture_on_commit_callbacks(execute=True):
        reponse = poster(client, depose, actuel=instructeur.pk, instructeur=instructeur2.pk)
    assert reponse.status_code == 302
    assert Suivi.objects.get(dossier=depose).instructeur == instructeur2
    # The colleague is told: the bell, with the dossier's link, and a mail.
    (notification,) = Notification.objects.filter(destinataire=instructeur2)
    assert notification.nature == Nature.AUTRE and notification.lien == fiche(depose)
    assert depose.numero in notification.titre and "Alex Durand" in notification.titre
    (courriel,) = mail.outbox
    assert courriel.to == [instructeur2.email] and depose.numero in courriel.subject
    assert f"/instruction/dossiers/{depose.pk}/" in courriel.body

    # The history: who, when, from whom to whom.
    etapes = list(Transition.objects.filter(dossier=depose, action=suivi.ACTION).order_by("id"))
    assert [(t.par, t.donnees["de"], t.donnees["vers"]) for t in etapes] == [
        (instructeur, "", "Alex Durand"),
        (instructeur, "Alex Durand", "Sacha Bernard"),
    ]
    assert all(t.depuis == t.vers == depose.etat for t in etapes)  # an event: the state is kept
    historique = client.get(fiche(depose), {"onglet": "historique"}).content.decode()
    assert "Suivi du dossier : confié à Sacha Bernard" in historique
    assert "(auparavant : Alex Durand)" in historique

    # Nobody follows it any more.
    assert poster(client, depose, actuel=instructeur2.pk, instructeur="").status_code == 302
    assert not Suivi.objects.filter(dossier=depose).exists()
    assert Transition.objects.filter(action=suivi.ACTION).count() == 3


def test_seul_un_instructeur_national_actif_peut_etre_choisi(client, depose, instructeur, agent_nord):
    client.force_login(instructeur)
    inactif = UserFactory(instructeur=True, is_active=False)
    administrateur = UserFactory(administrateur=True)
    page = client.get(fiche(depose)).content.decode()
    assert f'value="{inactif.pk}"' not in page and f'value="{agent_nord.pk}"' not in page
    for choisi in (inactif, agent_nord, administrateur):
        reponse = poster(client, depose, instructeur=choisi.pk)
        assert reponse.status_code == 422
        assert "Choisissez un instructeur national dont le compte est actif." in reponse.content.decode()
    assert poster(client, depose, instructeur="abc").status_code == 422
    assert not Suivi.objects.exists() and not Transition.objects.filter(action=suivi.ACTION).exists()


def test_un_changement_entre_temps_est_refuse(client, depose, instructeur, instructeur2):
    suivi.attribuer(depose, instructeur2, instructeur2)
    client.force_login(instructeur)
    reponse = poster(client, depose, actuel="", moi="1")  # his page showed nobody
    assert reponse.status_code == 409
    assert "il est suivi par Sacha Bernard" in reponse.content.decode()
    assert Suivi.objects.get().instructeur == instructeur2


@pytest.mark.parametrize("profil", ["agent_nord", "administrateur", "candidat"])
def test_les_autres_profils_ne_changent_pas_le_suivi(client, request, depose, profil, instructeur):
    client.force_login(request.getfixturevalue(profil))
    assert poster(client, depose, instructeur=instructeur.pk).status_code == 403
    assert not Suivi.objects.exists()


def test_un_brouillon_est_introuvable(client, candidat, instructeur):
    brouillon = DossierFactory(organisation=candidat.organisation)
    client.force_login(instructeur)
    assert poster(client, brouillon, moi="1").status_code == 404


def test_le_suivi_est_lu_par_l_equipe_nationale_seulement(
    client, depose, instructeur, instructeur2, administrateur, agent_nord, candidat
):
    suivi.attribuer(depose, instructeur, instructeur2)
    client.force_login(administrateur)
    page = client.get(fiche(depose), {"onglet": "historique"}).content.decode()
    assert "Suivi par :" in page and "Sacha Bernard" in page and "Suivi du dossier" in page
    assert "Enregistrer le suivi" not in page  # read, not changed
    client.force_login(agent_nord)
    page = client.get(fiche(depose), {"onglet": "historique"}).content.decode()
    assert "Suivi par" not in page and "Suivi du dossier" not in page and "Sacha Bernard" not in page
    client.force_login(candidat)
    page = client.get(reverse("candidatures:apercu", args=[depose.pk])).content.decode()
    assert "Sacha Bernard" not in page and "Suivi du dossier" not in page


# The queue ------------------------------------------------------------------------------------------


@pytest.fixture
def quatre(instructeur, instructeur2):
    """Four dossiers: two followed by Alex, one by Sacha, one by nobody."""
    dossiers = deposes(4)
    for dossier, qui in zip(dossiers, (instructeur, instructeur, instructeur2), strict=False):
        Suivi.objects.create(dossier=dossier, instructeur=qui, attribue_par=qui)
    return dossiers


@pytest.mark.parametrize(
    ("valeur", "attendus"),
    [("moi", [0, 1]), ("autres", [2]), ("aucun", [3]), ("", [0, 1, 2, 3])],
)
def test_filtre_mes_dossiers_suivis(client, quatre, instructeur, valeur, attendus):
    client.force_login(instructeur)
    reponse = client.get(A_INSTRUIRE, {"suivi": valeur} if valeur else {})
    assert numeros(reponse) == [quatre[i].numero for i in attendus]


def test_la_file_montre_qui_suit_chaque_dossier(client, quatre, instructeur, administrateur):
    client.force_login(instructeur)
    page = client.get(A_INSTRUIRE).content.decode()
    assert page.count("Suivi par vous") == 2 and page.count("Suivi par Sacha Bernard") == 1
    assert page.count("Non suivi<") == 1
    assert "Mes dossiers suivis" in page
    # An administrateur reads it, filters on « suivis » or « non suivis », never « mes dossiers ».
    client.force_login(administrateur)
    page = client.get(A_INSTRUIRE).content.decode()
    assert page.count("Suivi par Alex Durand") == 2 and "Mes dossiers suivis" not in page
    assert numeros(client.get(A_INSTRUIRE, {"suivi": "suivis"})) == [d.numero for d in quatre[:3]]


def test_la_file_d_un_agent_ne_dit_rien_du_suivi(client, quatre):
    from tests.instruction.test_file import TERRITOIRE, agent

    agent(client, departement="59")
    page = client.get(TERRITOIRE).content.decode()
    assert "Suivi par" not in page and "Non suivi" not in page
    assert 'name="suivi"' not in page
    assert len(numeros(client.get(TERRITOIRE, {"suivi": "moi"}))) == 4  # not a filter of his


def test_le_filtre_garde_de_qui_il_s_agit_pour_les_exports(client, quatre, instructeur):
    appel = Appel.objects.courant()
    jeu = filtres_de(instructeur, {"suivi": "moi"}, nationale=True, appel=appel)
    assert jeu.filtres() == {"suivi": f"moi:{instructeur.pk}", "appel": appel.pk}
    export = demander(client, instructeur, "csv", "dossiers", "?suivi=moi")
    assert export.filtres == {"suivi": f"moi:{instructeur.pk}", "appel": appel.pk}
    assert export.total == 2


@pytest.mark.parametrize("params", [{}, {"suivi": "moi"}, {"suivi": "aucun", "tri": "-numero"}])
def test_nombre_de_requetes_constant(client, django_assert_num_queries, instructeur, params):
    """The queue's 7 queries (tests/instruction/test_file.py), « Suivi par » and its filter included."""
    client.force_login(instructeur)
    for dossier in deposes(3)[:2]:  # one of them followed by nobody
        Suivi.objects.create(dossier=dossier, instructeur=instructeur)
    client.get(A_INSTRUIRE)  # the filters' territory choices cached (instruction.choix_territoires)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(A_INSTRUIRE, params).status_code == 200
    autres = deposes(57)
    collegue = UserFactory(instructeur=True)
    for dossier in autres[:30]:
        Suivi.objects.create(dossier=dossier, instructeur=instructeur if dossier.pk % 2 else collegue)
    with django_assert_num_queries(7):
        assert client.get(A_INSTRUIRE, params).status_code == 200
    assert len(peu) == 7
