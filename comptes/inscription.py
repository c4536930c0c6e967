"""« Créer un compte »: a porteur signs up on its own (issue 15 item 1).

``inscrire`` creates the account, inactive and unconfirmed, without an organisation, and the ``Inscription``
that keeps the organisation it declared; the mail carries a confirmation link valid
``INSCRIPTION_LIEN_HEURES`` hours, once (``JetonInscription``). ``confirmer`` activates the account and
then either creates the organisation (its first person becomes its référent) or, when an organisation
already has this SIRET, asks its members to let the person in (``comptes.equipe.demander_adhesion``).

An address already used never says so in the page: the answer is the same « courriel envoyé » page, and
the address's owner gets a mail (« quelqu'un a voulu créer un compte avec votre adresse », or a new
confirmation link if that account is itself an unconfirmed sign-up). The password is hashed on both paths,
so the time of the answer says nothing either.

The security journal records both steps (``INSCRIPTION``, ``ADRESSE_CONFIRMEE``); the history of changes
(``core.historique``) records the organisation created, by the person, not the account's own sign-up (it
would read as an « Invitation » then a « Réactivation »).

The sign-ups never confirmed are deleted ``INSCRIPTION_CONSERVATION_JOURS`` days later (``purger``, run
every hour by Celery beat: ``comptes.tasks.purger_inscriptions``)."""

import datetime

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from comptes import securite
from comptes.envoi_courriels import envoyer_modele, lien_absolu
from comptes.models import Inscription, Organisation, Role, TypeEvenement, User
from core import historique


class JetonInscription(PasswordResetTokenGenerator):
    """The confirmation link's token: valid ``INSCRIPTION_LIEN_HEURES`` hours, and once — its hash holds
    ``adresse_confirmee`` and ``is_active``, which the confirmation changes (and the password, the last
    login: a password changed since, or a login, also ends it)."""

    key_salt = "comptes.inscription.JetonInscription"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.adresse_confirmee}{user.is_active}"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= duree_du_lien().total_seconds()


jeton_inscription = JetonInscription()


def duree_du_lien() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.INSCRIPTION_LIEN_HEURES)


def lien_de_confirmation(compte) -> str:
    """The absolute link of ``comptes:confirmer_adresse`` for ``compte``."""
    chemin = reverse(
        "comptes:confirmer_adresse",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(compte.pk)),
            "token": jeton_inscription.make_token(compte),
        },
    )
    return f"{settings.PORTAIL_URL}{chemin}"


def compte_du_lien(uidb64: str, token: str) -> User | None:
    """The unconfirmed sign-up the link is for, when its token is still good; ``None`` otherwise (expired,
    already used, altered, or the account purged)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    compte = User.objects.filter(
        pk=pk, adresse_confirmee=False, inscription__confirmee_le__isnull=True
    ).first()
    if compte is None or not jeton_inscription.check_token(compte, token):
        return None
    return compte


def _envoyer(gabarit: str, compte_ou_adresse, **contexte) -> None:
    envoyer_modele(
        gabarit,
        compte_ou_adresse,
        connexion=lien_absolu("comptes:connexion"),
        mot_de_passe_oublie=lien_absolu("comptes:mot_de_passe_oublie"),
        **contexte,
    )


def envoyer_confirmation(compte, *, deja_inscrit: bool = False) -> None:
    """The mail with the confirmation link (after the commit, through the outbox)."""
    _envoyer(
        "inscription",
        compte.email,
        compte=compte,
        lien=lien_de_confirmation(compte),
        heures=settings.INSCRIPTION_LIEN_HEURES,
        jours=settings.INSCRIPTION_CONSERVATION_JOURS,
        deja_inscrit=deja_inscrit,
    )


def en_attente(compte) -> bool:
    """A sign-up whose address is not confirmed yet."""
    return (
        not compte.adresse_confirmee
        and Inscription.objects.filter(compte=compte, confirmee_le__isnull=True).exists()
    )


def _adresse_deja_inscrite(existant, request) -> None:
    """Its owner told by mail (a new link, if it is itself a sign-up waiting), the journal too."""
    if en_attente(existant):
        envoyer_confirmation(existant, deja_inscrit=True)
    else:
        _envoyer("inscription_existante", existant.email, compte=existant)
    securite.consigner(
        TypeEvenement.INSCRIPTION,
        request=request,
        compte=existant,
        objet="Création de compte avec une adresse déjà inscrite",
        adresse_deja_inscrite=True,
    )


def inscrire(donnees: dict, request=None) -> User | None:
    """Sign up from the valid ``InscriptionForm``'s ``cleaned_data``. The new account, or ``None`` when the
    address already had one (whose owner is told by mail)."""
    email = donnees["email"]
    with transaction.atomic():
        existant = User.objects.filter(email__iexact=email).first()
        if existant is not None:
            make_password(donnees["password1"])  # the same work as a new account: the time says nothing
            _adresse_deja_inscrite(existant, request)
            return None
        compte = User(
            email=email,
            first_name=donnees["first_name"],
            last_name=donnees["last_name"],
            role=Role.CANDIDAT,
            organisation=None,
            is_active=False,
            adresse_confirmee=False,
        )
        compte.set_password(donnees["password1"])
        try:
            # the security journal records the sign-up (the history would call it an « Invitation »)
            with transaction.atomic(), disable_auditlog():
                compte.save()
        except IntegrityError:  # the same address signed up at the same instant, by another request
            _adresse_deja_inscrite(User.objects.get(email__iexact=email), request)
            return None
        Inscription.objects.create(
            compte=compte,
            siret=donnees["siret"],
            nom_organisation=donnees["nom_organisation"],
            type_organisation=donnees["type_organisation"],
            departement=donnees["departement"],
        )
        envoyer_confirmation(compte)
        securite.consigner(
            TypeEvenement.INSCRIPTION,
            request=request,
            compte=compte,
            objet=f"Création de compte — {donnees['nom_organisation']} (SIRET {donnees['siret']})",
            siret=donnees["siret"],
        )
    return compte


def renvoyer_lien(email: str, request=None) -> bool:
    """« Recevoir un nouveau lien »: a new confirmation mail when ``email`` is an unconfirmed sign-up;
    nothing otherwise (the page answers the same)."""
    with transaction.atomic():
        compte = User.objects.filter(email__iexact=email.strip()).first()
        if compte is None or not en_attente(compte):
            return False
        envoyer_confirmation(compte)
    return True


def confirmer(compte, request=None):
    """Follow the link: the account active, its address confirmed; then the organisation created (the
    person its référent) or, its SIRET already known, the request to join it. The ``DemandeAdhesion``
    in that case, ``None`` otherwise."""
    demande = None
    with historique.operation(compte), transaction.atomic():
        compte = User.objects.select_for_update().get(pk=compte.pk)
        inscription = Inscription.objects.select_for_update().select_related("departement").get(compte=compte)
        if inscription.confirmee_le is not None:  # the link raced itself: once only
            return None
        maintenant = timezone.now()
        compte.is_active = True
        compte.adresse_confirmee = True
        organisation, creee = Organisation.objects.get_or_create(
            siret=inscription.siret,
            defaults={
                "nom": inscription.nom_organisation,
                "type": inscription.type_organisation,
                "departement": inscription.departement,
            },
        )
        if creee:
            compte.organisation = organisation
            compte.referent = True
        with disable_auditlog():  # the journal's ADRESSE_CONFIRMEE, not a « Réactivation »
            compte.save(update_fields=["is_active", "adresse_confirmee", "organisation", "referent"])
        inscription.confirmee_le = maintenant
        inscription.save(update_fields=["confirmee_le"])
        if creee:
            objet = f"Organisation créée : {organisation.nom} (SIRET {organisation.siret}), référent"
        else:
            objet = f"Demande pour rejoindre {organisation.nom} (SIRET {organisation.siret})"
        securite.consigner(
            TypeEvenement.ADRESSE_CONFIRMEE,
            request=request,
            compte=compte,
            objet=objet,
            organisation=organisation.pk,
            organisation_creee=creee,
        )
        if not creee:
            from comptes.equipe import demander_adhesion  # the team's service (comptes.equipe)

            demande = demander_adhesion(compte, organisation, request)
    return demande


def a_purger():
    """The accounts of the sign-ups never confirmed, older than ``INSCRIPTION_CONSERVATION_JOURS``."""
    limite = timezone.now() - datetime.timedelta(days=settings.INSCRIPTION_CONSERVATION_JOURS)
    return User.objects.filter(
        adresse_confirmee=False,
        is_active=False,
        last_login__isnull=True,
        inscription__confirmee_le__isnull=True,
        inscription__cree_le__lt=limite,
    )


def purger() -> int:
    """Delete them (and their ``Inscription``); how many."""
    with transaction.atomic():
        pks = list(a_purger().select_for_update().values_list("pk", flat=True))
        if not pks:
            return 0
        User.objects.filter(pk__in=pks).delete()
    return len(pks)
