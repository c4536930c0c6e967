"""The ProConnect client (issue 15 item 4) against a real OpenID provider started for the session
(``tests/oidc/fixtures.py``): the portal's requests go through Django's test client, the provider's are
real HTTP — the token exchange, the JWKS and the userinfo included. Nothing of the client is mocked."""

import base64
import hashlib

import pytest
from django.urls import reverse

from comptes.models import EvenementSecurite, Role, TypeEvenement, User
from comptes.proconnect import SESSION_JETON, SESSION_PROCONNECT, url_de_deconnexion
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.oidc.fixtures import AGENT, INCONNU, INSTRUCTEUR, configurer
from tests.oidc.outils import autoriser, demander, parametres, retour, se_connecter

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    """The agent that the provider knows as « Morgane.Lefebvre@nord.gouv.fr »: same address, other case."""
    return UserFactory(agent=True, email=AGENT.lower(), first_name="", last_name="")


def connecte(client):
    return "_auth_user_id" in client.session


def refus_sur_la_page_de_connexion(reponse):
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("comptes:connexion")


def evenements(type_):
    return list(EvenementSecurite.objects.filter(type=type_))


# The authorization request: state, nonce, PKCE ----------------------------------------------------------


def test_la_demande_d_autorisation_porte_pkce_state_et_nonce(client, proconnect):
    url = demander(client)
    assert url.startswith(proconnect["OIDC_OP_AUTHORIZATION_ENDPOINT"] + "?")
    demande = parametres(url)
    assert demande["response_type"] == "code"
    assert demande["client_id"] == "portail-ami-spie"
    assert demande["redirect_uri"] == "http://testserver/oidc/callback/"
    assert demande["scope"] == "openid email given_name usual_name"
    assert demande["code_challenge_method"] == "S256"
    assert len(demande["state"]) >= 32 and len(demande["nonce"]) >= 32
    # The session keeps, for this state, the nonce and the verifier whose SHA-256 is the challenge.
    gardes = client.session["oidc_states"][demande["state"]]
    assert gardes["nonce"] == demande["nonce"]
    empreinte = hashlib.sha256(gardes["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(empreinte).rstrip(b"=").decode() == demande["code_challenge"]


def test_sans_pkce_le_fournisseur_refuse_la_demande(client, proconnect, settings, agent):
    """The provider requires PKCE: without it, it answers the portal with an error; nobody is logged in."""
    settings.OIDC_USE_PKCE = False
    url = demander(client)
    assert "code_challenge" not in parametres(url)
    callback = autoriser(url, AGENT)
    assert parametres(callback)["error"] == "invalid_request"
    refus_sur_la_page_de_connexion(retour(client, callback))
    assert not connecte(client)


# A known agent ------------------------------------------------------------------------------------------


def test_un_agent_connu_est_connecte_a_son_compte(client, proconnect, agent):
    reponse = se_connecter(client, AGENT)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("comptes:espace")
    assert client.session["_auth_user_id"] == str(agent.pk)
    assert client.session[SESSION_PROCONNECT] is True
    assert client.session[SESSION_JETON]  # the logout's id_token_hint
    assert client.get(reponse["Location"]).status_code == 302  # his space, then his territory's page
    agent.refresh_from_db()
    assert (agent.first_name, agent.last_name) == ("Morgane", "Lefebvre")  # filled, as they were empty
    # One entry in the journal, by the backend (not also a password « Connexion »).
    assert [e.compte for e in evenements(TypeEvenement.CONNEXION_PROCONNECT)] == [agent]
    assert evenements(TypeEvenement.CONNEXION) == []
    assert evenements(TypeEvenement.ECHEC_CONNEXION) == []


def test_un_nom_deja_donne_reste_celui_de_la_personne(client, proconnect):
    instructeur = UserFactory(
        instructeur=True, email=INSTRUCTEUR, first_name="Alexandra", last_name="Durand-Roy"
    )
    se_connecter(client, INSTRUCTEUR)
    instructeur.refresh_from_db()
    assert connecte(client) and (instructeur.first_name, instructeur.last_name) == ("Alexandra", "Durand-Roy")


def test_un_candidat_peut_aussi_se_connecter(client, proconnect):
    candidat = UserFactory(email=INSTRUCTEUR)  # a porteur's staff with a public agent's identity
    se_connecter(client, INSTRUCTEUR)
    assert client.session["_auth_user_id"] == str(candidat.pk)


def test_la_connexion_par_mot_de_passe_reste_la_meme(client, proconnect, agent):
    reponse = client.post(reverse("comptes:connexion"), {"username": agent.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302 and connecte(client)
    assert SESSION_PROCONNECT not in client.session
    assert len(evenements(TypeEvenement.CONNEXION)) == 1
    assert evenements(TypeEvenement.CONNEXION_PROCONNECT) == []


# No account for the address: the French page, never an account ---------------------------------------


@pytest.mark.parametrize(
    ("compte", "motif", "titre"),
    [
        (None, "aucun compte à cette adresse", "Aucun compte ne correspond à votre identité ProConnect"),
        ({"agent": True, "is_active": False}, "compte désactivé", "Votre compte est désactivé"),
        (
            {"adresse_confirmee": False, "organisation": None},
            "adresse pas encore confirmée",
            "pas encore confirmée",
        ),
        (
            {"administrateur": True},
            "profil connecté par mot de passe uniquement",
            "se connecte avec son mot de passe",
        ),
    ],
)
def test_une_adresse_sans_compte_utilisable_arrive_sur_la_page_francaise(
    client, proconnect, compte, motif, titre
):
    existant = UserFactory(email=INCONNU.upper(), **compte) if compte else None
    nombre = User.objects.count()
    reponse = se_connecter(client, INCONNU)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("comptes:proconnect_inconnu")
    assert not connecte(client) and SESSION_JETON not in client.session
    page = client.get(reponse["Location"])
    assert page.status_code == 403
    texte = page.content.decode()
    assert titre in texte and INCONNU in texte
    assert "amispie@emploi.gouv.fr" in texte  # whom to ask: the call's contact address
    assert User.objects.count() == nombre  # no account created
    [echec] = evenements(TypeEvenement.ECHEC_CONNEXION)
    assert (echec.identifiant, echec.compte, echec.details["motif"]) == (INCONNU, existant, motif)


# Refusals: state, nonce, signature, issuer ---------------------------------------------------------------


def test_un_state_faux_est_refuse(client, proconnect, agent):
    callback = autoriser(demander(client), AGENT)
    state = parametres(callback)["state"]
    refus_sur_la_page_de_connexion(retour(client, callback.replace(state, "x" * len(state))))
    assert not connecte(client)
    assert [e.details["motif"] for e in evenements(TypeEvenement.ECHEC_CONNEXION)] == [
        "réponse du fournisseur invalide"
    ]


def test_un_retour_sans_demande_de_cette_session_est_refuse(client, proconnect, agent):
    """The provider's return replayed in another browser (its state is not in that session)."""
    callback = autoriser(demander(client), AGENT)
    autre = client.__class__()
    demander(autre)
    refus_sur_la_page_de_connexion(retour(autre, callback))
    assert not connecte(autre)


def test_un_retour_rejoue_est_refuse(client, proconnect, agent):
    callback = autoriser(demander(client), AGENT)
    assert retour(client, callback)["Location"] == reverse("comptes:espace")
    client.logout()
    refus_sur_la_page_de_connexion(retour(client, callback))  # its state was used once
    assert not connecte(client)


def test_un_nonce_faux_est_refuse(client, proconnect, agent):
    url = demander(client)
    session = client.session
    session["oidc_states"][parametres(url)["state"]]["nonce"] = "n" * 43
    session.save()
    refus_sur_la_page_de_connexion(retour(client, autoriser(url, AGENT)))
    assert not connecte(client)


def test_le_nonce_d_une_autre_demande_est_refuse(client, proconnect, agent):
    """The code of a first demand (its ID token carries that demand's nonce) brought back with the state of
    a second one — even with the first one's PKCE verifier, the nonce does not match."""
    premiere = demander(client)
    callback = autoriser(premiere, AGENT)
    seconde = demander(client)
    session = client.session
    etats = session["oidc_states"]
    etats[parametres(seconde)["state"]]["code_verifier"] = etats[parametres(premiere)["state"]][
        "code_verifier"
    ]
    session.save()
    detourne = callback.replace(parametres(callback)["state"], parametres(seconde)["state"])
    refus_sur_la_page_de_connexion(retour(client, detourne))
    assert not connecte(client)


def test_une_signature_d_une_autre_cle_est_refusee(client, proconnect, agent, settings, fournisseur_oidc):
    """The JWKS publishes another key under the same kid: the ID token's signature does not verify."""
    configurer(
        settings,
        fournisseur_oidc.environnement(PROCONNECT_JWKS_ENDPOINT=f"{fournisseur_oidc.url}/autre-cle/jwks"),
    )
    refus_sur_la_page_de_connexion(se_connecter(client, AGENT))
    assert not connecte(client)


def test_un_jeton_d_un_autre_emetteur_est_refuse(client, agent, settings, fournisseur_oidc):
    """The portal expects another issuer (the endpoints are the provider's): its ID token is refused."""
    emetteur = fournisseur_oidc.emetteur
    configurer(
        settings,
        fournisseur_oidc.environnement(
            PROCONNECT_URL="https://auth.agentconnect.gouv.fr/api/v2",
            **{
                f"PROCONNECT_{nom}_ENDPOINT": f"{emetteur}/{chemin}"
                for nom, chemin in (
                    ("AUTHORIZATION", "authorize"),
                    ("TOKEN", "token"),
                    ("USERINFO", "userinfo"),
                    ("JWKS", "jwks"),
                    ("LOGOUT", "session/end"),
                )
            },
        ),
    )
    refus_sur_la_page_de_connexion(se_connecter(client, AGENT))
    assert not connecte(client)


def test_une_erreur_du_fournisseur_ramene_a_la_connexion(client, proconnect):
    demander(client)
    reponse = client.get("/oidc/callback/?error=access_denied&state=x")
    refus_sur_la_page_de_connexion(reponse)
    page = client.get(reponse["Location"])
    assert "La connexion avec ProConnect n’a pas abouti" in page.content.decode()


# The logout ---------------------------------------------------------------------------------------------


def test_la_deconnexion_d_une_session_proconnect_termine_celle_du_fournisseur(client, proconnect, agent):
    se_connecter(client, AGENT)
    jeton = client.session[SESSION_JETON]
    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(proconnect["OIDC_OP_LOGOUT_ENDPOINT"] + "?")
    fin = parametres(reponse["Location"])
    assert fin["id_token_hint"] == jeton
    assert fin["post_logout_redirect_uri"] == "http://testserver/"
    assert len(fin["state"]) >= 32
    assert not connecte(client)
    assert len(evenements(TypeEvenement.DECONNEXION)) == 1


def test_la_deconnexion_d_une_session_par_mot_de_passe_reste_la_meme(client, proconnect, agent):
    client.force_login(agent)
    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accueil")
    assert not connecte(client)


def test_l_url_de_deconnexion_sans_session_proconnect(rf, proconnect):
    requete = rf.post("/compte/deconnexion/")
    requete.session = {}
    assert url_de_deconnexion(requete) == reverse("accueil")


# Not configured: nothing -----------------------------------------------------------------------------------


def test_non_configure_rien_n_apparait(client, settings):
    assert settings.PROCONNECT_ACTIF is False
    page = client.get(reverse("comptes:connexion")).content.decode()
    assert "ProConnect</span>" not in page and "/oidc/" not in page
    for chemin in (
        "/oidc/authenticate/",
        "/oidc/callback/?code=x&state=y",
        reverse("comptes:proconnect_inconnu"),
    ):
        assert client.get(chemin).status_code == 404, chemin
    agent = UserFactory(agent=True, role=Role.AGENT)
    reponse = client.post(reverse("comptes:connexion"), {"username": agent.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302 and connecte(client)
    assert client.post(reverse("comptes:deconnexion"))["Location"] == reverse("accueil")


def test_configure_le_bouton_apparait(client, proconnect):
    page = client.get(reverse("comptes:connexion") + "?next=/exports/").content.decode()
    assert 'href="/oidc/authenticate/?next=/exports/"' in page
    assert "Qu’est-ce que ProConnect ?" in page and 'class="fr-hr-or"' in page
