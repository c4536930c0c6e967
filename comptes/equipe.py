"""A porteur's team (issue 15 item 2): the requests to join an organisation and their answers, the
invitations a member sends to a colleague, the removal of a member, the référent's role passed on, a
member leaving. Each is one service, called by the pages of « Mon équipe » and by the shell alike.

Every service locks the rows it changes (``select_for_update``), records its security event
(``comptes.securite.consigner``) and writes its mails to the outbox in the same transaction: they leave
after the commit, never for a rolled-back change. A refusal is a ``ValueError`` (something that cannot be
done now, in French, shown to the person) or a ``PermissionDenied`` (someone who may not do it).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from comptes.models import DemandeAdhesion, EtatDemande, InvitationEquipe, Organisation, Role, User
from comptes.securite import TypeEvenement, consigner
from comptes.sessions import fermer_les_sessions
from courriels import envoi as courriels


def lien(nom: str, **kwargs) -> str:
    """The absolute link of a page of the portal, for a mail."""
    return f"{settings.PORTAIL_URL}{reverse(nom, kwargs=kwargs or None)}"


def nom_de(compte) -> str:
    return compte.get_full_name() or compte.email


def envoyer(modele: str, destinataire: str, **contexte) -> None:
    """The mail ``comptes/courriels/equipe_<modele>.txt`` (its subject: ``…_sujet.txt``, one line) to one
    address, into the outbox."""
    contexte |= {"appel": Appel.objects.courant(), "portail": settings.PORTAIL_URL}
    sujet = "".join(render_to_string(f"comptes/courriels/equipe_{modele}_sujet.txt", contexte).splitlines())
    texte = render_to_string(f"comptes/courriels/equipe_{modele}.txt", contexte)
    courriels.envoyer(sujet, texte, [destinataire])


def membres(organisation):
    """The active members of ``organisation``, the référent first."""
    return User.objects.filter(organisation=organisation, role=Role.CANDIDAT, is_active=True).order_by(
        "-referent", "last_name", "first_name", "email"
    )


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
            envoyer(
                "demande",
                membre.email,
                membre=membre,
                demandeur=compte,
                organisation=organisation,
                lien=lien("comptes:equipe"),
            )
        if not destinataires:  # every member left: only the équipe de l'appel can attach him
            appel = Appel.objects.courant()
            envoyer(
                "demande_sans_membre",
                appel.courriel_contact,
                demandeur=compte,
                organisation=organisation,
                lien=lien("comptes:compte", pk=compte.pk),
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


def _membre_actif(compte, organisation_id) -> bool:
    return bool(
        compte is not None
        and compte.is_active
        and compte.role == Role.CANDIDAT
        and organisation_id
        and compte.organisation_id == organisation_id
    )


def _repondant(par, demande):
    """The member who answers ``demande``, locked: a member of its organisation only."""
    par = User.objects.select_for_update().get(pk=par.pk)
    if not _membre_actif(par, demande.organisation_id):
        raise PermissionDenied("Seuls les membres de l’organisation répondent à ses demandes.")
    return par


def _demande_ouverte(demande):
    demande = DemandeAdhesion.objects.select_for_update().select_related("organisation").get(pk=demande.pk)
    if demande.etat != EtatDemande.EN_ATTENTE:
        raise ValueError(
            f"Cette demande a déjà reçu une réponse ({demande.get_etat_display().lower()}) : rien n’a changé."
        )
    return demande


def _sans_referent(organisation) -> bool:
    return not membres(organisation).filter(referent=True).exists()


def accepter(par, demande, request=None) -> DemandeAdhesion:
    """A member of the organisation accepts ``demande``: the requester becomes a member (and its
    référent, if the organisation has none any more); a mail tells him."""
    with transaction.atomic():
        demande = _demande_ouverte(demande)
        par = _repondant(par, demande)
        demandeur = User.objects.select_for_update().get(pk=demande.demandeur_id)
        if not demandeur.is_active or demandeur.role != Role.CANDIDAT:
            raise ValueError("Ce compte n’est plus actif : la demande ne peut pas être acceptée.")
        if demandeur.organisation_id:
            raise ValueError(f"{nom_de(demandeur)} est déjà membre d’une organisation.")
        organisation = demande.organisation
        demandeur.organisation = organisation
        demandeur.referent = _sans_referent(organisation)
        demandeur.save(update_fields=["organisation", "referent"])
        demande.etat, demande.repondue_le, demande.repondue_par = EtatDemande.ACCEPTEE, timezone.now(), par
        demande.save(update_fields=["etat", "repondue_le", "repondue_par"])
        envoyer(
            "acceptee",
            demandeur.email,
            demandeur=demandeur,
            par=par,
            organisation=organisation,
            lien=lien("candidatures:mes_dossiers"),
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
        demande = _demande_ouverte(demande)
        par = _repondant(par, demande)
        demandeur = demande.demandeur
        demande.etat, demande.repondue_le, demande.repondue_par = EtatDemande.REFUSEE, timezone.now(), par
        demande.motif = motif
        demande.save(update_fields=["etat", "repondue_le", "repondue_par", "motif"])
        envoyer(
            "refusee",
            demandeur.email,
            demandeur=demandeur,
            par=par,
            organisation=demande.organisation,
            motif=motif,
            lien=lien("comptes:equipe"),
        )
        consigner(
            TypeEvenement.ADHESION_REFUSEE,
            request=request,
            compte=par,
            objet=f"Demande de {demandeur.email} refusée ({demande.organisation.nom})",
            demande=demande.pk,
            demandeur=demandeur.pk,
            organisation=demande.organisation_id,
            motif=motif,
        )
    return demande


# ----- Invitations -----------------------------------------------------------------------------------


def empreinte(jeton: str) -> str:
    """What is kept of a link's token: its SHA-256."""
    return hashlib.sha256(jeton.encode()).hexdigest()


def validite() -> timedelta:
    return timedelta(days=settings.INVITATION_EQUIPE_JOURS)


def expiree(invitation, maintenant=None) -> bool:
    return (maintenant or timezone.now()) >= invitation.envoyee_le + validite()


def invitations_ouvertes(organisation):
    """The invitations of ``organisation`` neither accepted nor cancelled (expired ones included: they
    can be sent again), the latest first."""
    return InvitationEquipe.objects.filter(
        organisation=organisation, acceptee_le__isnull=True, annulee_le__isnull=True
    ).select_related("invite_par")


def _membre(par):
    par = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=par.pk)
    if not _membre_actif(par, par.organisation_id):
        raise PermissionDenied("Seuls les membres d’une organisation invitent des collègues.")
    return par


def _envoyer_invitation(invitation, par) -> InvitationEquipe:
    """A new token for ``invitation`` (the earlier link no longer works), its mail into the outbox."""
    jeton = secrets.token_urlsafe(32)
    invitation.empreinte = empreinte(jeton)
    invitation.envoyee_le = timezone.now()
    invitation.invite_par = par
    invitation.save()
    envoyer(
        "invitation",
        invitation.email,
        par=par,
        organisation=invitation.organisation,
        lien=lien("comptes:invitation_equipe", token=jeton),
        jours=settings.INVITATION_EQUIPE_JOURS,
        fin=timezone.localtime(invitation.envoyee_le + validite()),
    )
    invitation.jeton = jeton  # for the caller only (tests, shell): never stored
    return invitation


def inviter_collegue(par, email: str, request=None) -> InvitationEquipe:
    """A member invites ``email`` into his organisation. An open invitation for this address is sent
    again (new link; the earlier one no longer works). An address that already has an account is
    refused, with a French ``ValueError`` saying what to do."""
    email = User.objects.normalize_email((email or "").strip()).lower()
    with transaction.atomic():
        par = _membre(par)
        organisation = par.organisation
        existant = User.objects.filter(email__iexact=email).first()
        if existant is not None:
            if existant.organisation_id == organisation.pk:
                raise ValueError(f"{email} est déjà membre de votre équipe.")
            raise ValueError(
                f"Un compte existe déjà avec l’adresse {email} : cette personne ne peut pas être invitée. "
                "Si elle n’appartient à aucune organisation, elle peut demander à rejoindre la vôtre depuis "
                "sa page « Mon équipe » ; sinon, écrivez à l’équipe de l’appel."
            )
        invitation = (
            invitations_ouvertes(organisation)
            .select_for_update(of=("self",))
            .filter(email__iexact=email)
            .first()
        )
        renvoi = invitation is not None
        if invitation is None:
            invitation = InvitationEquipe(organisation=organisation, email=email)
        _envoyer_invitation(invitation, par)
        consigner(
            TypeEvenement.INVITATION_EQUIPE,
            request=request,
            compte=par,
            objet=f"Invitation de {email} dans {organisation.nom}" + (" (renvoyée)" if renvoi else ""),
            invitation=invitation.pk,
            organisation=organisation.pk,
            renvoi=renvoi,
        )
    return invitation


def _invitation_de(par, invitation):
    par = _membre(par)
    invitation = (
        InvitationEquipe.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation.pk, organisation_id=par.organisation_id)
        .first()
    )
    if invitation is None:
        raise PermissionDenied("Cette invitation est celle d’une autre organisation.")
    if invitation.acceptee_le or invitation.annulee_le:
        raise ValueError("Cette invitation n’est plus en cours : elle a été acceptée ou annulée.")
    return par, invitation


def renvoyer_invitation(par, invitation, request=None) -> InvitationEquipe:
    """Send an open invitation again: a new link, valid from now; the earlier link no longer works."""
    with transaction.atomic():
        par, invitation = _invitation_de(par, invitation)
        _envoyer_invitation(invitation, par)
        consigner(
            TypeEvenement.INVITATION_EQUIPE,
            request=request,
            compte=par,
            objet=f"Invitation de {invitation.email} dans {invitation.organisation.nom} (renvoyée)",
            invitation=invitation.pk,
            organisation=invitation.organisation_id,
            renvoi=True,
        )
    return invitation


def annuler_invitation(par, invitation, request=None) -> InvitationEquipe:
    """Cancel an open invitation: its link no longer works."""
    with transaction.atomic():
        par, invitation = _invitation_de(par, invitation)
        invitation.annulee_le = timezone.now()
        invitation.save(update_fields=["annulee_le"])
    return invitation


class LienInvalide(Exception):
    """Why an invitation link cannot be followed (its French text: ``str``)."""


def invitation_du_lien(jeton: str, *, verrouiller: bool = False) -> InvitationEquipe:
    """The invitation of a link's token, if it can still be followed; ``LienInvalide`` otherwise."""
    invitations = InvitationEquipe.objects.select_related("organisation", "invite_par")
    if verrouiller:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(empreinte=empreinte(jeton or "")).first()
    if invitation is None:
        raise LienInvalide(
            "Ce lien d’invitation n’est pas valable : il est incomplet, ou une invitation plus récente "
            "l’a remplacé (seul le dernier lien reçu fonctionne)."
        )
    if invitation.acceptee_le:
        raise LienInvalide("Ce lien d’invitation a déjà servi : le compte est créé, connectez-vous.")
    if invitation.annulee_le:
        raise LienInvalide("Cette invitation a été annulée par votre organisation.")
    if expiree(invitation):
        raise LienInvalide(
            f"Ce lien d’invitation a expiré (il était valable {settings.INVITATION_EQUIPE_JOURS} jours)."
        )
    return invitation


def accepter_invitation(invitation, prenom: str, nom: str, mot_de_passe: str, request=None) -> User:
    """The invited person follows the link: her account, active, its address confirmed (the link proved
    it), a member of the organisation (its référent if it has none); logged in when ``request`` is given."""
    from django.contrib.auth import login

    with transaction.atomic():
        invitation = InvitationEquipe.objects.select_for_update().get(pk=invitation.pk)
        if invitation.acceptee_le or invitation.annulee_le or expiree(invitation):
            raise LienInvalide("Cette invitation n’est plus valable.")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValueError("Un compte existe déjà avec cette adresse : connectez-vous.")
        organisation = Organisation.objects.select_for_update().get(pk=invitation.organisation_id)
        compte = User(
            email=invitation.email.lower(),
            first_name=prenom.strip(),
            last_name=nom.strip(),
            role=Role.CANDIDAT,
            organisation=organisation,
            referent=_sans_referent(organisation),
            adresse_confirmee=True,
            is_active=True,
        )
        compte.set_password(mot_de_passe)
        compte.save()
        invitation.acceptee_le, invitation.compte = timezone.now(), compte
        invitation.save(update_fields=["acceptee_le", "compte"])
        par = invitation.invite_par
        if par is not None and _membre_actif(par, organisation.pk):
            envoyer(
                "arrivee",
                par.email,
                par=par,
                compte=compte,
                organisation=organisation,
                lien=lien("comptes:equipe"),
            )
        consigner(
            TypeEvenement.INVITATION_ACCEPTEE,
            request=request,
            compte=compte,
            objet=f"{compte.email} rejoint {organisation.nom} sur invitation",
            invitation=invitation.pk,
            organisation=organisation.pk,
        )
        if request is not None:
            login(request, compte, backend="comptes.backends.EmailBackend")
    return compte


# ----- The members -----------------------------------------------------------------------------------


def _referent(par):
    par = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=par.pk)
    if not (_membre_actif(par, par.organisation_id) and par.referent):
        raise PermissionDenied("Seul le référent de l’organisation peut le faire.")
    return par


def _autre_membre(par, membre):
    membre = User.objects.select_for_update().get(pk=membre.pk)
    if not _membre_actif(membre, par.organisation_id) or membre.pk == par.pk:
        raise PermissionDenied("Cette personne n’est pas un autre membre de votre organisation.")
    return membre


def retirer(par, membre, request=None) -> User:
    """The référent removes ``membre``: he loses the organisation (and sees none of its dossiers), his
    sessions are closed, the invitations he sent are cancelled, a mail tells him."""
    with transaction.atomic():
        par = _referent(par)
        organisation = par.organisation
        membre = _autre_membre(par, membre)
        membre.organisation, membre.referent = None, False
        membre.save(update_fields=["organisation", "referent"])
        fermees = fermer_les_sessions(membre)
        # The invitations he sent and nobody followed yet no longer let anyone in.
        annulees = (
            invitations_ouvertes(organisation).filter(invite_par=membre).update(annulee_le=timezone.now())
        )
        envoyer("retrait", membre.email, membre=membre, par=par, organisation=organisation)
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
        par = _referent(par)
        organisation = par.organisation
        membre = _autre_membre(par, membre)
        par.referent = False
        par.save(update_fields=["referent"])  # first: one référent per organisation (a constraint)
        membre.referent = True
        membre.save(update_fields=["referent"])
        envoyer(
            "referent",
            membre.email,
            membre=membre,
            par=par,
            organisation=organisation,
            lien=lien("comptes:equipe"),
        )
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
        compte = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=compte.pk)
        if not _membre_actif(compte, compte.organisation_id):
            raise ValueError("Vous n’êtes membre d’aucune organisation.")
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
            envoyer(
                "depart",
                referent.email,
                membre=compte,
                referent=referent,
                organisation=organisation,
                lien=lien("comptes:equipe"),
            )
        consigner(
            TypeEvenement.DEPART,
            request=request,
            compte=compte,
            objet=f"{compte.email} quitte {organisation.nom}",
            organisation=organisation.pk,
            dernier_membre=not autres.exists(),
        )
    return organisation
