"""The bell on every page of every logged-in role, the « Notifications » page, opening one (read, then
the page concerned — never another site), « Tout marquer comme lu »; each person sees and marks only his
own. The bell's count is cached: a page pays no query for it (primed at login, kept up by the events and
by marking read); a miss costs one, the cache down costs that one and never an error."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Nature, Notification
from notifications.services import non_lues, notifier
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LISTE = reverse("notifications:liste")


def ouvrir(notification):
    return reverse("notifications:ouvrir", args=[notification.pk])


def cloche(page: str) -> str:
    (lien,) = re.findall(r'<a class="fr-btn fr-icon-notification-3-line".*?</a>', page, re.S)
    return lien


@pytest.mark.parametrize(
    "trait", [{}, {"instructeur": True}, {"agent": True}, {"agent_regional": True}, {"administrateur": True}]
)
def test_la_cloche_de_chaque_role(client, django_capture_on_commit_callbacks, trait):
    user = UserFactory(**trait)
    client.force_login(user)
    lien = cloche(client.get(reverse("comptes:espace"), follow=True).content.decode())
    assert 'aria-label="' not in lien and "Notifications" in lien  # none unread: « Notifications »
    with django_capture_on_commit_callbacks(execute=True):
        notifier([user], Nature.AUTRE, "Une", "/")
        notifier([user], Nature.AUTRE, "Deux", "/")
        notifier([user], Nature.AUTRE, "Trois", "/")
    lien = cloche(client.get(reverse("comptes:espace"), follow=True).content.decode())
    assert 'aria-label="Notifications (3 non lues)"' in lien and f'href="{LISTE}"' in lien
    assert ">3</span>" in lien


def test_pas_de_cloche_pour_un_visiteur(client):
    assert "fr-icon-notification-3-line" not in client.get(reverse("comptes:connexion")).content.decode()
    reponse = client.get(LISTE)
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("comptes:connexion"))


def test_la_liste_plus_recentes_d_abord_non_lues_en_avant_paginee(client, candidat):
    for n in range(25):
        notifier([candidat], Nature.AUTRE, f"Notification {n}", "/")
    Notification.objects.filter(titre="Notification 0").update(lue_le="2026-01-01T00:00:00Z")
    notifier([UserFactory()], Nature.AUTRE, "Celle d’un autre", "/")
    client.force_login(candidat)
    page = client.get(LISTE).content.decode()
    titres = re.findall(r">(Notification \d+)</a>", page)
    assert titres == [f"Notification {n}" for n in range(24, 4, -1)]  # 20 a page, newest first
    assert "24 notifications non lues." in page and "Celle d’un autre" not in page
    assert page.count("notification--non-lue") == 20
    suite = client.get(LISTE, {"page": 2}).content.decode()
    assert re.findall(r">(Notification \d+)</a>", suite) == [f"Notification {n}" for n in range(4, -1, -1)]
    assert suite.count("notification--lue") == 1 and suite.count("notification--non-lue") == 4


def test_ouvrir_marque_lue_et_mene_a_la_page(client, candidat, django_capture_on_commit_callbacks):
    mes_dossiers = reverse("candidatures:mes_dossiers")
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notifier([candidat], Nature.AUTRE, "Vos dossiers", mes_dossiers)
    client.force_login(candidat)
    assert non_lues(candidat) == 1
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.get(ouvrir(notification))
    assert reponse.status_code == 302 and reponse.url == mes_dossiers
    notification.refresh_from_db()
    assert notification.lue_le is not None and non_lues(candidat) == 0
    lue_le = notification.lue_le
    client.get(ouvrir(notification))  # again: still read, the date kept
    notification.refresh_from_db()
    assert notification.lue_le == lue_le and non_lues(candidat) == 0


@pytest.mark.parametrize(
    "lien", ["https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example", "javascript:alert(1)"]
)
def test_jamais_de_redirection_vers_un_autre_site(client, candidat, lien):
    (notification,) = notifier([candidat], Nature.AUTRE, "Piège", lien)
    client.force_login(candidat)
    reponse = client.get(ouvrir(notification))
    assert reponse.status_code == 302 and reponse.url == LISTE


def test_celle_d_un_autre_est_introuvable(client, candidat, collegue, instructeur):
    (notification,) = notifier([candidat], Nature.AUTRE, "À moi", "/")
    for autre in (collegue, instructeur):
        client.force_login(autre)
        assert client.get(ouvrir(notification)).status_code == 404
        assert "À moi" not in client.get(LISTE).content.decode()
        client.post(reverse("notifications:tout_lu"))
    notification.refresh_from_db()
    assert notification.lue_le is None
    client.force_login(candidat)
    assert client.get(reverse("notifications:ouvrir", args=[notification.pk + 1000])).status_code == 404


def test_tout_marquer_comme_lu(client, candidat, collegue, django_capture_on_commit_callbacks):
    notifier([candidat, collegue], Nature.AUTRE, "Une", "/")
    notifier([candidat], Nature.AUTRE, "Deux", "/")
    client.force_login(candidat)
    assert client.get(reverse("notifications:tout_lu")).status_code == 405  # a POST only
    page = client.get(LISTE).content.decode()
    assert "Tout marquer comme lu" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("notifications:tout_lu"), follow=True)
    page = reponse.content.decode()
    assert "2 notifications marquées comme lues." in page and "Aucune notification non lue." in page
    assert "Tout marquer comme lu" not in page
    assert not Notification.objects.filter(destinataire=candidat, lue_le=None).exists()
    assert Notification.objects.filter(destinataire=collegue, lue_le=None).count() == 1
    assert 'aria-label="Notifications (' not in cloche(page)


# ----- The count: cached, zero query on a page -------------------------------------------------------


def test_le_compte_ne_coute_aucune_requete(
    client, candidat, django_assert_num_queries, django_capture_on_commit_callbacks
):
    notifier([candidat], Nature.AUTRE, "Avant la connexion", "/")
    client.force_login(candidat)  # counted once, at login
    with django_assert_num_queries(0):
        assert non_lues(candidat) == 1
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notifier([candidat], Nature.AUTRE, "Après", "/")
    with django_assert_num_queries(0):
        assert non_lues(candidat) == 2  # raised by the event
    with django_capture_on_commit_callbacks(execute=True):
        services.marquer_lue(notification)
    with django_assert_num_queries(0):
        assert non_lues(candidat) == 1  # lowered by reading
    cache.clear()  # expired, Redis restarted: one query, then none
    with django_assert_num_queries(1):
        assert non_lues(candidat) == 1
    with django_assert_num_queries(0):
        assert non_lues(candidat) == 1


def test_une_page_ne_paie_pas_la_cloche(client, candidat):
    """A page after the login reads the bell's count from the cache: no query on the notifications; the
    cache emptied, exactly one."""
    notifier([candidat], Nature.AUTRE, "Une", "/")
    client.force_login(candidat)

    def requetes_des_notifications():
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("candidatures:mes_dossiers")).status_code == 200
        return [q for q in requetes.captured_queries if "notifications_notification" in q["sql"]]

    assert requetes_des_notifications() == []
    cache.clear()
    assert len(requetes_des_notifications()) == 1
    assert requetes_des_notifications() == []


def test_le_cache_en_panne_ne_fait_pas_tomber_la_page(client, candidat, monkeypatch):
    notifier([candidat], Nature.AUTRE, "Une", "/")
    client.force_login(candidat)

    class CacheEnPanne:
        def __getattr__(self, nom):
            def en_panne(*args, **kwargs):
                raise ConnectionError("Redis injoignable")

            return en_panne

    monkeypatch.setattr(services, "cache", CacheEnPanne())
    reponse = client.get(LISTE)
    assert reponse.status_code == 200
    assert 'aria-label="Notifications (1 non lue)"' in cloche(reponse.content.decode())
    notifier([candidat], Nature.AUTRE, "Deux", "/")
    assert non_lues(candidat) == 2


def test_pas_de_cloche_pour_le_compte_technique(client):
    """The technical account has no page of the portal (``comptes.permissions.PAGES``): no bell either."""
    client.force_login(UserFactory(technique=True))
    page = client.get(reverse("accueil")).content.decode()
    assert "Se déconnecter" in page and "fr-icon-notification-3-line" not in page


def test_le_titre_est_echappe(client, candidat):
    """A title carries names typed by people (a requester's name, an organisation's): never markup."""
    notifier([candidat], Nature.DEMANDE_ADHESION, '<img src=x onerror="alert(1)"> demande', "/")
    client.force_login(candidat)
    page = client.get(LISTE).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; demande" in page
