"""A porteur's team (issue 15 item 2): the requests to join an organisation and their answers, the
removal of a member, the référent's role passed on, a member leaving. Each is one service, called by
the pages of « Mon équipe » and by the shell alike. The invitations a member sends to a colleague are
the other concept of the team: ``comptes.invitations``.

Every service locks the rows it changes (``select_for_update``), records its security event
(``comptes.securite.consigner``) and writes its mails to the outbox in the same transaction: they leave
after the commit, never for a rolled-back change. A refusal is a ``ValueError`` (something that cannot be
done now, in French, shown to the person) or a ``PermissionDenied`` (someone who may not do it).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from comptes.envoi_courriels import envoyer_modele, lien_absolu
from comptes.models import DemandeAdhesion, EtatDemande, Organisation, Role, User
from comptes.securite import TypeEvenement, consigner
from comptes.sessions import fermer_les_sessions
from notifications.models import Nature
from notifications.services import notifier


def nom_de(compte) -> str:
    return compte.get_full_name() or compte.email


def prevenir(modele: str, destinataire: str, organisation, *, lien: str = "", **contexte) -> None:
    """The team's mail ``comptes/courriels/equipe_<modele>.txt`` about ``organisation`` to one address;
    ``lien``: the page « Mon équipe » unless told otherwise."""
    lien = lien or lien_absolu("comptes:equipe")
    envoyer_modele(f"equipe_{modele}", destinataire, organisation=organisation, lien=lien, **contexte)


def membres(organisation):
    """The active members of ``organisation``, the référent first."""
    return User.objects.filter(organisation=organisation, role=Role.CANDIDAT, is_active=True).order_by(
        "-referent", "last_name", "first_name", "email"
    )


def sans_referent(organisation) -> bool:
    return not membres(organisation).filter(referent=True).exists()


def membre_actif(compte, organisation_id) -> bool:
    """Whether ``compte`` is an active porteur, a member of the organisation ``organisation_id``."""
    return bool(
        compte is not None
        and compte.is_active
        and compte.role == Role.CANDIDAT
        and organisation_id
        and compte.organisation_id == organisation_id
    )


def verrouiller_membre(compte, organisation_id=None, *, refus: Exception) -> User:
    """``compte`` read again and locked (with his organisation, not locked), if he is an active member of
    ``organisation_id`` (by default: his own organisation); ``refus`` is raised otherwise."""
    compte = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=compte.pk)
    if not membre_actif(compte, organisation_id or compte.organisation_id):
        raise refus
    return compte


# ----- Requests to join ------------------------------------------------------------------------------


def demander_adhesion(compte, organisation, request=None) -> DemandeAdhesion:
    """``compte`` (a candidat without an organisation, usually at the confirmation of his sign-up with
    an existing SIRET) asks to join ``organisation``: the request, pending, and a mail to each active
    member (none left: to the équipe de l'appel, who can attach him in « Comptes et rôles »). A request
    already pending for the same organisation is returned as it is (no second mail);
    one pending for another organisation is withdrawn (``RETIREE``)."""
    with transaction.atomic():
        compte = User.objects.select_for_update().get(pk=compte.pk)
        if compte.role != Role.CANDIDAT:
            raise ValueError("Seul un compte de porteur peut demander à rejoindre une organisation.")
        if compte.organisation_id == organisation.pk:
            raise ValueError("Vous êtes déjà membre de cette organisation.")
        if compte.organisation_id:
            raise ValueError("Vous êtes déjà membre d’une organisation : quittez-la d’abord.")
        en_attente = DemandeAdhesion.objects.select_for_update().filter(
            demandeur=compte, etat=EtatDemande.EN_ATTENTE
        )
        for demande in en_attente:
            if demande.organisation_id == organisation.pk:
                return demande
            demande.etat, demande.repondue_le = EtatDemande.RETIREE, timezone.now()
            demande.save(update_fields=["etat", "repondue_le"])
        demande = DemandeAdhesion.objects.create(organisation=organisation, demandeur=compte)
        destinataires = list(membres(organisation).exclude(pk=compte.pk))
        for membre in destinataires:
            prevenir("demande", membre.email, organisation, membre=membre, demandeur=compte)
        notifier(
            destinataires,
            Nature.DEMANDE_ADHESION,
            f"{nom_de(compte)} demande à rejoindre {organisation.nom}",
            reverse("comptes:equipe"),
        )
        if not destinataires:  # every member left: only the équipe de l'appel can attach him
            prevenir(
                "demande_sans_membre",
                (Appel.objects.publies().courant() or Appel()).courriel_contact,
                organisation,
                demandeur=compte,
                lien=lien_absolu("comptes:compte", pk=compte.pk),
            )
        consigner(
            TypeEvenement.DEMANDE_ADHESION,
            request=request,
            compte=compte,
            objet=f"Demande pour rejoindre {organisation.nom} ({organisation.siret})",
            organisation=organisation.pk,
            demande=demande.pk,
        )
    return demande


def _ouvrir_reponse(par, demande):
    """``demande``, still pending, and ``par``, a member of its organisation who answers it: both locked."""
    demande = DemandeAdhesion.objects.select_for_update().select_related("organisation").get(pk=demande.pk)
    if demande.etat != EtatDemande.EN_ATTENTE:
        raise ValueError(
            f"Cette demande a déjà reçu une réponse ({demande.get_etat_display().lower()}) : rien n’a changé."
        )
    par = verrouiller_membre(
        par,
        demande.organisation_id,
        refus=PermissionDenied("Seuls les membres de l’organisation répondent à ses demandes."),
    )
    return par, demande


def _clore(demande, par, etat, **champs) -> None:
    """The answer ``etat`` given by ``par`` to ``demande``, saved (with the other ``champs``)."""
    demande.etat, demande.repondue_le, demande.repondue_par = etat, timezone.now(), par
    for champ, valeur in champs.items():
        setattr(demande, champ, valeur)
    demande.save(update_fields=["etat", "repondue_le", "repondue_par", *champs])


def accepter(par, demande, request=None) -> DemandeAdhesion:
    """A member of the organisation accepts ``demande``: the requester becomes a member (and its
    référent, if the organisation has none any more); a mail tells him."""
    with transaction.atomic():
        par, demande = _ouvrir_reponse(par, demande)
        demandeur = User.objects.select_for_update().get(pk=demande.demandeur_id)
        if not demandeur.is_active or demandeur.role != Role.CANDIDAT:
            raise ValueError("Ce compte n’est plus actif : la demande ne peut pas être acceptée.")
        if demandeur.organisation_id:
            raise ValueError(f"{nom_de(demandeur)} est déjà membre d’une organisation.")
        organisation = demande.organisation
        demandeur.organisation = organisation
        demandeur.referent = sans_referent(organisation)
        demandeur.save(update_fields=["organisation", "referent"])
        _clore(demande, par, EtatDemande.ACCEPTEE)
        prevenir(
            "acceptee",
            demandeur.email,
            organisation,
            demandeur=demandeur,
            par=par,
            lien=lien_absolu("candidatures:mes_dossiers"),
        )
        consigner(
            TypeEvenement.ADHESION_ACCEPTEE,
            request=request,
            compte=par,
            objet=f"{demandeur.email} rejoint {organisation.nom}",
            demande=demande.pk,
            demandeur=demandeur.pk,
            organisation=organisation.pk,
        )
    return demande


def refuser(par, demande, motif: str = "", request=None) -> DemandeAdhesion:
    """A member of the organisation refuses ``demande`` (``motif``: optional, told to the requester)."""
    motif = (motif or "").strip()[:1000]
    with transaction.atomic():
        par, demande = _ouvrir_reponse(par, demande)
        demandeur, organisation = demande.demandeur, demande.organisation
        _clore(demande, par, EtatDemande.REFUSEE, motif=motif)
        prevenir("refusee", demandeur.email, organisation, demandeur=demandeur, par=par, motif=motif)
        consigner(
            TypeEvenement.ADHESION_REFUSEE,
            request=request,
            compte=par,
            objet=f"Demande de {demandeur.email} refusée ({organisation.nom})",
            demande=demande.pk,
            demandeur=demandeur.pk,
            organisation=organisation.pk,
            motif=motif,
        )
    return demande


# ----- The members -----------------------------------------------------------------------------------


def _referent_et_membre(par, membre):
    """``par``, the référent of his organisation, and ``membre``, another member of it: both locked."""
    refus = PermissionDenied("Seul le référent de l’organisation peut le faire.")
    par = verrouiller_membre(par, refus=refus)
    if not par.referent:
        raise refus
    refus = PermissionDenied("Cette personne n’est pas un autre membre de votre organisation.")
    membre = verrouiller_membre(membre, par.organisation_id, refus=refus)
    if membre.pk == par.pk:
        raise refus
    return par, membre


def retirer(par, membre, request=None) -> User:
    """The référent removes ``membre``: he loses the organisation (and sees none of its dossiers), his
    sessions are closed, the invitations he sent are cancelled, a mail tells him."""
    from comptes.invitations import invitations_ouvertes  # here: comptes.invitations imports this module

    with transaction.atomic():
        par, membre = _referent_et_membre(par, membre)
        organisation = par.organisation
        membre.organisation, membre.referent = None, False
        membre.save(update_fields=["organisation", "referent"])
        fermees = fermer_les_sessions(membre)
        # The invitations he sent and nobody followed yet no longer let anyone in.
        annulees = (
            invitations_ouvertes(organisation).filter(invite_par=membre).update(annulee_le=timezone.now())
        )
        prevenir("retrait", membre.email, organisation, membre=membre, par=par)
        consigner(
            TypeEvenement.MEMBRE_RETIRE,
            request=request,
            compte=par,
            objet=f"{membre.email} retiré de {organisation.nom}",
            membre=membre.pk,
            organisation=organisation.pk,
            sessions_fermees=fermees,
            invitations_annulees=annulees,
        )
    return membre


def transmettre_referent(par, membre, request=None) -> User:
    """The référent passes his role on to ``membre``, another member of the organisation."""
    with transaction.atomic():
        par, membre = _referent_et_membre(par, membre)
        organisation = par.organisation
        par.referent = False
        par.save(update_fields=["referent"])  # first: one référent per organisation (a constraint)
        membre.referent = True
        membre.save(update_fields=["referent"])
        prevenir("referent", membre.email, organisation, membre=membre, par=par)
        consigner(
            TypeEvenement.REFERENT_TRANSMIS,
            request=request,
            compte=par,
            objet=f"Rôle de référent de {organisation.nom} transmis à {membre.email}",
            membre=membre.pk,
            organisation=organisation.pk,
        )
    return membre


def quitter(compte, request=None) -> Organisation:
    """``compte`` leaves his organisation. The référent passes his role on first while other members
    remain; the last member may leave: the organisation and its dossiers stay, without any member (a
    later request to join it goes to the équipe de l'appel). The référent is told by mail."""
    with transaction.atomic():
        compte = verrouiller_membre(compte, refus=ValueError("Vous n’êtes membre d’aucune organisation."))
        organisation = compte.organisation
        autres = membres(organisation).exclude(pk=compte.pk)
        if compte.referent and autres.exists():
            raise ValueError(
                "Vous êtes le référent de l’organisation : transmettez d’abord ce rôle à un autre membre, "
                "puis quittez l’organisation."
            )
        compte.organisation, compte.referent = None, False
        compte.save(update_fields=["organisation", "referent"])
        referent = autres.filter(referent=True).first()
        if referent is not None:
            prevenir("depart", referent.email, organisation, membre=compte, referent=referent)
        consigner(
            TypeEvenement.DEPART,
            request=request,
            compte=compte,
            objet=f"{compte.email} quitte {organisation.nom}",
            organisation=organisation.pk,
            dernier_membre=not autres.exists(),
        )
    return organisation
