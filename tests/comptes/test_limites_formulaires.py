"""Issue 15 item 6: the public forms (« Mot de passe oublié », « Créer un compte », the confirmation and
invitation links) limited per IP address and per e-mail address (comptes.limites, django-ratelimit)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from courriels.models import Courriel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parents[2]
OUBLI = reverse("comptes:mot_de_passe_oublie")
INCORRECT = "Adresse électronique ou mot de passe incorrect"


# The public forms --------------------------------------------------------------------------------------


def test_mot_de_passe_oublie_limite_par_adresse_et_par_ip(client, settings):
    UserFactory(email="camille@exemple.fr")
    for _ in range(5):
        assert client.post(OUBLI, {"email": "camille@exemple.fr"}, REMOTE_ADDR="192.0.2.1").status_code == 302
    reponse = client.post(OUBLI, {"email": "Camille@exemple.fr"}, REMOTE_ADDR="192.0.2.2")
    assert reponse.status_code == 429
    contenu = reponse.content.decode()
    assert "Trop de demandes de nouveau mot de passe ont été faites" in contenu
    assert re.search(
        r"Vous pourrez réessayer à partir de \d+ h \d\d(?: le \d+ \w+)? "
        r"\(dans \d+ (minutes?|h \d\d|heures?)\)",
        contenu,
    )
    assert 0 < int(reponse["Retry-After"]) <= 3600
    assert Courriel.objects.filter(destinataires=["camille@exemple.fr"]).count() == 5
    assert client.get(OUBLI, REMOTE_ADDR="192.0.2.2").status_code == 200  # the form is still shown

    settings.LIMITES = {"mot_de_passe_ip": "3/h"}
    for n in range(3):
        assert client.post(OUBLI, {"email": f"p{n}@exemple.fr"}, REMOTE_ADDR="192.0.2.9").status_code == 302
    assert client.post(OUBLI, {"email": "p3@exemple.fr"}, REMOTE_ADDR="192.0.2.9").status_code == 429
    assert client.post(OUBLI, {"email": "p3@exemple.fr"}, REMOTE_ADDR="192.0.2.10").status_code == 302


@pytest.mark.parametrize(
    "nom, arguments, methode",
    [
        ("comptes:inscription", {}, "post"),
        ("comptes:inscription_nouveau_lien", {}, "post"),
        ("comptes:confirmer_adresse", {"uidb64": "MQ", "token": "abc-123"}, "get"),
        ("comptes:confirmer_nouvelle_adresse", {"uidb64": "MQ", "token": "abc-123"}, "get"),
        ("comptes:invitation_equipe", {"token": "abc-123"}, "get"),
    ],
)
def test_inscription_confirmation_et_invitation_limitees(client, settings, nom, arguments, methode):
    settings.LIMITES = {
        f"{g}_{p}": "2/h" for g in ("inscription", "confirmation", "invitation") for p in ("ip", "adresse")
    }
    url = reverse(nom, kwargs=arguments)
    envoyer = getattr(client, methode)
    donnees = {"email": "camille@exemple.fr"} if methode == "post" else {}
    for _ in range(2):
        assert envoyer(url, donnees, REMOTE_ADDR="192.0.2.20").status_code != 429
    reponse = envoyer(url, donnees, REMOTE_ADDR="192.0.2.20")
    assert reponse.status_code == 429, nom
    assert "Vous pourrez réessayer à partir de" in reponse.content.decode()
