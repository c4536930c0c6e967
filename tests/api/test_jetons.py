"""« Jetons d'API » (/api/jetons/): an administrateur issues a token (shown once, working at once) and
revokes it (401 at once); nobody else reaches the page."""

import datetime
import hashlib
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import JetonApi
from tests.api.outils import ClientApi, emettre
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JETONS = reverse("api:jetons")
MOI = reverse("api:v1:moi")


@pytest.fixture
def admin_connecte(client, administrateur):
    client.force_login(administrateur)
    return client


def test_page_reservee_aux_administrateurs(client, instructeur, agent_nord, candidat):
    assert client.get(JETONS).status_code == 302  # anonymous: to the login page
    jeton = JetonApi.objects.emettre(instructeur, "Tableau de bord", cree_par=None)[0]
    for user in (instructeur, agent_nord, candidat):
        client.force_login(user)
        assert client.get(JETONS).status_code == 403
        assert client.post(JETONS, {"user": user.pk, "libelle": "Moi"}).status_code == 403
        assert client.post(reverse("api:revoquer_jeton", args=[jeton.pk])).status_code == 403
    jeton.refresh_from_db()
    assert jeton.revoque_le is None and JetonApi.objects.count() == 1


def test_emettre_un_jeton_montre_une_fois_et_fonctionne(admin_connecte, administrateur, agent_nord, caplog):
    with caplog.at_level(logging.WARNING, logger="api.views"):
        reponse = admin_connecte.post(
            JETONS,
            {
                "user": agent_nord.pk,
                "libelle": "Tableau de bord du Nord",
                "expire_le": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            },
        )
    assert reponse.status_code == 200
    assert reponse["Cache-Control"].startswith("max-age=0") and "no-store" in reponse["Cache-Control"]
    contenu = reponse.content.decode()
    secret = re.search(
        r'id="jeton-secret" type="text" readonly value="(ami_[a-z0-9]{8}_[\w-]{40,})"', contenu
    )
    assert secret, contenu
    secret = secret.group(1)
    assert "il ne sera plus jamais affiché" in contenu
    ligne = JetonApi.objects.get()
    assert (ligne.user, ligne.cree_par, ligne.libelle) == (
        agent_nord,
        administrateur,
        "Tableau de bord du Nord",
    )
    assert ligne.empreinte == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.split("_")[1] == ligne.prefixe
    # Logged, without the secret.
    (trace,) = [r.getMessage() for r in caplog.records if "émis" in r.getMessage()]
    assert ligne.prefixe in trace and agent_nord.email in trace and secret not in trace
    # Shown once: the list shows the préfixe only.
    liste = admin_connecte.get(JETONS).content.decode()
    assert secret not in liste and f"ami_{ligne.prefixe}_…" in liste and "jamais" in liste
    # It works at once, with the titulaire's rights.
    moi = ClientApi(secret).get(MOI)
    assert moi.status_code == 200 and moi.json()["email"] == agent_nord.email
    ligne.refresh_from_db()
    assert ligne.derniere_utilisation is not None


@pytest.mark.parametrize(
    ("titulaire", "champs", "erreur"),
    [
        ("candidat", {}, "Ce compte ne peut pas recevoir de jeton"),
        ("inactif", {}, "Ce compte ne peut pas recevoir de jeton"),
        ("instructeur", {"libelle": ""}, "Donnez un libellé au jeton"),
        ("instructeur", {"expire_le": "2021-10-11"}, "La date doit être postérieure à aujourd’hui."),
        ("instructeur", {"expire_le": "2099-01-01"}, "Laissez 366 jours au plus."),
    ],
)
def test_formulaire_refuse(admin_connecte, candidat, instructeur, titulaire, champs, erreur):
    users = {
        "candidat": candidat,
        "instructeur": instructeur,
        "inactif": UserFactory(agent=True, is_active=False),
    }
    donnees = {"user": users[titulaire].pk, "libelle": "Essai", **champs}
    reponse = admin_connecte.post(JETONS, donnees)
    assert reponse.status_code == 422
    contenu = reponse.content.decode()
    assert erreur in contenu and 'id="jeton-secret"' not in contenu
    assert not JetonApi.objects.exists()


def test_seuls_les_comptes_de_l_etat_actifs_sont_proposes(admin_connecte, candidat, instructeur, agent_nord):
    inactif = UserFactory(instructeur=True, is_active=False)
    choix = admin_connecte.get(JETONS).context["form"].fields["user"].queryset
    assert set(choix) >= {instructeur, agent_nord} and not {candidat, inactif} & set(choix)


def test_revoquer(admin_connecte, administrateur, instructeur, caplog):
    secret = emettre(instructeur, libelle="Export hebdomadaire")
    jeton = JetonApi.objects.get()
    assert ClientApi(secret).get(MOI).status_code == 200
    url = reverse("api:revoquer_jeton", args=[jeton.pk])
    confirmation = admin_connecte.get(url)
    assert confirmation.status_code == 200 and "Révoquer ce jeton" in confirmation.content.decode()
    jeton.refresh_from_db()
    assert jeton.revoque_le is None  # the GET only asks
    with caplog.at_level(logging.WARNING, logger="api.views"):
        reponse = admin_connecte.post(url, follow=True)
    assert reponse.redirect_chain == [(JETONS, 302)]
    assert "est révoqué" in reponse.content.decode()
    jeton.refresh_from_db()
    assert jeton.revoque_le and jeton.revoque_par == administrateur
    assert any("révoqué" in r.getMessage() and jeton.prefixe in r.getMessage() for r in caplog.records)
    refus = ClientApi(secret).get(MOI)
    assert refus.status_code == 401 and refus.json()["detail"].startswith("Ce jeton a été révoqué le")
    premiere = jeton.revoque_le
    encore = admin_connecte.post(url, follow=True)
    assert "était déjà révoqué" in encore.content.decode()
    jeton.refresh_from_db()
    assert jeton.revoque_le == premiere
    liste = admin_connecte.get(JETONS).content.decode()
    assert "Révoqué" in liste and url not in liste


def test_revoquer_un_jeton_inconnu_404(admin_connecte):
    assert admin_connecte.post(reverse("api:revoquer_jeton", args=[999])).status_code == 404
