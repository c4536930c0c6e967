"""The accounts the administrateurs manage on the portal: invite, change a role and its rattachement,
deactivate, reactivate, send an invitation again. Each of these is one service, called by the pages of
« Comptes et rôles » and by the shell alike.

Every change is recorded by the history (``core.historique``: django-auditlog, at model level, in the
same transaction as the change itself); ``suivre_les_comptes`` says how an account's entries read (the
same lines as before: Prénom, Nom, Rôle, Rattachement, Actif). The invitation mail leaves after the commit
(never for a rolled-back invitation). The invitation reuses the password-reset flow: the account has an
unusable password and the mail carries the link of ``comptes:nouveau_mot_de_passe`` (``comptes.jetons``:
the token changes with the password and with ``is_active``). Sending the invitation again gives the account
a new unusable password: the earlier link is refused from then on.

A deactivated account can neither log in (``ModelBackend.user_can_authenticate``) nor choose a password
through an old link (``comptes.jetons``); its sessions are deleted (a reactivation does not bring them
back) and ``comptes.signaux.compte_desactive`` lets the API revoke its tokens. An agent moved to another
territory (or out of one) sends ``comptes.signaux.service_territorial_change``: his exports, built for the
old territory, are deleted."""

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from comptes import jetons, signaux
from comptes.envoi_courriels import envoyer_modele
from comptes.models import (
    DemandeAdhesion,
    EtatDemande,
    Organisation,
    Role,
    ServiceNational,
    ServiceTerritorial,
    User,
)
from comptes.sessions import fermer_les_sessions
from core import historique

VIDE = "—"
LIBELLES_SERVICES_NATIONAUX = dict(ServiceNational.choices)


def objet(compte) -> str:
    """What the history says an entry is about."""
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
    """What the history shows of an account, as a reader sees it."""
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


def lien_invitation(compte) -> str:
    """The absolute link where the invited person chooses a password (valid PASSWORD_RESET_TIMEOUT)."""
    chemin = reverse(
        "comptes:nouveau_mot_de_passe",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": jetons.mot_de_passe.make_token(compte),
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
    }
    envoyer_modele("invitation", compte.email, **contexte)


def _rattacher(compte, form) -> None:
    """The role of ``form`` and what goes with it (an existing organisation or service, or a new one
    created here, recorded by the history); the other rattachements emptied, as the database's check wants."""
    role = form.cleaned_data["role"]
    compte.role = role
    compte.organisation = None
    compte.service_national = ""
    compte.service_territorial = None
    if role == Role.CANDIDAT:
        compte.organisation = form.cleaned_data["organisation"] or form.nouvelle_organisation.save()
    elif role == Role.INSTRUCTEUR:
        compte.service_national = form.cleaned_data["service_national"]
    elif role == Role.AGENT:
        compte.service_territorial = form.cleaned_data["service_territorial"] or form.nouveau_service.save()


def inviter(par, form) -> User:
    """The account of a valid ``InvitationForm``, without a usable password, and its invitation."""
    donnees = form.cleaned_data
    with historique.operation(par), transaction.atomic():
        compte = User(
            email=donnees["email"], first_name=donnees["first_name"], last_name=donnees["last_name"]
        )
        _rattacher(compte, form)
        compte.set_unusable_password()
        compte.save()
        envoyer_invitation(compte, par)
    return compte


def modifier(par, compte, form) -> list[list[str]]:
    """Apply a valid ``CompteForm``; the lines the history shows of the change (none: nothing written)."""
    with historique.operation(par) as operation, transaction.atomic():
        compte = User.objects.select_for_update().get(pk=compte.pk)
        avant, ancien_service = instantane(compte), compte.service_territorial
        compte.first_name = form.cleaned_data["first_name"]
        compte.last_name = form.cleaned_data["last_name"]
        _rattacher(compte, form)
        if instantane(compte) == avant:
            return []
        compte.save()
        if compte.organisation_id:
            # Attached by an administrateur (an organisation left without member has nobody to answer):
            # the pending request to join is answered by this change, as the team's page would.
            DemandeAdhesion.objects.filter(demandeur=compte, etat=EtatDemande.EN_ATTENTE).update(
                etat=Case(
                    When(organisation_id=compte.organisation_id, then=Value(EtatDemande.ACCEPTEE)),
                    default=Value(EtatDemande.RETIREE),
                ),
                repondue_le=timezone.now(),
                repondue_par=par,
            )
        if compte.service_territorial_id != getattr(ancien_service, "pk", None):
            signaux.service_territorial_change.send(
                sender=User, compte=compte, ancien=ancien_service, nouveau=compte.service_territorial
            )
    if not operation.modifie:
        return []
    return historique.entrees(historique.pour(compte), limite=1)[0].changements


def changer_activite(par, pk: int, actif: bool) -> User | None:
    """Deactivate or reactivate; ``None`` when it already was (a second click writes nothing). A
    deactivation deletes the account's sessions and revokes its API tokens (``compte_desactive``)."""
    with historique.operation(par), transaction.atomic():
        compte = User.objects.select_for_update().get(pk=pk)
        if par is not None and compte.pk == par.pk and not actif:
            raise ValueError("Un administrateur ne peut pas désactiver son propre compte.")
        if compte.is_active == actif:
            return None
        compte.is_active = actif
        compte.save(update_fields=["is_active"])
        if not actif:
            fermer_les_sessions(compte)
            signaux.compte_desactive.send(sender=User, compte=compte, par=par)
    return compte


def renvoyer_invitation(par, compte) -> bool:
    """A new link for an active account that never logged in. The earlier links are refused from now on:
    the account gets a new unusable password (which the token hashes), as at the first invitation."""
    if not compte.is_active or compte.last_login is not None:
        return False
    with transaction.atomic():
        compte.set_unusable_password()
        compte.save(update_fields=["password"])
        historique.evenement(compte, par, objet(compte), "Invitation renvoyée")
        envoyer_invitation(compte, par)
    return True


def historique_du_compte(compte, limite: int) -> list[historique.Entree]:
    """The rows of the account's history, the most recent first (its typed link, not a text)."""
    return historique.entrees(historique.pour(compte), limite=limite)


# How the history reads ------------------------------------------------------------------------------

COMPTE = [
    "email",
    "first_name",
    "last_name",
    "role",
    "organisation",
    "service_national",
    "service_territorial",
]


def _compte(etat: dict) -> User:
    """An unsaved account with the state recorded (its related objects read when shown)."""
    return User(
        email=etat.get("email", ""),
        first_name=etat.get("first_name", ""),
        last_name=etat.get("last_name", ""),
        role=etat.get("role", ""),
        organisation_id=etat.get("organisation"),
        service_national=etat.get("service_national", ""),
        service_territorial_id=etat.get("service_territorial"),
    )


def _lignes_compte(entree, avant: dict, apres: dict) -> list[list[str]]:
    changes = entree.changes or {}
    if entree.action == historique.CREATION:
        nouveau = instantane(_compte(apres), invitation=True)
        return [[libelle, VIDE, valeur] for libelle, valeur in nouveau.items() if valeur != VIDE]
    lignes = []
    if set(changes) & set(COMPTE):
        ancien, nouveau = instantane(_compte(avant)), instantane(_compte(apres))
        lignes = [
            [libelle, ancien[libelle], valeur]
            for libelle, valeur in nouveau.items()
            if ancien[libelle] != valeur
        ]
    if "is_active" in changes:
        lignes.append(["Actif", *(historique.texte(bool(v)) for v in changes["is_active"])])
    return lignes


def _action_compte(entree) -> str:
    changes = entree.changes or {}
    if entree.action == historique.CREATION:
        return "Invitation"
    if "is_active" in changes:
        return "Réactivation" if changes["is_active"][1] else "Désactivation"
    if "role" in changes:
        return "Changement de rôle"
    return "Modification"


def suivre_les_comptes() -> None:
    """The accounts, the organisations and the services territoriaux, followed by the history."""
    historique.suivre(
        User,
        historique.Suivi(
            objet=lambda entree, etat: f"Compte {etat.get('email', entree.object_repr)}",
            lignes=_lignes_compte,
            action=_action_compte,
        ),
        champs=[*COMPTE, "is_active"],
    )
    historique.suivre(
        Organisation,
        historique.Suivi(
            objet=lambda entree, etat: f"Organisation {entree.object_repr}",
            libelles={"nom": "Nom de l’organisation", "departement": "Département de l’organisation"},
        ),
    )
    historique.suivre(
        ServiceTerritorial,
        historique.Suivi(
            objet=lambda entree, etat: f"Service territorial {entree.object_repr}",
            libelles={"nom": "Nom du service"},
        ),
    )
