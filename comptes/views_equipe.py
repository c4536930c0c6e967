"""« Mon équipe » (candidats): who is in the team, the requests to join it and their answers, the
invitations sent to colleagues, the référent's actions, leaving; and the public page of an invitation's
link. The changes are made by ``comptes.equipe``; every object is looked up within the user's own
organisation: another organisation's request, invitation or member is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from comptes import equipe, invitations
from comptes.forms_equipe import (
    DemandeAdhesionForm,
    InvitationEquipeForm,
    InviterCollegueForm,
    ReponseDemandeForm,
)
from comptes.limites import limiter
from comptes.models import DemandeAdhesion, EtatDemande, InvitationEquipe, User
from comptes.permissions import reservee

candidat = reservee("comptes:equipe")


def _organisation_id(request) -> int:
    """The user's organisation; a candidat without one reaches no object of any organisation."""
    if not request.user.organisation_id:
        raise Http404("Vous n’êtes membre d’aucune organisation.")
    return request.user.organisation_id


def _membre(request, pk: int) -> User:
    return get_object_or_404(equipe.membres(_organisation_id(request)), pk=pk)


def _contexte_membre(request, form_inviter=None, form_reponse=None) -> dict:
    organisation = request.user.organisation
    demandes = list(
        DemandeAdhesion.objects.filter(organisation=organisation, etat=EtatDemande.EN_ATTENTE)
        .select_related("demandeur")
        .order_by("cree_le")
    )
    for demande in demandes:
        demande.form = ReponseDemandeForm(prefix=f"demande-{demande.pk}")
        if form_reponse is not None and form_reponse.prefix == demande.form.prefix:
            demande.form = form_reponse  # the answer refused, with what was typed and its errors
    ouvertes = list(invitations.invitations_ouvertes(organisation).order_by("-envoyee_le"))
    for invitation in ouvertes:
        invitation.expiree = invitations.expiree(invitation)
        invitation.fin = invitation.envoyee_le + invitations.validite()
    return {
        "organisation": organisation,
        "membres": list(equipe.membres(organisation)),
        "est_referent": request.user.referent,
        "demandes": demandes,
        "invitations": ouvertes,
        "form_inviter": form_inviter or InviterCollegueForm(),
    }


def _contexte_sans_organisation(request, form_demander=None) -> dict:
    demande = (
        DemandeAdhesion.objects.filter(demandeur=request.user)
        .exclude(etat=EtatDemande.RETIREE)
        .select_related("organisation", "repondue_par")
        .order_by("-cree_le")
        .first()
    )
    en_attente = demande is not None and demande.etat == EtatDemande.EN_ATTENTE
    return {
        "demande": demande,
        "EtatDemande": EtatDemande,
        "form_demander": None if en_attente else (form_demander or DemandeAdhesionForm()),
    }


def _page(request, form_inviter=None, form_demander=None, form_reponse=None, status=200):
    if request.user.organisation_id:
        contexte = _contexte_membre(request, form_inviter, form_reponse)
        return render(request, "comptes/equipe/equipe.html", contexte, status=status)
    contexte = _contexte_sans_organisation(request, form_demander)
    return render(request, "comptes/equipe/sans_organisation.html", contexte, status=status)


@candidat
def page_equipe(request):
    return _page(request)


@candidat
@require_POST
def inviter(request):
    _organisation_id(request)
    form = InviterCollegueForm(request.POST)
    if form.is_valid():
        try:
            email = form.cleaned_data["email"]
            invitation = invitations.inviter_collegue(request.user, email, request=request)
        except ValueError as refus:
            form.add_error("email", str(refus))
        else:
            messages.success(
                request,
                f"L’invitation est envoyée à {invitation.email} : le lien est valable "
                f"{invitations.validite().days} jours.",
            )
            return redirect("comptes:equipe")
    return _page(request, form_inviter=form, status=422)


@candidat
@require_POST
def repondre(request, pk: int):
    demande = get_object_or_404(
        DemandeAdhesion.objects.select_related("demandeur"), pk=pk, organisation_id=_organisation_id(request)
    )
    form = ReponseDemandeForm(request.POST, prefix=f"demande-{demande.pk}")
    if not form.is_valid():
        return _page(request, form_reponse=form, status=422)
    qui = equipe.nom_de(demande.demandeur)
    try:
        if form.cleaned_data["decision"] == ReponseDemandeForm.ACCEPTER:
            equipe.accepter(request.user, demande, request=request)
            messages.success(request, f"{qui} fait maintenant partie de l’équipe : un courriel le lui dit.")
        else:
            equipe.refuser(request.user, demande, form.cleaned_data["motif"], request=request)
            messages.success(request, f"La demande de {qui} est refusée : un courriel le lui dit.")
    except ValueError as refus:
        messages.error(request, str(refus))
    return redirect("comptes:equipe")


@candidat
@require_POST
def demander(request):
    """A candidat without an organisation (he left it, was removed, or was refused) asks to join one."""
    if request.user.organisation_id:
        raise Http404("Vous êtes déjà membre d’une organisation.")
    form = DemandeAdhesionForm(request.POST)
    if form.is_valid():
        try:
            equipe.demander_adhesion(request.user, form.organisation, request=request)
        except ValueError as refus:
            form.add_error("siret", str(refus))
        else:
            messages.success(
                request,
                f"Votre demande pour rejoindre {form.organisation.nom} est envoyée à ses membres : vous "
                "recevrez un courriel dès que l’un d’eux aura répondu.",
            )
            return redirect("comptes:equipe")
    return _page(request, form_demander=form, status=422)


def _invitation(request, pk: int) -> InvitationEquipe:
    return get_object_or_404(InvitationEquipe, pk=pk, organisation_id=_organisation_id(request))


@candidat
@require_POST
def renvoyer(request, pk: int):
    invitation = _invitation(request, pk)
    try:
        invitations.renvoyer_invitation(request.user, invitation, request=request)
        messages.success(
            request,
            f"Une nouvelle invitation est envoyée à {invitation.email} : l’ancien lien ne fonctionne plus.",
        )
    except ValueError as refus:
        messages.error(request, str(refus))
    return redirect("comptes:equipe")


@candidat
@require_POST
def annuler(request, pk: int):
    invitation = _invitation(request, pk)
    try:
        invitations.annuler_invitation(request.user, invitation, request=request)
        messages.success(
            request, f"L’invitation de {invitation.email} est annulée : son lien ne fonctionne plus."
        )
    except ValueError as refus:
        messages.error(request, str(refus))
    return redirect("comptes:equipe")


def _confirmation(request, action: str, membre=None):
    return render(request, "comptes/equipe/confirmer.html", {"action": action, "membre": membre})


@candidat
@require_http_methods(["GET", "POST"])
def retirer(request, pk: int):
    membre = _membre(request, pk)
    if not request.user.referent:
        raise PermissionDenied("Seul le référent de l’organisation retire un membre.")
    if membre.pk == request.user.pk:
        raise Http404("Pour partir vous-même, utilisez « Quitter l’organisation ».")
    if request.method == "GET":
        return _confirmation(request, "retirer", membre)
    equipe.retirer(request.user, membre, request=request)
    messages.success(
        request,
        f"{equipe.nom_de(membre)} ne fait plus partie de l’équipe : ses sessions sont fermées et un "
        "courriel le lui dit.",
    )
    return redirect("comptes:equipe")


@candidat
@require_http_methods(["GET", "POST"])
def referent(request, pk: int):
    membre = _membre(request, pk)
    if not request.user.referent:
        raise PermissionDenied("Seul le référent de l’organisation transmet son rôle.")
    if membre.pk == request.user.pk:
        raise Http404("Vous êtes déjà le référent.")
    if request.method == "GET":
        return _confirmation(request, "referent", membre)
    equipe.transmettre_referent(request.user, membre, request=request)
    messages.success(request, f"{equipe.nom_de(membre)} est maintenant le référent de l’organisation.")
    return redirect("comptes:equipe")


@candidat
@require_http_methods(["GET", "POST"])
def quitter(request):
    _organisation_id(request)
    if request.method == "GET":
        autres = equipe.membres(request.user.organisation_id).exclude(pk=request.user.pk).exists()
        return render(
            request,
            "comptes/equipe/confirmer.html",
            {
                "action": "quitter",
                "membre": None,
                "bloque": request.user.referent and autres,
                "dernier": not autres,
            },
        )
    try:
        organisation = equipe.quitter(request.user, request=request)
    except ValueError as refus:
        messages.error(request, str(refus))
        return redirect("comptes:equipe")
    messages.success(request, f"Vous avez quitté {organisation.nom} : vous ne voyez plus ses dossiers.")
    return redirect("comptes:equipe")


@login_not_required
@require_http_methods(["GET", "POST"])
@limiter("invitation")
def invitation_equipe(request, token: str):
    """The page of an invitation's link: the invited person's name and password, then her account."""
    try:
        invitation = invitations.invitation_du_lien(token)
    except invitations.LienInvalide as raison:
        return render(request, "comptes/equipe/invitation_invalide.html", {"raison": str(raison)})
    if request.user.is_authenticated:
        return render(request, "comptes/equipe/invitation.html", {"invitation": invitation, "connecte": True})
    form = InvitationEquipeForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            invitations.accepter_invitation(
                invitation, donnees["first_name"], donnees["last_name"], donnees["password1"], request=request
            )
        except invitations.LienInvalide as raison:
            return render(request, "comptes/equipe/invitation_invalide.html", {"raison": str(raison)})
        except ValueError as refus:
            form.add_error(None, str(refus))
        else:
            messages.success(
                request,
                "Bienvenue : votre compte est créé et vous faites partie de l’équipe de "
                f"{invitation.organisation.nom}.",
            )
            return redirect("candidatures:mes_dossiers")
    return render(
        request,
        "comptes/equipe/invitation.html",
        {"invitation": invitation, "form": form, "connecte": False},
        status=422 if form.errors else 200,
    )
