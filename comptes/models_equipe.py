"""A porteur's team: the sign-ups waiting for their confirmation, the requests to join an organisation and
the invitations a member sends to a colleague (the services: ``comptes.inscription``, ``comptes.equipe``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comptes.validators import valider_siret


class Inscription(models.Model):
    """A sign-up (« Créer un compte ») and the organisation it declared, until its address is confirmed.

    The account exists (inactive, ``adresse_confirmee=False``) but the organisation is created only at the
    confirmation: an unconfirmed sign-up never takes a SIRET. Purged after ``INSCRIPTION_CONSERVATION_JOURS``.
    """

    compte = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inscription", verbose_name="compte"
    )
    siret = models.CharField("SIRET", max_length=14, validators=[valider_siret])
    nom_organisation = models.CharField("nom de l’organisation", max_length=200)
    type_organisation = models.CharField("type de porteur", max_length=32)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    confirmee_le = models.DateTimeField("confirmée le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription"
        indexes = [models.Index(fields=["confirmee_le", "cree_le"], name="inscription_a_purger")]

    def __str__(self):
        return f"Inscription de {self.compte_id} ({self.siret})"


class EtatDemande(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    RETIREE = "retiree", "Retirée"


class DemandeAdhesion(models.Model):
    """A person who signed up with the SIRET of an existing organisation asks to join it; one of its
    members accepts or refuses."""

    organisation = models.ForeignKey(
        "comptes.Organisation", on_delete=models.CASCADE, related_name="demandes", verbose_name="organisation"
    )
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="demandes_adhesion",
        verbose_name="demandeur",
    )
    etat = models.CharField(
        "état", max_length=12, choices=EtatDemande.choices, default=EtatDemande.EN_ATTENTE
    )
    cree_le = models.DateTimeField("demandée le", default=timezone.now)
    repondue_le = models.DateTimeField("répondue le", null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="répondue par",
    )
    motif = models.TextField("motif du refus", max_length=1000, blank=True)

    class Meta:
        verbose_name = "demande d’adhésion"
        verbose_name_plural = "demandes d’adhésion"
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["demandeur"],
                condition=Q(etat="en_attente"),
                name="demande_adhesion_une_en_attente",
                violation_error_message="Une demande est déjà en attente.",
            )
        ]

    def __str__(self):
        return f"Demande de {self.demandeur_id} pour {self.organisation_id}"


class InvitationEquipe(models.Model):
    """A member invites a colleague by e-mail; the account is created when the link is followed.

    Only the SHA-256 of the link's token is kept. Sending it again replaces the token: the earlier link no
    longer works. Valid ``INVITATION_EQUIPE_JOURS`` days from ``envoyee_le``."""

    organisation = models.ForeignKey(
        "comptes.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="organisation",
    )
    email = models.EmailField("adresse électronique")
    invite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="invité par",
    )
    empreinte = models.CharField("empreinte SHA-256 du lien", max_length=64, unique=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    envoyee_le = models.DateTimeField("envoyée le", default=timezone.now)
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="compte créé",
    )

    class Meta:
        verbose_name = "invitation dans l’équipe"
        verbose_name_plural = "invitations dans l’équipe"
        ordering = ["-envoyee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(acceptee_le__isnull=True, annulee_le__isnull=True),
                name="invitation_equipe_une_ouverte",
                violation_error_message="Une invitation est déjà en cours pour cette adresse.",
            )
        ]

    def __str__(self):
        return f"Invitation de {self.email} ({self.organisation_id})"
