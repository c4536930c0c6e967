"""The accounts the administrateurs manage on the portal: invite, change a role and its rattachement,
deactivate, reactivate, send an invitation again.

Every change is written to the administration's log (``ami.journal``) in the same transaction as the
change itself; the invitation mail leaves after the commit (never for a rolled-back invitation). The
invitation reuses the password-reset flow: the account has an unusable password and the mail carries
the link of ``comptes:nouveau_mot_de_passe`` (Django's ``default_token_generator``).

A deactivated account can neither log in (``ModelBackend.user_can_authenticate``) nor keep using a
session it already has: ``comptes.backends.EmailBackend.get_user`` answers ``None`` for an inactive
user on every request, so the session is anonymous from the next request on."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ami.journal import consigner
from ami.models import Appel
from comptes.models import Role, ServiceNational, User
from courriels import envoi as courriels

VIDE = "—"
LIBELLES_SERVICES_NATIONAUX = dict(ServiceNational.choices)


def objet(compte) -> str:
    """What the log says an entry is about."""
    return f"Compte {compte.email}"


def territoire(service) -> str:
    """« Nord (59) » for a département, « région Hauts-de-France » for a région."""
    if service.departement_id:
        return f"{service.departement.nom} ({service.departement_id})"
    if service.region_id:
        return f"région {service.region.nom}"
    return ""


def rattachement(compte) -> str:
    """The organisation of a candidat, the service of an instructeur or an agent (with its territory)."""
    if compte.role == Role.CANDIDAT and compte.organisation_id:
        return compte.organisation.nom
    if compte.role == Role.INSTRUCTEUR and compte.service_national:
        return compte.service_national
    if compte.role == Role.AGENT and compte.service_territorial_id:
        service = compte.service_territorial
        return f"{service.nom} — {territoire(service)}"
    return ""


def invitation_en_attente(compte) -> bool:
    """Invited, and never came: no password chosen, never logged in."""
    return compte.is_active and compte.last_login is None and not compte.has_usable_password()


def instantane(compte, *, invitation: bool = False) -> dict[str, str]:
    """What the log compares, as a reader sees it."""
    valeurs = {}
    if invitation:
        valeurs["Adresse électronique"] = compte.email
    valeurs |= {
        "Prénom": compte.first_name or VIDE,
        "Nom": compte.last_name or VIDE,
        "Rôle": compte.get_role_display(),
        "Rattachement": rattachement(compte) or VIDE,
    }
    return valeurs


def differences(avant: dict[str, str], apres: dict[str, str]) -> list[list[str]]:
    """[[label, before, after]] of what changed (``ami.journal``'s format)."""
    return [
        [libelle, avant.get(libelle, VIDE), valeur]
        for libelle, valeur in apres.items()
        if avant.get(libelle, VIDE) != valeur
    ]


def lien_invitation(compte) -> str:
    """The absolute link where the invited person chooses a password (valid PASSWORD_RESET_TIMEOUT)."""
    chemin = reverse(
        "comptes:nouveau_mot_de_passe",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": default_token_generator.make_token(compte),
        },
    )
    return f"{settings.PORTAIL_URL}{chemin}"


def envoyer_invitation(compte, par) -> None:
    """The mail « Vous êtes invité… », rendered now, into the outbox, sent after the commit."""
    contexte = {
        "compte": compte,
        "par": par,
        "role": compte.get_role_display(),
        "rattachement": rattachement(compte),
        "lien": lien_invitation(compte),
        "heures": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "portail": settings.PORTAIL_URL,
        "appel": Appel.objects.courant(),
    }
    sujet = "".join(render_to_string("comptes/courriels/invitation_sujet.txt", contexte).splitlines())
    texte = render_to_string("comptes/courriels/invitation.txt", contexte)
    destinataires = [compte.email]
    courriels.envoyer(sujet, texte, destinataires)


def _creer(par, form, libelle: str):
    """A new organisation or service territorial, from its valid form, logged."""
    nouveau = form.save()
    lignes = []
    for nom in form.fields:
        champ = nouveau._meta.get_field(nom)
        valeur = getattr(nouveau, f"get_{nom}_display")() if champ.choices else getattr(nouveau, nom)
        if valeur not in (None, ""):
            lignes.append([str(form[nom].label), VIDE, str(valeur)])
    consigner(par, f"{libelle} {nouveau}", "Création", lignes)
    return nouveau


def _rattacher(compte, form, par) -> None:
    """The role of ``form`` and what goes with it (an existing organisation or service, or a new one
    created here); the other rattachements emptied, as the database's check wants."""
    role = form.cleaned_data["role"]
    compte.role = role
    compte.organisation = None
    compte.service_national = ""
    compte.service_territorial = None
    if role == Role.CANDIDAT:
        compte.organisation = form.cleaned_data["organisation"] or _creer(
            par, form.nouvelle_organisation, "Organisation"
        )
    elif role == Role.INSTRUCTEUR:
        compte.service_national = form.cleaned_data["service_national"]
    elif role == Role.AGENT:
        compte.service_territorial = form.cleaned_data["service_territorial"] or _creer(
            par, form.nouveau_service, "Service territorial"
        )


@transaction.atomic
def inviter(par, form) -> User:
    """The account of a valid ``InvitationForm``, without a usable password, and its invitation."""
    donnees = form.cleaned_data
    compte = User(email=donnees["email"], first_name=donnees["first_name"], last_name=donnees["last_name"])
    _rattacher(compte, form, par)
    compte.set_unusable_password()
    compte.save()
    consigner(par, objet(compte), "Invitation", differences({}, instantane(compte, invitation=True)))
    envoyer_invitation(compte, par)
    return compte


@transaction.atomic
def modifier(par, compte, form) -> list[list[str]]:
    """Apply a valid ``CompteForm``; the changes logged (none: nothing written)."""
    compte = User.objects.select_for_update().get(pk=compte.pk)
    avant = instantane(compte)
    role_avant = compte.role
    compte.first_name = form.cleaned_data["first_name"]
    compte.last_name = form.cleaned_data["last_name"]
    _rattacher(compte, form, par)
    changements = differences(avant, instantane(compte))
    if changements:
        compte.save()
        action = "Changement de rôle" if compte.role != role_avant else "Modification"
        consigner(par, objet(compte), action, changements)
    return changements


@transaction.atomic
def changer_activite(par, pk: int, actif: bool) -> User | None:
    """Deactivate or reactivate; ``None`` when it already was (a second click writes nothing)."""
    compte = User.objects.select_for_update().get(pk=pk)
    if compte.pk == par.pk and not actif:
        raise ValueError("Un administrateur ne peut pas désactiver son propre compte.")
    if compte.is_active == actif:
        return None
    compte.is_active = actif
    compte.save(update_fields=["is_active"])
    avant, apres = ("Non", "Oui") if actif else ("Oui", "Non")
    consigner(par, objet(compte), "Réactivation" if actif else "Désactivation", [["Actif", avant, apres]])
    return compte


@transaction.atomic
def renvoyer_invitation(par, compte) -> bool:
    """A new link for an active account that never logged in."""
    if not compte.is_active or compte.last_login is not None:
        return False
    consigner(par, objet(compte), "Invitation renvoyée")
    envoyer_invitation(compte, par)
    return True
