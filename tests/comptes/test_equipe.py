"""The team (issue 15 item 2): a request to join an organisation, answered by one of its members; the
invitation of a colleague, sent again, followed; the référent removes a member or passes his role on;
a member leaves. Every answer goes by mail (the outbox) and into the security journal."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from comptes import equipe
from comptes.models import (
    DemandeAdhesion,
    EtatDemande,
    EvenementSecurite,
    InvitationEquipe,
    Role,
    SessionUtilisateur,
    TypeEvenement,
    User,
)
from tests.comptes.outils import courriels_a, lien_d_invitation, un_courriel_a
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

EQUIPE = reverse("comptes:equipe")
MOT_DE_PASSE_CHOISI = "Insertion-et-emploi-2021"


@pytest.fixture
def referent(candidat):
    candidat.referent = True
    candidat.save(update_fields=["referent"])
    return candidat


@pytest.fixture
def organisation(referent):
    return referent.organisation


@pytest.fixture
def demandeur():
    """A sign-up with the SIRET of an existing organisation: a candidat without one."""
    return UserFactory(organisation=None, first_name="Sam", last_name="Nouveau", email="sam@exemple.fr")


@pytest.fixture
def demande(demandeur, organisation, collegue):
    return equipe.demander_adhesion(demandeur, organisation)


def connecte(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(reponse) -> str:
    return reponse.content.decode()


def evenements(type_):
    return list(EvenementSecurite.objects.filter(type=type_))


# ----- A request to join --------------------------------------------------------------------------


def test_la_demande_est_envoyee_a_chaque_membre_actif(demandeur, referent, collegue):
    inactif = UserFactory(organisation=referent.organisation, is_active=False)
    autre = UserFactory()  # another organisation's member

    demande = equipe.demander_adhesion(demandeur, referent.organisation)

    assert (demande.etat, demande.organisation, demande.demandeur) == (
        EtatDemande.EN_ATTENTE,
        referent.organisation,
        demandeur,
    )
    for membre in (referent, collegue):
        courriel = un_courriel_a(membre.email)
        assert "Sam Nouveau demande à rejoindre votre organisation" in courriel.sujet
        assert "sam@exemple.fr" in courriel.texte
        assert "http://127.0.0.1:8000/compte/equipe/" in courriel.texte or "/compte/equipe/" in courriel.texte
    assert courriels_a(inactif.email) == [] and courriels_a(autre.email) == []
    assert courriels_a(demandeur.email) == []
    (evenement,) = evenements(TypeEvenement.DEMANDE_ADHESION)
    assert evenement.compte == demandeur and referent.organisation.nom in evenement.objet


def test_une_seconde_demande_a_la_meme_organisation_ne_renvoie_rien(demande, demandeur, organisation):
    assert equipe.demander_adhesion(demandeur, organisation) == demande
    assert DemandeAdhesion.objects.count() == 1
    assert len(courriels_a(organisation.membres.first().email)) == 1


def test_une_demande_a_une_autre_organisation_retire_la_premiere(demande, demandeur):
    autre = UserFactory().organisation
    nouvelle = equipe.demander_adhesion(demandeur, autre)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.RETIREE and nouvelle.etat == EtatDemande.EN_ATTENTE


def test_une_organisation_sans_membre_previent_l_equipe_de_l_appel(demandeur):
    organisation = UserFactory(is_active=False).organisation
    equipe.demander_adhesion(demandeur, organisation)
    courriel = un_courriel_a(Appel.objects.courant().courriel_contact)
    assert "sans membre" in courriel.sujet
    assert reverse("comptes:compte", args=[demandeur.pk]) in courriel.texte


def test_l_administrateur_qui_rattache_le_demandeur_clot_sa_demande(demandeur):
    """An organisation without member: the call's team attaches the requester in « Comptes et rôles »;
    his request is answered by that change, not left pending."""
    from tests.comptes_gestion.outils import formulaire

    organisation = UserFactory(is_active=False).organisation
    autre = UserFactory().organisation
    demande = equipe.demander_adhesion(demandeur, organisation)
    administrateur = UserFactory(administrateur=True)
    client = connecte(administrateur)
    reponse = client.post(
        reverse("comptes:compte", args=[demandeur.pk]),
        formulaire(
            first_name="Sam", last_name="Nouveau", role=Role.CANDIDAT, organisation=str(organisation.pk)
        ),
    )
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert (demande.etat, demande.repondue_par) == (EtatDemande.ACCEPTEE, administrateur)

    # Attached elsewhere: the request is withdrawn.
    seconde = equipe.demander_adhesion(UserFactory(organisation=None, email="lou@exemple.fr"), organisation)
    client.post(
        reverse("comptes:compte", args=[seconde.demandeur.pk]),
        formulaire(first_name="Lou", last_name="Autre", role=Role.CANDIDAT, organisation=str(autre.pk)),
    )
    seconde.refresh_from_db()
    assert seconde.etat == EtatDemande.RETIREE


def test_un_membre_ne_demande_pas_a_rejoindre(referent):
    with pytest.raises(ValueError, match="déjà membre"):
        equipe.demander_adhesion(referent, referent.organisation)


def test_accepter_dans_la_page(demande, demandeur, collegue, organisation):
    dossier = DossierFactory(organisation=organisation, intitule="Le SPIE du Nord")
    client = connecte(collegue)  # any member answers, not only the référent
    contenu = page(client.get(EQUIPE))
    assert "Sam Nouveau" in contenu and "sam@exemple.fr" in contenu
    assert reverse("comptes:equipe_repondre", args=[demande.pk]) in contenu

    reponse = client.post(
        reverse("comptes:equipe_repondre", args=[demande.pk]), {f"demande-{demande.pk}-decision": "accepter"}
    )

    assert reponse.status_code == 302 and reponse["Location"] == EQUIPE
    demande.refresh_from_db()
    demandeur.refresh_from_db()
    assert (demande.etat, demande.repondue_par) == (EtatDemande.ACCEPTEE, collegue)
    assert demandeur.organisation == organisation and not demandeur.referent
    courriel = un_courriel_a(demandeur.email)
    assert f"vous avez rejoint {organisation.nom}" in courriel.sujet
    assert "Dominique Petit a accepté votre demande" in courriel.texte
    (evenement,) = evenements(TypeEvenement.ADHESION_ACCEPTEE)
    assert evenement.compte == collegue and evenement.details["demandeur"] == demandeur.pk
    assert "fait maintenant partie de l’équipe" in page(client.get(EQUIPE))
    # The new member sees the organisation's dossiers.
    nouveau = connecte(demandeur)
    assert "Le SPIE du Nord" in page(nouveau.get(reverse("candidatures:mes_dossiers")))
    assert nouveau.get(reverse("candidatures:apercu", args=[dossier.pk])).status_code == 200


def test_refuser_avec_un_motif(demande, demandeur, referent, organisation):
    dossier = DossierFactory(organisation=organisation)
    client = connecte(referent)
    client.post(
        reverse("comptes:equipe_repondre", args=[demande.pk]),
        {f"demande-{demande.pk}-decision": "refuser", f"demande-{demande.pk}-motif": "Inconnu du service."},
    )
    demande.refresh_from_db()
    demandeur.refresh_from_db()
    assert (demande.etat, demande.motif, demandeur.organisation) == (
        EtatDemande.REFUSEE,
        "Inconnu du service.",
        None,
    )
    courriel = un_courriel_a(demandeur.email)
    assert "est refusée" in courriel.sujet and "Motif indiqué : Inconnu du service." in courriel.texte
    assert len(evenements(TypeEvenement.ADHESION_REFUSEE)) == 1
    # The refused requester: his request's state, nothing of the organisation.
    refuse = connecte(demandeur)
    contenu = page(refuse.get(EQUIPE))
    assert "Votre demande a été refusée" in contenu and "Inconnu du service." in contenu
    assert "par Camille Martin" in contenu
    assert referent.email not in contenu and "Membres de l’équipe" not in contenu
    reponse = refuse.get(reverse("candidatures:mes_dossiers"))
    assert reponse.status_code == 302 and reponse["Location"] == EQUIPE
    assert refuse.get(reverse("candidatures:apercu", args=[dossier.pk])).status_code == 404
    reponse = refuse.post(reverse("candidatures:creer"), {"intitule": "Un dossier"})
    assert reponse.status_code == 302 and reponse["Location"] == EQUIPE


def test_une_demande_en_attente_se_lit_dans_la_page_du_demandeur(demande, demandeur, organisation):
    contenu = page(connecte(demandeur).get(EQUIPE))
    assert "Votre demande est en attente" in contenu
    assert f"le {timezone.localtime(demande.cree_le):%d/%m/%Y}" in contenu
    assert organisation.nom in contenu and "Membres de l’équipe" not in contenu


def test_une_demande_ne_recoit_qu_une_reponse(demande, referent, collegue):
    equipe.refuser(referent, demande, "")
    client = connecte(collegue)
    reponse = client.post(
        reverse("comptes:equipe_repondre", args=[demande.pk]),
        {f"demande-{demande.pk}-decision": "accepter"},
        follow=True,
    )
    assert "a déjà reçu une réponse" in page(reponse)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.REFUSEE


def test_un_membre_d_une_autre_organisation_ne_repond_pas(demande):
    autre = UserFactory()
    reponse = connecte(autre).post(
        reverse("comptes:equipe_repondre", args=[demande.pk]), {f"demande-{demande.pk}-decision": "accepter"}
    )
    assert reponse.status_code == 404
    with pytest.raises(PermissionDenied):
        equipe.accepter(autre, demande)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_ATTENTE
    assert "Sam Nouveau" not in page(connecte(autre).get(EQUIPE))


def test_une_organisation_sans_referent_en_recoit_un(demandeur):
    membre = UserFactory()  # no référent (an organisation created before the role existed)
    demande = equipe.demander_adhesion(demandeur, membre.organisation)
    equipe.accepter(membre, demande)
    demandeur.refresh_from_db()
    assert demandeur.referent


# ----- The page -----------------------------------------------------------------------------------


def test_la_page_montre_l_equipe(referent, collegue, organisation):
    collegue.telephone = "03 20 00 00 00"
    collegue.save(update_fields=["telephone"])
    UserFactory(organisation=organisation, is_active=False, email="parti@exemple.fr")
    UserFactory(email="ailleurs@exemple.fr")
    contenu = page(connecte(collegue).get(EQUIPE))
    assert "Mon équipe" in contenu and organisation.nom in contenu
    for texte in ("Camille Martin", referent.email, "Dominique Petit", collegue.email, "03 20 00 00 00"):
        assert texte in contenu
    assert "Référent" in contenu
    assert "parti@exemple.fr" not in contenu and "ailleurs@exemple.fr" not in contenu
    # Only the référent has the buttons.
    assert reverse("comptes:equipe_retirer", args=[referent.pk]) not in contenu
    contenu = page(connecte(referent).get(EQUIPE))
    assert reverse("comptes:equipe_retirer", args=[collegue.pk]) in contenu
    assert reverse("comptes:equipe_referent", args=[collegue.pk]) in contenu
    assert reverse("comptes:equipe_retirer", args=[referent.pk]) not in contenu


def test_mon_equipe_au_menu_des_candidats(candidat, instructeur):
    assert 'href="/compte/equipe/"' in page(connecte(candidat).get(EQUIPE))
    assert connecte(instructeur).get(EQUIPE).status_code == 403


def test_le_nombre_de_requetes_de_la_page_ne_grandit_pas(
    referent, organisation, django_assert_max_num_queries
):
    client = connecte(referent)

    def peupler(n):
        for i in range(n):
            UserFactory(organisation=organisation)
            equipe.demander_adhesion(UserFactory(organisation=None), organisation)
            equipe.inviter_collegue(referent, f"invite{i}-{InvitationEquipe.objects.count()}@exemple.fr")

    peupler(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as une:
        assert client.get(EQUIPE).status_code == 200
    peupler(4)
    with django_assert_max_num_queries(len(une.captured_queries)):
        assert client.get(EQUIPE).status_code == 200


# ----- Invitations --------------------------------------------------------------------------------


def test_inviter_un_collegue_puis_creer_son_compte(referent, organisation):
    client = connecte(referent)
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": "Nouvelle@Exemple.fr"}, follow=True)
    assert "L’invitation est envoyée à nouvelle@exemple.fr" in page(reponse)
    invitation = InvitationEquipe.objects.get()
    assert (invitation.email, invitation.organisation, invitation.invite_par) == (
        "nouvelle@exemple.fr",
        organisation,
        referent,
    )
    courriel = un_courriel_a("nouvelle@exemple.fr")
    assert "Camille Martin vous invite à rejoindre" in courriel.sujet
    lien = lien_d_invitation(courriel.texte)
    jeton = lien.rstrip("/").rsplit("/", 1)[1]
    assert (
        invitation.empreinte == hashlib.sha256(jeton.encode()).hexdigest()
        and jeton not in invitation.empreinte
    )
    assert "nouvelle@exemple.fr" in page(client.get(EQUIPE))  # « Invitations en cours »
    assert len(evenements(TypeEvenement.INVITATION_EQUIPE)) == 1

    invite = Client()
    contenu = page(invite.get(lien))
    assert f"Rejoindre l’équipe de {organisation.nom}" in contenu and "nouvelle@exemple.fr" in contenu
    reponse = invite.post(
        lien,
        {
            "first_name": "Lou",
            "last_name": "Bernard",
            "password1": MOT_DE_PASSE_CHOISI,
            "password2": MOT_DE_PASSE_CHOISI,
        },
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("candidatures:mes_dossiers")
    compte = User.objects.get(email="nouvelle@exemple.fr")
    assert (
        compte.role,
        compte.organisation,
        compte.is_active,
        compte.adresse_confirmee,
        compte.referent,
    ) == (
        Role.CANDIDAT,
        organisation,
        True,
        True,
        False,
    )
    assert compte.get_full_name() == "Lou Bernard" and compte.check_password(MOT_DE_PASSE_CHOISI)
    assert invite.get(reverse("candidatures:mes_dossiers")).status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.acceptee_le and invitation.compte == compte
    (evenement,) = evenements(TypeEvenement.INVITATION_ACCEPTEE)
    assert evenement.compte == compte
    assert "Lou Bernard a rejoint votre équipe" in un_courriel_a(referent.email).sujet
    # One use.
    assert "a déjà servi" in page(Client().get(lien))
    connexion = {"username": "nouvelle@exemple.fr", "password": MOT_DE_PASSE_CHOISI}
    assert Client().post(reverse("comptes:connexion"), connexion).status_code == 302


def test_renvoyer_une_invitation_remplace_le_lien(referent):
    equipe.inviter_collegue(referent, "lou@exemple.fr")
    ancien = lien_d_invitation(courriels_a("lou@exemple.fr")[0].texte)
    client = connecte(referent)
    client.post(reverse("comptes:equipe_inviter"), {"email": "lou@exemple.fr"})  # the same address again
    invitation = InvitationEquipe.objects.get()
    client.post(reverse("comptes:equipe_renvoyer", args=[invitation.pk]))  # « Renvoyer »
    assert InvitationEquipe.objects.count() == 1
    liens = [lien_d_invitation(c.texte) for c in courriels_a("lou@exemple.fr")]
    assert len(set(liens)) == 3
    for lien in liens[:2]:
        assert "une invitation plus récente l’a remplacé" in page(Client().get(lien))
    assert "Créer mon compte" in page(Client().get(liens[2]))
    assert ancien == liens[0]
    assert [e.details["renvoi"] for e in evenements(TypeEvenement.INVITATION_EQUIPE)] == [True, True, False]


def test_annuler_une_invitation(referent):
    invitation = equipe.inviter_collegue(referent, "lou@exemple.fr")
    lien = reverse("comptes:invitation_equipe", args=[invitation.jeton])
    connecte(referent).post(reverse("comptes:equipe_annuler", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.annulee_le
    assert "a été annulée" in page(Client().get(lien))
    assert "lou@exemple.fr" not in page(connecte(referent).get(EQUIPE))
    # A new invitation may be sent after a cancelled one.
    assert equipe.inviter_collegue(referent, "lou@exemple.fr").pk != invitation.pk


def test_une_invitation_expire(referent, settings):
    invitation = equipe.inviter_collegue(referent, "lou@exemple.fr")
    lien = reverse("comptes:invitation_equipe", args=[invitation.jeton])
    InvitationEquipe.objects.filter(pk=invitation.pk).update(
        envoyee_le=timezone.now() - timedelta(days=settings.INVITATION_EQUIPE_JOURS, minutes=1)
    )
    contenu = page(Client().get(lien))
    assert "a expiré" in contenu and "7 jours" in contenu
    assert "Expiré" in page(connecte(referent).get(EQUIPE))
    reponse = Client().post(
        lien,
        {
            "first_name": "Lou",
            "last_name": "B",
            "password1": MOT_DE_PASSE_CHOISI,
            "password2": MOT_DE_PASSE_CHOISI,
        },
    )
    assert "a expiré" in page(reponse) and not User.objects.filter(email="lou@exemple.fr").exists()


def test_un_lien_inconnu(client):
    reponse = client.get(reverse("comptes:invitation_equipe", args=["n-importe-quoi"]))
    assert reponse.status_code == 200
    assert "Cette invitation n’est pas valable" in page(reponse)


def test_une_adresse_deja_d_un_compte(referent, collegue):
    client = connecte(referent)
    UserFactory(email="pris@exemple.fr")
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": "PRIS@exemple.fr"})
    assert reponse.status_code == 422
    assert "Un compte existe déjà avec l’adresse pris@exemple.fr" in page(reponse)
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": collegue.email})
    assert "est déjà membre de votre équipe" in page(reponse)
    reponse = client.post(reverse("comptes:equipe_inviter"), {"email": "pas une adresse"})
    assert reponse.status_code == 422 and "Saisissez une adresse électronique valide" in page(reponse)
    assert not InvitationEquipe.objects.exists()


def test_le_formulaire_de_l_invitation_garde_la_saisie(referent):
    invitation = equipe.inviter_collegue(referent, "lou@exemple.fr")
    lien = reverse("comptes:invitation_equipe", args=[invitation.jeton])
    reponse = Client().post(
        lien, {"first_name": "Lou", "last_name": "Bernard", "password1": "court", "password2": "autre"}
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    assert "Les deux mots de passe ne sont pas identiques." in contenu and 'value="Bernard"' in contenu
    reponse = Client().post(
        lien,
        {
            "first_name": "Lou",
            "last_name": "Bernard",
            "password1": "123456789012",
            "password2": "123456789012",
        },
    )
    assert reponse.status_code == 422 and "entièrement numérique" in page(reponse)
    reponse = Client().post(lien, {"first_name": "", "last_name": "", "password1": "", "password2": ""})
    assert "Saisissez votre prénom." in page(reponse)
    assert not User.objects.filter(email="lou@exemple.fr").exists()


def test_un_compte_connecte_ne_prend_pas_l_invitation(referent, collegue):
    invitation = equipe.inviter_collegue(referent, "lou@exemple.fr")
    contenu = page(connecte(collegue).get(reverse("comptes:invitation_equipe", args=[invitation.jeton])))
    assert "déconnectez-vous" in contenu and "Créer mon compte" not in contenu


def test_une_invitation_d_une_autre_organisation(referent):
    invitation = equipe.inviter_collegue(referent, "lou@exemple.fr")
    autre = connecte(UserFactory())
    assert autre.post(reverse("comptes:equipe_annuler", args=[invitation.pk])).status_code == 404
    assert autre.post(reverse("comptes:equipe_renvoyer", args=[invitation.pk])).status_code == 404
    assert "lou@exemple.fr" not in page(autre.get(EQUIPE))
    invitation.refresh_from_db()
    assert invitation.annulee_le is None


# ----- The members --------------------------------------------------------------------------------


def test_le_referent_retire_un_membre(referent, collegue, organisation):
    dossier = DossierFactory(organisation=organisation)
    session_du_collegue = Client()
    session_du_collegue.force_login(collegue)
    invitation = equipe.inviter_collegue(collegue, "lou@exemple.fr")
    assert SessionUtilisateur.objects.filter(compte=collegue).count() == 1
    client = connecte(referent)
    confirmation = page(client.get(reverse("comptes:equipe_retirer", args=[collegue.pk])))
    assert "Retirer Dominique Petit de l’équipe ?" in confirmation

    reponse = client.post(reverse("comptes:equipe_retirer", args=[collegue.pk]), follow=True)

    assert "ne fait plus partie de l’équipe" in page(reponse)
    collegue.refresh_from_db()
    assert collegue.organisation is None and collegue.is_active
    assert not SessionUtilisateur.objects.filter(compte=collegue).exists()
    reponse = session_du_collegue.get(reverse("candidatures:apercu", args=[dossier.pk]))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    assert "vous ne faites plus partie" in un_courriel_a(collegue.email).sujet
    (evenement,) = evenements(TypeEvenement.MEMBRE_RETIRE)
    assert evenement.compte == referent and evenement.details["sessions_fermees"] == 1
    assert evenement.details["invitations_annulees"] == 1  # his invitation no longer lets anyone in
    assert "a été annulée" in page(
        Client().get(reverse("comptes:invitation_equipe", args=[invitation.jeton]))
    )
    # Logged in again: nothing of the organisation.
    revenu = connecte(collegue)
    assert revenu.get(reverse("candidatures:apercu", args=[dossier.pk])).status_code == 404
    assert referent.email not in page(revenu.get(EQUIPE))


def test_seul_le_referent_retire_ou_transmet(referent, collegue):
    client = connecte(collegue)
    for nom in ("comptes:equipe_retirer", "comptes:equipe_referent"):
        assert client.get(reverse(nom, args=[referent.pk])).status_code == 403
        assert client.post(reverse(nom, args=[referent.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        equipe.retirer(collegue, referent)
    referent.refresh_from_db()
    assert referent.organisation_id and referent.referent


def test_le_referent_n_agit_pas_sur_une_autre_organisation(referent):
    autre = UserFactory()
    client = connecte(referent)
    for nom in ("comptes:equipe_retirer", "comptes:equipe_referent"):
        assert client.get(reverse(nom, args=[autre.pk])).status_code == 404
        assert client.post(reverse(nom, args=[autre.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        equipe.retirer(referent, autre)
    autre.refresh_from_db()
    assert autre.organisation_id


def test_transmettre_le_role_de_referent(referent, collegue):
    client = connecte(referent)
    assert "Transmettre le rôle de référent à Dominique Petit ?" in page(
        client.get(reverse("comptes:equipe_referent", args=[collegue.pk]))
    )
    client.post(reverse("comptes:equipe_referent", args=[collegue.pk]))
    referent.refresh_from_db()
    collegue.refresh_from_db()
    assert (referent.referent, collegue.referent) == (False, True)
    assert "vous êtes le référent" in un_courriel_a(collegue.email).sujet
    assert len(evenements(TypeEvenement.REFERENT_TRANSMIS)) == 1
    # The former référent is a member like any other now.
    assert client.get(reverse("comptes:equipe_retirer", args=[collegue.pk])).status_code == 403


def test_quitter(referent, collegue, organisation):
    client = connecte(collegue)
    assert "Quitter l’organisation ?" in page(client.get(reverse("comptes:equipe_quitter")))
    reponse = client.post(reverse("comptes:equipe_quitter"), follow=True)
    assert f"Vous avez quitté {organisation.nom}" in page(reponse)
    collegue.refresh_from_db()
    assert collegue.organisation is None
    assert "Dominique Petit a quitté votre organisation" in un_courriel_a(referent.email).sujet
    (evenement,) = evenements(TypeEvenement.DEPART)
    assert evenement.compte == collegue and not evenement.details["dernier_membre"]


def test_le_referent_transmet_avant_de_quitter(referent, collegue):
    client = connecte(referent)
    contenu = page(client.get(reverse("comptes:equipe_quitter")))
    assert "transmettez d’abord ce rôle" in contenu and '<form method="post" class' not in contenu
    reponse = client.post(reverse("comptes:equipe_quitter"), follow=True)
    assert "transmettez d’abord ce rôle" in page(reponse)
    referent.refresh_from_db()
    assert referent.organisation_id and referent.referent
    assert not evenements(TypeEvenement.DEPART)


def test_le_dernier_membre_quitte_l_organisation_qui_reste(referent, organisation):
    dossier = DossierFactory(organisation=organisation)
    client = connecte(referent)
    assert "Vous êtes le dernier membre" in page(client.get(reverse("comptes:equipe_quitter")))
    client.post(reverse("comptes:equipe_quitter"))
    referent.refresh_from_db()
    assert (referent.organisation, referent.referent) == (None, False)
    dossier.refresh_from_db()
    assert dossier.organisation == organisation and not organisation.membres.exists()
    (evenement,) = evenements(TypeEvenement.DEPART)
    assert evenement.details["dernier_membre"]
    assert "Vous n’êtes membre d’aucune organisation" in page(client.get(EQUIPE))


def test_sans_organisation_demander_a_rejoindre(referent, organisation):
    parti = UserFactory(organisation=None, first_name="Sam", last_name="Parti")
    client = connecte(parti)
    assert "Demander à rejoindre une organisation" in page(client.get(EQUIPE))
    reponse = client.post(reverse("comptes:equipe_demander"), {"siret": "732 829 320 00074"})
    assert reponse.status_code == 422 and "Aucune organisation n’est inscrite avec ce SIRET" in page(reponse)
    reponse = client.post(reverse("comptes:equipe_demander"), {"siret": "123"})
    assert reponse.status_code == 422 and 'value="123"' in page(reponse)
    reponse = client.post(reverse("comptes:equipe_demander"), {"siret": organisation.siret}, follow=True)
    assert f"Votre demande pour rejoindre {organisation.nom} est envoyée" in page(reponse)
    assert "Votre demande est en attente" in page(reponse)
    assert "Demander à rejoindre une organisation" not in page(reponse)
    assert DemandeAdhesion.objects.get().demandeur == parti
    assert "Sam Parti demande à rejoindre" in un_courriel_a(referent.email).sujet
    # A member asks nothing.
    assert (
        connecte(referent).post(reverse("comptes:equipe_demander"), {"siret": organisation.siret}).status_code
        == 404
    )
