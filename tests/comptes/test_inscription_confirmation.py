"""« Créer un compte » (issue 15 item 1), the link: the account inactive until its link is followed (24 h,
once), the organisation created at the confirmation with its référent, or a request to join it when its
SIRET is known, the same answer for an address already used, a new link."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from candidatures.depot import deposer
from candidatures.models import Dossier, Etat
from comptes import inscription
from comptes.models import (
    DemandeAdhesion,
    EtatDemande,
    Inscription,
    Organisation,
    Role,
    TypeEvenement,
    User,
)
from demo.exemples import dossier_complet
from tests.comptes.outils import (
    INSCRIPTION,
    LIEN_INSCRIPTION,
    connexion,
    evenements,
    formulaire_inscription,
    lien_du_courriel,
)
from tests.comptes.outils import page_sans_entites as page
from tests.comptes_gestion.outils import MOT_DE_PASSE_CHOISI
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ENVOYEE = reverse("comptes:inscription_envoyee")
NOUVEAU_LIEN = reverse("comptes:inscription_nouveau_lien")


def inscrire(client, django_capture_on_commit_callbacks, **champs):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(INSCRIPTION, formulaire_inscription(**champs))


# Sign-up and confirmation ------------------------------------------------------------------------------


def test_creer_un_compte_puis_confirmer_son_adresse(client, django_capture_on_commit_callbacks):
    reponse = inscrire(client, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302 and reponse["Location"] == ENVOYEE
    assert "camille.martin@plie-lille.fr" in page(client.get(ENVOYEE))

    compte = User.objects.get()
    assert compte.email == "camille.martin@plie-lille.fr"
    assert (compte.role, compte.organisation, compte.is_active, compte.adresse_confirmee) == (
        Role.CANDIDAT,
        None,
        False,
        False,
    )
    assert compte.check_password(MOT_DE_PASSE_CHOISI) and not compte.referent
    declaree = compte.inscription
    assert (
        declaree.siret,
        declaree.nom_organisation,
        declaree.type_organisation,
        declaree.departement_id,
    ) == (
        "73282932000074",
        "PLIE de la métropole lilloise",
        "plie",
        "59",
    )
    assert declaree.confirmee_le is None
    assert not Organisation.objects.exists()  # an unconfirmed sign-up takes no SIRET
    (evenement,) = evenements(TypeEvenement.INSCRIPTION)
    assert evenement.compte == compte and "73282932000074" in evenement.objet

    (message,) = mail.outbox
    assert message.to == ["camille.martin@plie-lille.fr"]
    assert message.subject.endswith("confirmez votre adresse électronique")
    assert "valable 24 heures, une seule fois" in message.body
    lien = lien_du_courriel(message.body, LIEN_INSCRIPTION)

    # Unconfirmed: no login, and the error says what to do (without saying the account exists).
    refus = connexion(client, compte.email, MOT_DE_PASSE_CHOISI)
    assert not refus.wsgi_request.user.is_authenticated
    assert "confirmez d’abord votre adresse avec le lien reçu" in page(refus)

    # The link shows a button (a mail scanner opening it confirms nothing); the button confirms.
    confirmation = client.get(lien)
    assert "Confirmer mon adresse et activer mon compte" in page(confirmation)
    compte.refresh_from_db()
    assert not compte.is_active
    reponse = client.post(lien)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("candidatures:mes_dossiers")
    arrivee = client.get(reponse["Location"])
    assert arrivee.wsgi_request.user == compte
    assert "Votre adresse est confirmée" in page(arrivee) and "vous en êtes le référent" in page(arrivee)

    compte.refresh_from_db()
    assert compte.is_active and compte.adresse_confirmee and compte.referent
    organisation = compte.organisation
    assert (organisation.nom, organisation.siret, organisation.type, organisation.departement_id) == (
        "PLIE de la métropole lilloise",
        "73282932000074",
        "plie",
        "59",
    )
    assert Inscription.objects.get().confirmee_le is not None
    (confirmee,) = evenements(TypeEvenement.ADRESSE_CONFIRMEE)
    assert confirmee.compte == compte and "Organisation créée" in confirmee.objet

    # Once only: the link no longer works, for GET and POST alike.
    client.logout()
    for methode in (client.get, client.post):
        invalide = page(methode(lien))
        assert "Ce lien n’est plus valable" in invalide and "Recevoir un nouveau lien" in invalide
    assert not client.session.get("_auth_user_id")
    # And the account logs in with its password.
    reponse = connexion(client, compte.email, MOT_DE_PASSE_CHOISI)
    assert reponse["Location"] == reverse("comptes:espace")


def test_un_nouveau_venu_depose_un_dossier_sans_administrateur(
    client, django_capture_on_commit_callbacks, appel_ouvert
):
    inscrire(client, django_capture_on_commit_callbacks)
    client.post(lien_du_courriel(mail.outbox[0].body, LIEN_INSCRIPTION))
    compte = User.objects.get()
    reponse = client.post(reverse("candidatures:creer"), {"intitule": "SPIE de la métropole lilloise"})
    dossier = Dossier.objects.get()
    assert reponse.status_code == 302 and dossier.organisation == compte.organisation
    dossier_complet(dossier, user=compte)
    assert deposer(dossier.pk, compte).depose
    assert Dossier.objects.get().etat == Etat.DEPOSE


def test_le_lien_expire_apres_24_heures(client, django_capture_on_commit_callbacks, monkeypatch):
    inscrire(client, django_capture_on_commit_callbacks)
    lien = lien_du_courriel(mail.outbox[0].body, LIEN_INSCRIPTION)
    maintenant = datetime.datetime.now()
    monkeypatch.setattr(
        inscription.jeton_inscription, "_now", lambda: maintenant + datetime.timedelta(hours=23)
    )
    assert "Confirmer mon adresse" in page(client.get(lien))
    monkeypatch.setattr(
        inscription.jeton_inscription, "_now", lambda: maintenant + datetime.timedelta(hours=25)
    )
    assert "Ce lien n’est plus valable" in page(client.get(lien))
    client.post(lien)
    assert not User.objects.get().is_active

    # A new link, asked from that page: it works.
    monkeypatch.undo()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(NOUVEAU_LIEN, {"email": "CAMILLE.martin@plie-lille.fr"})
    assert reponse["Location"] == ENVOYEE
    (message,) = mail.outbox
    assert client.post(lien_du_courriel(message.body, LIEN_INSCRIPTION))["Location"] == reverse(
        "candidatures:mes_dossiers"
    )
    assert User.objects.get().is_active


def test_un_lien_altere_ne_confirme_rien(client, django_capture_on_commit_callbacks):
    inscrire(client, django_capture_on_commit_callbacks)
    uid, jeton = lien_du_courriel(mail.outbox[0].body, LIEN_INSCRIPTION).split("/")[-3:-1]
    autre = jeton[:-1] + ("0" if jeton[-1] != "0" else "1")
    for uid_, jeton_ in (
        (uid, "abc-123"),
        (uid, autre),
        (uid, "sanstiret"),
        ("Zm9v", jeton),
        ("MTIzNDU2", jeton),
    ):
        chemin = reverse("comptes:confirmer_adresse", kwargs={"uidb64": uid_, "token": jeton_})
        assert "Ce lien n’est plus valable" in page(client.post(chemin)), chemin
    assert not User.objects.get().is_active


def test_le_jeton_d_inscription_n_est_pas_celui_du_mot_de_passe(client, django_capture_on_commit_callbacks):
    """A password-reset token of the same account never confirms it (another salt), and the sign-up's
    never sets a password."""
    from django.contrib.auth.tokens import default_token_generator

    inscrire(client, django_capture_on_commit_callbacks)
    compte = User.objects.get()
    assert not inscription.jeton_inscription.check_token(compte, default_token_generator.make_token(compte))
    assert not default_token_generator.check_token(compte, inscription.jeton_inscription.make_token(compte))


# An address already used, a new link -------------------------------------------------------------------


def test_une_adresse_deja_inscrite_la_meme_reponse_et_un_courriel_au_titulaire(
    client, django_capture_on_commit_callbacks
):
    titulaire = UserFactory(email="camille.martin@plie-lille.fr", first_name="Camille")
    reponse = inscrire(client, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302 and reponse["Location"] == ENVOYEE
    assert User.objects.count() == 1 and not Inscription.objects.exists()
    titulaire.refresh_from_db()
    assert titulaire.check_password(MOT_DE_PASSE) and titulaire.is_active
    (message,) = mail.outbox
    assert message.to == [titulaire.email]
    assert "Quelqu'un a voulu créer un compte" in message.body
    assert "/compte/inscription/confirmer/" not in message.body
    (evenement,) = evenements(TypeEvenement.INSCRIPTION)
    assert evenement.compte == titulaire and evenement.details == {"adresse_deja_inscrite": True}

    # The page says the same as for a new address.
    nouveau = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        nouveau.post(INSCRIPTION, formulaire_inscription(email="autre@plie-lille.fr"))

    def sans_jeton(reponse, adresse):
        contenu = page(reponse).replace(adresse, "ADRESSE")
        return re.sub(r'(name="csrf-token" content=")[^"]+|nonce="[^"]+"', "", contenu)

    assert sans_jeton(client.get(ENVOYEE), titulaire.email) == sans_jeton(
        nouveau.get(ENVOYEE), "autre@plie-lille.fr"
    )


def test_deux_inscriptions_de_la_meme_adresse_au_meme_instant(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """The other request created the account between the look-up and the save: the same answer."""
    titulaire = UserFactory(email="camille.martin@plie-lille.fr")
    filtre = User.objects.filter
    appels = []

    def pas_encore_la(*args, **kwargs):
        appels.append(kwargs)
        return User.objects.none() if len(appels) == 1 else filtre(*args, **kwargs)

    monkeypatch.setattr(User.objects, "filter", pas_encore_la)
    reponse = inscrire(client, django_capture_on_commit_callbacks)
    assert reponse["Location"] == ENVOYEE
    assert User.objects.count() == 1 and not Inscription.objects.exists()
    assert [m.to for m in mail.outbox] == [[titulaire.email]]


def test_une_inscription_en_attente_recoit_un_nouveau_lien_sans_changer_de_mot_de_passe(
    client, django_capture_on_commit_callbacks
):
    inscrire(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    inscrire(
        client,
        django_capture_on_commit_callbacks,
        password1="Autre-mot-de-passe-2021",
        password2="Autre-mot-de-passe-2021",
    )
    compte = User.objects.get()
    assert compte.check_password(MOT_DE_PASSE_CHOISI)
    (message,) = mail.outbox
    assert "attend déjà sa confirmation" in message.body
    assert client.post(lien_du_courriel(message.body, LIEN_INSCRIPTION))["Location"] == reverse(
        "candidatures:mes_dossiers"
    )


@pytest.mark.parametrize("cas", ["inconnue", "confirmee"])
def test_nouveau_lien_la_meme_reponse_sans_courriel(client, django_capture_on_commit_callbacks, cas):
    if cas == "confirmee":
        UserFactory(email="camille@exemple.fr")
    assert "Recevoir un nouveau lien" in page(client.get(NOUVEAU_LIEN))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(NOUVEAU_LIEN, {"email": "camille@exemple.fr"})
    assert reponse["Location"] == ENVOYEE
    assert mail.outbox == []
    erreur = client.post(NOUVEAU_LIEN, {"email": "camille@"})
    assert erreur.status_code == 422 and "Saisissez une adresse électronique valide" in page(erreur)


# A SIRET already known ---------------------------------------------------------------------------------


def test_siret_existant_la_confirmation_demande_a_rejoindre_l_organisation(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(nom="PLIE de Lille", siret="73282932000074")
    membre = UserFactory(organisation=organisation, email="membre@plie-lille.fr", referent=True)
    inscrire(client, django_capture_on_commit_callbacks, nom_organisation="Un autre nom")
    lien = lien_du_courriel(mail.outbox.pop().body, LIEN_INSCRIPTION)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(lien)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("comptes:equipe")

    compte = User.objects.get(email="camille.martin@plie-lille.fr")
    assert compte.is_active and compte.adresse_confirmee
    assert compte.organisation is None and not compte.referent  # not in silently
    demande = DemandeAdhesion.objects.get()
    assert (demande.demandeur, demande.organisation, demande.etat) == (
        compte,
        organisation,
        EtatDemande.EN_ATTENTE,
    )
    assert Organisation.objects.count() == 1 and Organisation.objects.get().nom == "PLIE de Lille"
    assert [m.to for m in mail.outbox] == [[membre.email]]
    (confirmee,) = evenements(TypeEvenement.ADRESSE_CONFIRMEE)
    assert "Demande pour rejoindre PLIE de Lille" in confirmee.objet
    # Logged in, on the page of the team (his request), with the message.
    equipe = client.get(reponse["Location"])
    assert equipe.status_code == 200 and equipe.wsgi_request.user == compte
    assert "votre demande pour la rejoindre est envoyée à ses membres" in page(equipe)


def test_deux_inscriptions_du_meme_siret_la_premiere_cree_la_seconde_demande(
    client, django_capture_on_commit_callbacks
):
    inscrire(client, django_capture_on_commit_callbacks)
    inscrire(
        client, django_capture_on_commit_callbacks, email="dominique@plie-lille.fr", first_name="Dominique"
    )
    premier, second = (
        User.objects.get(email=e) for e in ("camille.martin@plie-lille.fr", "dominique@plie-lille.fr")
    )
    assert inscription.confirmer(premier) is None
    demande = inscription.confirmer(second)
    premier.refresh_from_db()
    second.refresh_from_db()
    assert premier.referent and premier.organisation is not None
    assert second.organisation is None and demande.organisation == premier.organisation
    assert inscription.confirmer(second) is None  # once only
