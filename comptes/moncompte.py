"""« Mon compte »: what a person changes of their own account, each change one service (the pages of
``comptes.views_compte`` call them).

- Their name and telephone (recorded by the history, made by themselves).
- Their password: the current one required (by the form); the session in use stays open, the others are
  closed; a mail tells the address of the account; the journal records it (MOT_DE_PASSE_CHANGE).
- Their e-mail address: the current password required (by the form); a link is sent to the new address
  (``comptes.jetons.nouvelle_adresse``: signed, 24 h, once); followed, the address changes, the old one is
  told, the journal records it (ADRESSE_CHANGEE). An address already taken by another account is never
  said so on the page (anyone who signs up could learn who has an account): the mail sent to that address
  says it, and nothing changes.
- Their open sessions (``comptes.sessions``): listed, « this one » marked; the others closed at once
  (SESSIONS_FERMEES).

The password-reset flow (``comptes.views``) records its request and its use here too
(``reinitialisation_demandee``, ``mot_de_passe_reinitialise``)."""

import enum
import re

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from comptes import jetons
from comptes.envoi_courriels import envoyer_modele, lien_absolu
from comptes.models import SessionUtilisateur, User
from comptes.securite import TypeEvenement, adresse_ip, consigner
from comptes.sessions import fermer_les_sessions
from core import historique

HEURES_ADRESSE = int(jetons.DUREE_ADRESSE.total_seconds() // 3600)


# Mails ------------------------------------------------------------------------------------------------


def _envoyer(gabarit: str, destinataire: str, **contexte) -> None:
    """``comptes/courriels/compte_<gabarit>.txt`` and its ``_sujet``, rendered now, into the outbox."""
    envoyer_modele(f"compte_{gabarit}", destinataire, **contexte)


def _d_ou(request) -> dict:
    """When and from where, as the mails say it."""
    return {
        "quand": timezone.localtime(),
        "navigateur": navigateur(request.META.get("HTTP_USER_AGENT", "")) if request else "",
        "adresse_ip": adresse_ip(request) or "",
        "lien_oubli": lien_absolu("comptes:mot_de_passe_oublie"),
    }


# Name and telephone -----------------------------------------------------------------------------------

PROFIL = ("first_name", "last_name", "telephone")


def modifier_profil(compte, form) -> bool:
    """Apply a valid ``ProfilForm``; False when nothing changed (nothing written)."""
    with historique.operation(compte), transaction.atomic():
        compte = User.objects.select_for_update().get(pk=compte.pk)
        valeurs = {champ: form.cleaned_data[champ] for champ in PROFIL}
        if all(getattr(compte, champ) == valeur for champ, valeur in valeurs.items()):
            return False
        for champ, valeur in valeurs.items():
            setattr(compte, champ, valeur)
        compte.save(update_fields=list(PROFIL))
    return True


# Password ---------------------------------------------------------------------------------------------


def changer_mot_de_passe(request, form) -> int:
    """Save a valid ``ModifierMotDePasseForm`` (the current password checked); the session in use stays
    open, the other sessions are closed: their number."""
    compte = form.save()
    update_session_auth_hash(request, compte)  # a new key for this session, with the new password's hash
    fermees = fermer_les_sessions(compte, sauf=request.session.session_key)
    consigner(
        TypeEvenement.MOT_DE_PASSE_CHANGE,
        request=request,
        compte=compte,
        objet="Depuis « Mon compte »",
        sessions_fermees=fermees,
    )
    _envoyer("mot_de_passe_change", compte.email, compte=compte, **_d_ou(request))
    return fermees


def reinitialisation_demandee(request, adresse: str) -> None:
    """« Mot de passe oublié » submitted: the journal records the address typed (and its account, if any),
    whether or not a link left."""
    adresse = (adresse or "").strip()
    compte = User.objects.filter(email__iexact=adresse).first() if adresse else None
    consigner(
        TypeEvenement.REINITIALISATION_DEMANDEE,
        request=request,
        compte=compte,
        identifiant=adresse,
        objet="Lien de réinitialisation demandé" if compte else "Adresse inconnue : aucun lien envoyé",
    )


def mot_de_passe_reinitialise(request, compte, *, invitation: bool) -> None:
    """A password chosen through the link of ``comptes:nouveau_mot_de_passe``: the sessions the account
    had are closed, the journal records it; after a reset (not the first password of an invitation), a mail
    tells the address."""
    fermees = fermer_les_sessions(compte)
    consigner(
        TypeEvenement.MOT_DE_PASSE_CHANGE,
        request=request,
        compte=compte,
        objet="Premier mot de passe (invitation)" if invitation else "Par le lien « Mot de passe oublié »",
        sessions_fermees=fermees,
    )
    if not invitation:
        _envoyer("mot_de_passe_change", compte.email, compte=compte, **_d_ou(request))


# E-mail address ---------------------------------------------------------------------------------------


def lien_nouvelle_adresse(compte, adresse: str) -> str:
    chemin = reverse(
        "comptes:confirmer_nouvelle_adresse",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": jetons.nouvelle_adresse(compte, adresse),
        },
    )
    return f"{settings.PORTAIL_URL}{chemin}"


def adresse_prise(adresse: str, compte=None) -> bool:
    autres = User.objects.filter(email__iexact=adresse)
    if compte is not None:
        autres = autres.exclude(pk=compte.pk)
    return autres.exists()


def demander_nouvelle_adresse(request, compte, adresse: str) -> None:
    """After a valid ``ChangerAdresseForm``: the link to the new address — or, when another account has it,
    a mail there that says so. The page says the same thing in both cases."""
    adresse = adresse.strip().lower()
    if adresse_prise(adresse, compte):
        _envoyer("adresse_prise", adresse, compte=compte, adresse=adresse)
        return
    _envoyer(
        "nouvelle_adresse",
        adresse,
        compte=compte,
        adresse=adresse,
        lien=lien_nouvelle_adresse(compte, adresse),
        heures=HEURES_ADRESSE,
    )


def compte_du_lien(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk).first()


class Resultat(enum.Enum):
    CHANGEE = "changee"
    INVALIDE = "invalide"  # tampered, expired, used, or the account deactivated
    PRISE = "prise"  # another account took the address since the link left


def adresse_du_lien(compte, jeton: str) -> str | None:
    """The new address a link carries, if it is still valid for ``compte`` (active)."""
    if compte is None or not compte.is_active:
        return None
    return jetons.lire_nouvelle_adresse(compte, jeton)


def confirmer_nouvelle_adresse(request, compte, jeton: str) -> tuple[Resultat, str | None]:
    """Follow the link: the account's address becomes the one it carries (checked again under a lock: two
    clicks change it once); the old address is told, the journal records it."""
    with historique.operation(compte), transaction.atomic():
        compte = User.objects.select_for_update().filter(pk=compte.pk).first()
        adresse = adresse_du_lien(compte, jeton)
        if adresse is None:
            return Resultat.INVALIDE, None
        if adresse_prise(adresse, compte):
            return Resultat.PRISE, adresse
        ancienne = compte.email
        compte.email, compte.adresse_confirmee = adresse, True
        try:
            with transaction.atomic():
                compte.save(update_fields=["email", "adresse_confirmee"])
        except IntegrityError:  # taken a moment ago
            return Resultat.PRISE, adresse
        consigner(
            TypeEvenement.ADRESSE_CHANGEE,
            request=request,
            compte=compte,
            identifiant=adresse,
            objet=f"{ancienne} → {adresse}",
            ancienne=ancienne,
            nouvelle=adresse,
        )
        _envoyer(
            "adresse_changee", ancienne, compte=compte, ancienne=ancienne, adresse=adresse, **_d_ou(request)
        )
    return Resultat.CHANGEE, adresse


# Sessions ---------------------------------------------------------------------------------------------


def sessions_ouvertes(compte, courante: str | None) -> list[SessionUtilisateur]:
    """The account's sessions not expired, this one first, then by last activity; each with its
    ``navigateur`` (readable) and ``est_courante``."""
    lignes = list(
        SessionUtilisateur.objects.filter(compte=compte, expire_date__gt=timezone.now())
        .defer("session_data")
        .order_by("-derniere_activite", "-ouverte_le")
    )
    for ligne in lignes:
        ligne.est_courante = ligne.session_key == courante
        ligne.navigateur = navigateur(ligne.appareil)
    return sorted(lignes, key=lambda ligne: not ligne.est_courante)


def fermer_les_autres_sessions(request) -> int:
    """Close every session of the logged-in person but this one: their number."""
    fermees = fermer_les_sessions(request.user, sauf=request.session.session_key)
    if fermees:
        consigner(
            TypeEvenement.SESSIONS_FERMEES,
            request=request,
            objet=f"{fermees} autre{'s' if fermees > 1 else ''} session{'s' if fermees > 1 else ''}",
            nombre=fermees,
        )
    return fermees


NAVIGATEURS = [
    ("Edge", r"Edg(?:e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chromium", r"Chromium/"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
]
SYSTEMES = [
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("ChromeOS", r"CrOS"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
]


def navigateur(appareil: str) -> str:
    """« Firefox sur Windows », from a User-Agent; « Navigateur inconnu » when it says nothing known."""
    nom = next((nom for nom, motif in NAVIGATEURS if re.search(motif, appareil or "")), "")
    systeme = next((nom for nom, motif in SYSTEMES if re.search(motif, appareil or "")), "")
    if nom and systeme:
        return f"{nom} sur {systeme}"
    return nom or (f"Navigateur sur {systeme}" if systeme else "Navigateur inconnu")
