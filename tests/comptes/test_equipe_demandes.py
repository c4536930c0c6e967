"""The team (issue 15 item 2): a request to join an organisation, answered by one of its members; the
answer goes by mail (the outbox) and into the security journal (``comptes.equipe``)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from comptes import equipe
from comptes.models import (
    DemandeAdhesion,
    EtatDemande,
    Role,
    TypeEvenement,
)
from tests.comptes.outils import EQUIPE, connecte, courriels_a, evenements, un_courriel_a
from tests.comptes_gestion.outils import page
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


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
