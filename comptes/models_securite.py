"""What the portal keeps for the safety of the accounts: the security events of the journal
(``comptes.securite.consigner``) and the open sessions of each person (``comptes.sessions``)."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone


class TypeEvenement(models.TextChoices):
    CONNEXION = "connexion", "Connexion"
    CONNEXION_PROCONNECT = "connexion_proconnect", "Connexion avec ProConnect"
    ECHEC_CONNEXION = "echec_connexion", "Échec de connexion"
    VERROUILLAGE = "verrouillage", "Blocage après trop d’échecs"
    DECONNEXION = "deconnexion", "Déconnexion"
    SESSIONS_FERMEES = "sessions_fermees", "Fermeture des autres sessions"
    REINITIALISATION_DEMANDEE = "reinitialisation_demandee", "Demande de réinitialisation du mot de passe"
    MOT_DE_PASSE_CHANGE = "mot_de_passe_change", "Changement du mot de passe"
    ADRESSE_CHANGEE = "adresse_changee", "Changement d’adresse électronique"
    DEUX_FACTEURS_ACTIVE = "deux_facteurs_active", "Activation de la double authentification"
    DEUX_FACTEURS_ECHEC = "deux_facteurs_echec", "Code de double authentification refusé"
    DEUX_FACTEURS_REINITIALISE = (
        "deux_facteurs_reinitialise",
        "Réinitialisation de la double authentification",
    )
    INSCRIPTION = "inscription", "Création de compte"
    ADRESSE_CONFIRMEE = "adresse_confirmee", "Confirmation de l’adresse électronique"
    DEMANDE_ADHESION = "demande_adhesion", "Demande pour rejoindre une organisation"
    ADHESION_ACCEPTEE = "adhesion_acceptee", "Demande acceptée"
    ADHESION_REFUSEE = "adhesion_refusee", "Demande refusée"
    INVITATION_EQUIPE = "invitation_equipe", "Invitation d’un collègue"
    INVITATION_ACCEPTEE = "invitation_acceptee", "Invitation acceptée"
    MEMBRE_RETIRE = "membre_retire", "Retrait d’un membre"
    DEPART = "depart", "Départ d’une organisation"
    REFERENT_TRANSMIS = "referent_transmis", "Transmission du rôle de référent"
    EXPORT = "export", "Export demandé"
    TELECHARGEMENT = "telechargement", "Téléchargement"


class EvenementSecurite(models.Model):
    """One security event: who (``compte``, or the address typed when no account matches), from where,
    what (``objet``: « Dossier n° 12 — PDF », « Export XLSX, 34 dossiers »)."""

    quand = models.DateTimeField("date", default=timezone.now)
    type = models.CharField("type", max_length=32, choices=TypeEvenement.choices)
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evenements_securite",
        verbose_name="personne",
    )
    identifiant = models.CharField("identifiant saisi", max_length=254, blank=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    objet = models.CharField("objet", max_length=300, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)

    class Meta:
        verbose_name = "événement de sécurité"
        verbose_name_plural = "événements de sécurité"
        ordering = ["-quand", "-pk"]
        indexes = [
            models.Index(fields=["-quand"], name="evenement_quand"),
            models.Index(fields=["type", "-quand"], name="evenement_type"),
            models.Index(fields=["compte", "-quand"], name="evenement_compte"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} — {self.quand:%d/%m/%Y %H:%M}"


class SessionUtilisateur(AbstractBaseSession):
    """A database session that knows its person: « Mon compte » lists and closes them, a deactivation
    deletes them (``SESSION_ENGINE = "comptes.sessions"``)."""

    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions_ouvertes",
        verbose_name="personne",
    )
    appareil = models.CharField("navigateur", max_length=300, blank=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    ouverte_le = models.DateTimeField("ouverte le", null=True, blank=True)
    derniere_activite = models.DateTimeField("dernière activité", null=True, blank=True)

    class Meta:
        verbose_name = "session"
        indexes = [models.Index(fields=["compte", "expire_date"], name="session_compte")]

    @classmethod
    def get_session_store_class(cls):
        from comptes.sessions import SessionStore

        return SessionStore
