"""The invitations a member of a team sends to a colleague (issue 15 item 2): the link's token (only its
SHA-256 is kept), its validity, the link sent again or cancelled, and the invited person following it
(her account, a member of the organisation). The requests and the members are ``comptes.equipe``.

As there, every service locks what it changes, records its security event and writes its mails to the
outbox in the same transaction; a refusal is a French ``ValueError`` or a ``PermissionDenied``, a link
that cannot be followed a ``LienInvalide``.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from comptes.envoi_courriels import lien_absolu
from comptes.equipe import membre_actif, prevenir, sans_referent, verrouiller_membre
from comptes.models import InvitationEquipe, Organisation, Role, User
from comptes.securite import TypeEvenement, consigner


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
    return verrouiller_membre(
        par, refus=PermissionDenied("Seuls les membres d’une organisation invitent des collègues.")
    )


def _envoyer(invitation, par, request, *, renvoi: bool) -> InvitationEquipe:
    """A new token for ``invitation`` (the earlier link no longer works), its mail into the outbox, the
    security event."""
    jeton = secrets.token_urlsafe(32)
    invitation.empreinte = empreinte(jeton)
    invitation.envoyee_le = timezone.now()
    invitation.invite_par = par
    invitation.save()
    organisation = invitation.organisation
    prevenir(
        "invitation",
        invitation.email,
        organisation,
        par=par,
        lien=lien_absolu("comptes:invitation_equipe", token=jeton),
        jours=settings.INVITATION_EQUIPE_JOURS,
        fin=timezone.localtime(invitation.envoyee_le + validite()),
    )
    consigner(
        TypeEvenement.INVITATION_EQUIPE,
        request=request,
        compte=par,
        objet=f"Invitation de {invitation.email} dans {organisation.nom}" + (" (renvoyée)" if renvoi else ""),
        invitation=invitation.pk,
        organisation=organisation.pk,
        renvoi=renvoi,
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
        return _envoyer(invitation, par, request, renvoi=renvoi)


def _invitation_de(par, invitation):
    """``par``, a member, and ``invitation``, an open one of his organisation: both locked."""
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
        return _envoyer(invitation, par, request, renvoi=True)


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
            referent=sans_referent(organisation),
            adresse_confirmee=True,
            is_active=True,
        )
        compte.set_password(mot_de_passe)
        compte.save()
        invitation.acceptee_le, invitation.compte = timezone.now(), compte
        invitation.save(update_fields=["acceptee_le", "compte"])
        par = invitation.invite_par
        if par is not None and membre_actif(par, organisation.pk):
            prevenir("arrivee", par.email, organisation, par=par, compte=compte)
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
