"""Les pages des échanges d'un dossier : le fil (lecture, envoi d'un message), le téléchargement d'une
pièce jointe, l'invitation d'un service, la lecture signalée par l'onglet de la fiche. Chacune passe par
``messagerie.acces.dossier_du_fil`` : un dossier dont l'utilisateur ne lit pas les échanges est un 404."""

from django.contrib import messages as annonces
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from candidatures.pages import contexte_dossier
from comptes.permissions import role_required
from messagerie import acces, fil, services
from messagerie.forms import InvitationForm, MessageForm
from messagerie.models import Cote, Invitation, PieceJointe
from pieces.stockage import servir

lecteurs = role_required(*acces.ROLES)


def formulaire_invitation(dossier, user, data=None):
    """Le formulaire d'invitation d'un instructeur : les services du territoire pas encore invités."""
    if not acces.peut_inviter(user):
        return None
    invites = Invitation.objects.filter(dossier=dossier).values("service_id")
    return InvitationForm(data, services=acces.services_du_territoire(dossier).exclude(pk__in=invites))


def contexte_fil(request, dossier, form=None, form_invitation=None, echanges=None) -> dict:
    """Ce que montre le fil (``messagerie/partials/fil.html``) à ``request.user`` ; ``echanges`` : le
    fil déjà lu pour la page (``fil.echanges``)."""
    echanges = echanges or fil.echanges(dossier, request.user)
    return {
        "dossier": dossier,
        "elements": echanges.elements,
        "invitations": echanges.invitations,
        "message_form": form or MessageForm(),
        "invitation_form": form_invitation or formulaire_invitation(dossier, request.user),
        "cote": acces.cote_de(request.user),
    }


def _page(request, dossier, statut=200, **formulaires):
    contexte = contexte_fil(request, dossier, **formulaires)
    if acces.cote_de(request.user) == Cote.PORTEUR:
        contexte.pop("dossier")
        page = contexte_dossier(request, dossier, "echanges", **contexte)
        return render(request, "messagerie/fil_porteur.html", page, status=statut)
    return render(request, "messagerie/fil_etat.html", contexte, status=statut)


@lecteurs
def fil_du_dossier(request, pk: int):
    dossier = acces.dossier_du_fil(request, pk)
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES, request=request)
        if not form.is_valid():
            statut = 413 if _interrompu(request) else 422
            return _page(request, dossier, statut, form=form)
        message = services.envoyer(
            dossier,
            request.user,
            form.cleaned_data["texte"],
            form.cleaned_data.get("fichier"),
            form.piece,
        )
        annonces.success(request, "Votre message est envoyé.")
        return redirect(services.lien(dossier, request.user, f"message-{message.pk}"))
    services.marquer_lu(dossier, request.user)
    return _page(request, dossier)


def _interrompu(request) -> bool:
    return getattr(request, "televersement_interrompu", None) is not None


@lecteurs
def piece_jointe(request, pk: int, piece: int):
    """Le téléchargement d'une pièce jointe : autorisé exactement comme la lecture du fil."""
    dossier = acces.dossier_du_fil(request, pk)
    jointe = get_object_or_404(PieceJointe, pk=piece, message__dossier=dossier)
    if not jointe.telechargeable or not jointe.fichier:
        raise Http404("Cette pièce jointe n’est pas téléchargeable (analyse en cours ou fichier refusé).")
    return servir(jointe.fichier, jointe.nom, "application/pdf")


@lecteurs
@require_POST
def inviter(request, pk: int):
    dossier = acces.dossier_du_fil(request, pk)
    if not acces.peut_inviter(request.user):
        raise PermissionDenied("Seul un instructeur invite un service dans les échanges.")
    form = formulaire_invitation(dossier, request.user, request.POST)
    if not form.is_valid():
        return _page(request, dossier, 422, form_invitation=form)
    invitations = services.inviter(dossier, form.cleaned_data["services"], request.user)
    noms = ", ".join(i.service.nom for i in invitations)
    texte = f"Invité dans les échanges : {noms}." if noms else "Ces services étaient déjà invités."
    annonces.success(request, texte)
    return redirect(services.lien(dossier, request.user, "echanges"))


@lecteurs
@require_POST
def lu(request, pk: int):
    """L'onglet « Échanges » de la fiche ouvert : le fil est lu par le côté de l'utilisateur."""
    services.marquer_lu(acces.dossier_du_fil(request, pk), request.user)
    return HttpResponse(status=204)
