import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from comptes.models import Role, User
from comptes.validators import valider_siret
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("siret", ["73282932000074", "356 000 000 00048", "35600000049837"])
def test_siret_valides(siret):
    valider_siret(siret)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "n'est pas valide"),
        ("1234", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("35600000049838", "n'est pas valide"),
    ],
)
def test_siret_invalides(siret, message):
    with pytest.raises(ValidationError, match=message):
        valider_siret(siret)


def test_organisation_refuse_un_siret_invalide():
    organisation = OrganisationFactory.build(siret="12345678901234")
    with pytest.raises(ValidationError) as erreur:
        organisation.full_clean()
    assert "siret" in erreur.value.message_dict


def test_un_candidat_sans_organisation_ne_lit_aucun_dossier():
    """Issue 15: a candidat may be without an organisation (his request to join one pending or refused,
    tests/comptes/test_equipe.py); he reads no dossier, not even one without an organisation's filter."""
    from candidatures.politique import politique
    from tests.factories import DossierFactory

    DossierFactory()
    assert not politique(UserFactory(organisation=None)).dossiers().exists()
    with pytest.raises(IntegrityError):  # a référent belongs to an organisation
        UserFactory(organisation=None, referent=True)


def test_un_agent_appartient_a_un_service():
    user = UserFactory.build(role=Role.AGENT, organisation=None)
    with pytest.raises(ValidationError) as erreur:
        user.full_clean()
    assert erreur.value.message_dict["service_territorial"] == [
        "Un agent territorial appartient à un service territorial."
    ]


def test_connexion_par_adresse_insensible_a_la_casse(client):
    UserFactory(email="camille@exemple.fr")
    reponse = client.post(
        reverse("comptes:connexion"), {"username": "Camille@Exemple.FR", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("comptes:espace")


def test_connexion_refusee_garde_l_adresse_et_explique(client):
    UserFactory(email="camille@exemple.fr")
    reponse = client.post(
        reverse("comptes:connexion"), {"username": "camille@exemple.fr", "password": "faux"}
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Adresse électronique ou mot de passe incorrect" in contenu
    assert 'value="camille@exemple.fr"' in contenu


def test_compte_desactive_ne_peut_pas_se_connecter(client):
    UserFactory(email="parti@exemple.fr", is_active=False)
    reponse = client.post(
        reverse("comptes:connexion"), {"username": "parti@exemple.fr", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 200
    assert not reponse.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("trait", "destination"),
    [
        ({}, "candidatures:mes_dossiers"),
        ({"instructeur": True}, "instruction:a_instruire"),
        ({"agent": True}, "instruction:territoire"),
        ({"agent_regional": True}, "instruction:territoire"),
        ({"administrateur": True}, "ami:administration"),
    ],
)
def test_chaque_role_arrive_dans_son_espace(client, trait, destination):
    client.force_login(UserFactory(**trait))
    reponse = client.get(reverse("comptes:espace"))
    assert reponse["Location"] == reverse(destination)
    assert client.get(reponse["Location"]).status_code == 200


def test_deconnexion(client):
    client.force_login(UserFactory())
    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse["Location"] == reverse("accueil")
    assert client.get(reverse("comptes:espace"))["Location"].startswith(reverse("comptes:connexion"))


# transaction: the mail goes through the outbox, whose row the worker (REDIS_URL) reads once committed.
@pytest.mark.django_db(transaction=True)
def test_mot_de_passe_oublie_de_bout_en_bout(client, celery_worker_si_redis, attendre):
    UserFactory(email="oubli@exemple.fr")
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "oubli@exemple.fr"})
    assert reponse["Location"] == reverse("comptes:mot_de_passe_envoye")
    assert attendre(lambda: len(mail.outbox) == 1)
    courriel = mail.outbox[0]
    assert courriel.to == ["oubli@exemple.fr"]
    assert courriel.subject == "AMI SPIE — choisir un nouveau mot de passe"
    lien = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+)", courriel.body).group(1)

    formulaire = client.get(lien, follow=True)
    assert "Choisir un nouveau mot de passe" in formulaire.content.decode()
    url = formulaire.redirect_chain[-1][0]
    trop_court = client.post(url, {"new_password1": "court", "new_password2": "court"})
    assert "trop court" in trop_court.content.decode()
    nouveau = "un-nouveau-mot-de-passe-solide"
    reponse = client.post(url, {"new_password1": nouveau, "new_password2": nouveau})
    assert reponse["Location"] == reverse("comptes:mot_de_passe_modifie")
    assert User.objects.get(email="oubli@exemple.fr").check_password(nouveau)


def test_mot_de_passe_oublie_adresse_inconnue_ne_revele_rien(client, celery_worker_si_redis):
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "inconnu@exemple.fr"})
    assert reponse["Location"] == reverse("comptes:mot_de_passe_envoye")
    assert mail.outbox == []
