"""Qui lit et écrit dans les échanges d'un dossier — la seule réponse, que pages, téléchargements, PDF,
historique et badges « non lus » demandent tous :

- l'équipe du porteur : les candidats de l'organisation du dossier, une fois le dossier déposé ;
- l'instruction : les instructeurs nationaux et les administrateurs (les dossiers déposés) ;
- un agent territorial : les dossiers de son territoire (``candidatures.politique``) dont un instructeur
  a invité son service dans le fil (``Invitation``), jamais avant.

Tout autre dossier est un 404, la même réponse qu'un dossier qui n'existe pas."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from candidatures.models import Dossier, Etat
from candidatures.politique import politique
from comptes.models import Role, ServiceTerritorial
from messagerie.models import COTES, Cote, Invitation, cote_de  # noqa: F401 (cote_de: re-exported)

ROLES = tuple(COTES)
# Inviter un service dans le fil : un instructeur national (« une fois qu'un instructeur les invite »).
INVITENT = frozenset({Role.INSTRUCTEUR})


def invitation_du_service(service_id):
    """L'invitation du service ``service_id`` dans le fil du dossier de la requête englobante."""
    return Invitation.objects.filter(dossier_id=OuterRef("pk"), service_id=service_id)


def dossiers(user, queryset=None):
    """Les dossiers dont ``user`` lit et écrit les échanges, dans ``queryset``."""
    cote = cote_de(user)
    lisibles = politique(user).dossiers(queryset).exclude(etat=Etat.BROUILLON)
    if cote is None:
        return lisibles.none()
    if cote == Cote.SERVICE:
        if not user.service_territorial_id:
            return lisibles.none()
        return lisibles.filter(Exists(invitation_du_service(user.service_territorial_id)))
    return lisibles


def peut_lire(user, dossier) -> bool:
    return dossiers(user, Dossier.objects.filter(pk=dossier.pk)).exists()


def dossier_du_fil(request, pk: int) -> Dossier:
    """Le dossier ``pk`` si ``request.user`` en lit les échanges, sinon 404."""
    qs = dossiers(request.user, Dossier.objects.select_related("appel", "organisation", "modifie_par"))
    return get_object_or_404(qs, pk=pk)


def peut_inviter(user) -> bool:
    return getattr(user, "role", None) in INVITENT and user.is_active


def services_du_territoire(dossier):
    """Les services dont les agents lisent le dossier (``candidatures.politique`` : un service
    départemental, son département ; un service régional, les départements de sa région) : ceux qu'un
    instructeur peut inviter dans le fil."""
    departements = list(dossier.departements.values_list("code", "region_id"))
    codes = [code for code, _ in departements]
    regions = {region for _, region in departements}
    return ServiceTerritorial.objects.filter(Q(departement_id__in=codes) | Q(region_id__in=regions)).order_by(
        "type", "nom"
    )


def lit_le_fil(user, dossier) -> bool:
    """``peut_lire`` for a dossier the caller got through ``Dossier.objects.for_user(user)`` (the fiche,
    the PDF): no query but an agent's invitation."""
    cote = cote_de(user)
    if cote is None or dossier.etat == Etat.BROUILLON:
        return False
    if cote == Cote.SERVICE:
        service = user.service_territorial_id
        return bool(service) and Invitation.objects.filter(dossier=dossier, service_id=service).exists()
    if cote == Cote.PORTEUR:
        return bool(user.organisation_id) and user.organisation_id == dossier.organisation_id
    return True


def non_lu(message, user, invitations) -> bool:
    """``message`` not read yet by ``user``'s side (``messagerie.requetes`` says the same in SQL)."""
    cote = cote_de(user)
    if cote == Cote.PORTEUR:
        return message.cote != Cote.PORTEUR and message.lu_porteur_le is None
    if cote == Cote.INSTRUCTION:
        return message.cote != Cote.INSTRUCTION and message.lu_instruction_le is None
    if cote == Cote.SERVICE:
        service = user.service_territorial_id
        if message.cote == Cote.SERVICE and message.service_id == service:
            return False
        lu_le = next((i.lu_le for i in invitations if i.service_id == service), None)
        return lu_le is None or message.envoye_le > lu_le
    return False
