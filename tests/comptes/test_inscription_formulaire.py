"""« Créer un compte » (issue 15 item 1), the form: reached from the login page, each field's French error
next to it, nothing typed lost but the password. The link and the confirmation:
``test_inscription_confirmation.py``; the purge: ``test_inscription_purge.py``."""

import pytest
from django.urls import reverse

from comptes.models import (
    Inscription,
    User,
)
from tests.comptes.outils import (
    INSCRIPTION,
    SIRET,
    formulaire_inscription,
)
from tests.comptes.outils import page_sans_entites as page
from tests.comptes_gestion.outils import MOT_DE_PASSE_CHOISI, groupe

pytestmark = pytest.mark.django_db

ENVOYEE = reverse("comptes:inscription_envoyee")
NOUVEAU_LIEN = reverse("comptes:inscription_nouveau_lien")


# The form ----------------------------------------------------------------------------------------------


def test_la_connexion_mene_a_la_creation_de_compte(client):
    contenu = page(client.get(reverse("comptes:connexion")))
    assert "Vous n’avez pas de compte ?" in contenu
    assert f'href="{INSCRIPTION}"' in contenu and "Créer un compte" in contenu
    assert "Les comptes sont créés par l'équipe" not in contenu
    formulaire_vide = page(client.get(INSCRIPTION))
    for texte in ("Vous", "Votre organisation", "Au moins 12 caractères", "SIRET de l’organisation"):
        assert texte in formulaire_vide
    assert "Plan local pour l'insertion" not in formulaire_vide  # the current list of types
    assert ">PLIE</option>" in formulaire_vide and "59 — Nord" in formulaire_vide


def test_formulaire_vide_chaque_champ_dit_ce_qui_manque(client):
    reponse = client.post(INSCRIPTION, dict.fromkeys(formulaire_inscription(), ""))
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Votre compte n’est pas encore créé" in contenu
    for nom, message in {
        "email": "Saisissez votre adresse électronique.",
        "first_name": "Saisissez votre prénom.",
        "last_name": "Saisissez votre nom.",
        "password1": "Choisissez un mot de passe.",
        "password2": "Saisissez le mot de passe une seconde fois.",
        "siret": "Saisissez le SIRET de votre organisation (14 chiffres).",
        "nom_organisation": "Saisissez le nom de votre organisation.",
        "type_organisation": "Choisissez le type de porteur.",
        "departement": "Choisissez le département de votre organisation.",
    }.items():
        assert message in groupe(contenu, f"id_{nom}"), nom
    assert not User.objects.exists() and not Inscription.objects.exists()


@pytest.mark.parametrize(
    ("champs", "nom", "message"),
    [
        ({"siret": "732 829 320 00075"}, "siret", "Ce SIRET n'est pas valide : vérifiez les 14 chiffres."),
        ({"siret": "1234"}, "siret", "Le SIRET doit comporter 14 chiffres."),
        ({"email": "camille@"}, "email", "Saisissez une adresse électronique valide"),
        ({"password1": "court-2021", "password2": "court-2021"}, "password1", "trop court"),
        ({"password1": "123456789012345", "password2": "123456789012345"}, "password1", "entièrement"),
        ({"password1": "1qaz2wsx3edc", "password2": "1qaz2wsx3edc"}, "password1", "trop courant"),
        (
            {"password1": "camille.martin@plie-lille.fr", "password2": "camille.martin@plie-lille.fr"},
            "password1",
            "trop semblable",
        ),
        ({"password2": "Insertion-et-emploi-2022"}, "password2", "Les deux mots de passe ne sont pas"),
        ({"type_organisation": "prefecture"}, "type_organisation", "Choisissez l’un des types proposés."),
        ({"departement": "999"}, "departement", "Choisissez l’un des départements proposés."),
    ],
)
def test_une_erreur_a_cote_du_champ_rien_de_perdu_sauf_le_mot_de_passe(client, champs, nom, message):
    reponse = client.post(INSCRIPTION, formulaire_inscription(**champs))
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert message in groupe(contenu, f"id_{nom}")
    donnees = formulaire_inscription(**champs)
    for champ in ("email", "first_name", "last_name", "nom_organisation"):
        assert f'value="{donnees[champ]}"' in contenu, champ
    if nom != "siret":
        assert f'value="{SIRET}"' in contenu
    assert MOT_DE_PASSE_CHOISI not in contenu and 'name="password1" value' not in contenu
    assert not User.objects.exists()
