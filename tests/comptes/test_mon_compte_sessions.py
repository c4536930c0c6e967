"""Issue 15 item 3, « Mon compte », the open sessions: browser, IP, opened, last activity, « this one », the
others closed at once (in the security journal); the page's queries do not grow with the sessions."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptes import moncompte
from comptes.models import SessionUtilisateur
from comptes.models_securite import TypeEvenement
from comptes.sessions import ACTIVITE
from tests.comptes.outils import (
    CHROME,
    FIREFOX,
    evenements,
    navigateur_connecte,
    session_ouverte,
)
from tests.comptes_gestion.outils import page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MON_COMPTE = reverse("comptes:mon_compte")
MOT_DE_PASSE_URL = reverse("comptes:modifier_mot_de_passe")
ADRESSE_URL = reverse("comptes:changer_adresse")
FERMER = reverse("comptes:fermer_sessions")


# Sessions ----------------------------------------------------------------------------------------------


def test_les_sessions_ouvertes(camille):
    avant = timezone.now()
    ici = navigateur_connecte(camille, FIREFOX, ip="192.0.2.10")
    navigateur_connecte(camille, CHROME, ip="2001:db8::1")
    session = SessionUtilisateur.objects.get(session_key=ici.session.session_key)
    assert (session.compte, session.appareil, session.adresse_ip) == (camille, FIREFOX, "192.0.2.10")
    assert avant <= session.ouverte_le <= timezone.now() and session.derniere_activite >= session.ouverte_le
    contenu = page(ici.get(MON_COMPTE))
    tableau = contenu[contenu.index("Mes sessions ouvertes") :]
    lignes = re.findall(r"<tr>(.*?)</tr>", tableau, re.S)[1:]
    assert len(lignes) == 2
    assert "Firefox sur Windows" in lignes[0] and "Cette session" in lignes[0] and "192.0.2.10" in lignes[0]
    assert "Chrome sur Linux" in lignes[1] and "Cette session" not in lignes[1] and "2001:db8::1" in lignes[1]
    assert timezone.localtime(session.ouverte_le).strftime("%d/%m/%Y à %H:%M") in lignes[0]
    assert "Fermer les autres sessions" in contenu


def test_fermer_les_autres_sessions(camille):
    ici, ailleurs, encore = (
        navigateur_connecte(camille),
        navigateur_connecte(camille, CHROME),
        navigateur_connecte(camille, CHROME),
    )
    collegue = navigateur_connecte(UserFactory(organisation=camille.organisation))
    reponse = ici.post(FERMER, follow=True)
    assert "2 autres sessions ouvertes sont fermées" in page(reponse)
    assert "Vous n’êtes connecté dans aucun autre navigateur." in page(reponse)
    assert session_ouverte(ici) and ici.get(MON_COMPTE).status_code == 200
    for client in (ailleurs, encore):
        assert client.get(MON_COMPTE)["Location"].startswith(reverse("comptes:connexion"))
    assert collegue.get(MON_COMPTE).status_code == 200  # someone else's sessions stay
    (evenement,) = evenements(TypeEvenement.SESSIONS_FERMEES)
    assert evenement.compte == camille and evenement.details == {"nombre": 2}
    # Nothing left to close: said so, nothing journaled.
    assert "Aucune autre session n’était ouverte." in page(ici.post(FERMER, follow=True))
    assert len(evenements(TypeEvenement.SESSIONS_FERMEES)) == 1
    assert ici.get(FERMER).status_code == 405


def test_la_derniere_activite_est_ecrite_toutes_les_quelques_minutes(camille, django_assert_num_queries):
    client = navigateur_connecte(camille)
    cle = client.session.session_key
    client.get(MON_COMPTE)
    with CaptureQueriesContext(connection) as fraiche:
        client.get(MON_COMPTE)
    assert not [q for q in fraiche.captured_queries if q["sql"].startswith("UPDATE")]
    requetes = len(fraiche)  # now: the next request empties Django's log of queries
    ancienne = timezone.now() - ACTIVITE - datetime.timedelta(seconds=1)
    SessionUtilisateur.objects.filter(session_key=cle).update(derniere_activite=ancienne)
    with django_assert_num_queries(requetes + 1):  # one UPDATE, once
        client.get(MON_COMPTE)
    assert SessionUtilisateur.objects.get(session_key=cle).derniere_activite > ancienne
    with django_assert_num_queries(requetes):
        client.get(MON_COMPTE)


def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_sessions(camille, django_assert_max_num_queries):
    client = navigateur_connecte(camille)
    client.get(MON_COMPTE)  # the last activity just written: no UPDATE below
    with CaptureQueriesContext(connection) as une:
        assert client.get(MON_COMPTE).status_code == 200
    requetes = len(une)  # now: the next request empties Django's log of queries
    for _ in range(5):
        navigateur_connecte(camille, CHROME)
    with django_assert_max_num_queries(requetes):
        contenu = page(client.get(MON_COMPTE))
    assert contenu.count("Chrome sur Linux") == 5


def test_navigateur_lisible():
    assert moncompte.navigateur(FIREFOX) == "Firefox sur Windows"
    assert moncompte.navigateur(CHROME) == "Chrome sur Linux"
    edge = CHROME.replace("Safari/537.36", "Safari/537.36 Edg/120.0.0.0").replace(
        "X11; Linux x86_64", "Windows NT"
    )
    assert moncompte.navigateur(edge) == "Edge sur Windows"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
    assert moncompte.navigateur(iphone) == "Safari sur iOS"
    assert moncompte.navigateur("") == "Navigateur inconnu"
    assert moncompte.navigateur("curl/8.0") == "Navigateur inconnu"
