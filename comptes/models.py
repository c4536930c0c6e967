"""Accounts and roles: who is who on the portal (rules.md, « Who uses the portal »)."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comptes.validators import valider_siret


class Role(models.TextChoices):
    CANDIDAT = "candidat", "Candidat"
    INSTRUCTEUR = "instructeur", "Instructeur national"
    AGENT = "agent", "Agent territorial"
    ADMINISTRATEUR = "administrateur", "Administrateur"
    # Not a business role: the account of ``manage.py createsuperuser``, the only one let into the
    # technical administration (/django-admin/, read only); no page of the portal is open to it.
    TECHNIQUE = "technique", "Exploitant technique"


ROLES_METIER = [(valeur, libelle) for valeur, libelle in Role.choices if valeur != Role.TECHNIQUE]


class TypeOrganisation(models.TextChoices):
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "Conseil départemental"
    EPCI_COMMUNE = "epci_commune", "EPCI / commune"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    PLIE = "plie", "PLIE"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    ASSOCIATION = "association", "Association"
    SIAE = "siae", "Structure de l'IAE"
    AUTRE = "autre", "Autre acteur de l'insertion et de l'emploi"


class Organisation(models.Model):
    """The porteur: a conseil départemental or another insertion/emploi actor."""

    nom = models.CharField("nom", max_length=200)
    siret = models.CharField(
        "SIRET", max_length=14, unique=True, validators=[valider_siret], help_text="14 chiffres, sans espace."
    )
    type = models.CharField("type de porteur", max_length=32, choices=TypeOrganisation.choices)
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name="département",
    )

    class Meta:
        verbose_name = "organisation"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    @property
    def est_conseil_departemental(self) -> bool:
        return self.type == TypeOrganisation.CONSEIL_DEPARTEMENTAL


class ServiceNational(models.TextChoices):
    DIPLP = "DIPLP", "Délégation interministérielle à la prévention et à la lutte contre la pauvreté (DIPLP)"
    DGEFP = "DGEFP", "Délégation générale à l'emploi et à la formation professionnelle (DGEFP)"
    DGCS = "DGCS", "Direction générale de la cohésion sociale (DGCS)"


class TypeServiceTerritorial(models.TextChoices):
    DREETS = "dreets", "DREETS"
    DDETS = "ddets", "DDETS / DDETS-PP"
    COMMISSAIRE = "commissaire", "Commissaire à la lutte contre la pauvreté"
    PREFECTURE = "prefecture", "Préfecture"


# A DDETS works for one département; a DREETS and a commissaire for a whole région;
# a préfecture for either (préfecture de département or de région).
SERVICES_DEPARTEMENTAUX = {TypeServiceTerritorial.DDETS}
SERVICES_REGIONAUX = {TypeServiceTerritorial.DREETS, TypeServiceTerritorial.COMMISSAIRE}


class ServiceTerritorial(models.Model):
    """A service déconcentré de l'État with its territory: one région or one département."""

    type = models.CharField("type de service", max_length=16, choices=TypeServiceTerritorial.choices)
    nom = models.CharField("nom", max_length=200)
    region = models.ForeignKey(
        "territoires.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name="région"
    )
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, null=True, blank=True, verbose_name="département"
    )

    class Meta:
        verbose_name = "service territorial"
        verbose_name_plural = "services territoriaux"
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                name="service_territorial_un_seul_territoire",
                condition=(Q(region__isnull=False) & Q(departement__isnull=True))
                | (Q(region__isnull=True) & Q(departement__isnull=False)),
                violation_error_message="Un service a pour territoire soit une région, soit un département.",
            )
        ]

    def __str__(self):
        return self.nom

    @property
    def territoire(self):
        return self.departement or self.region

    def clean(self):
        if self.type in SERVICES_DEPARTEMENTAUX and not self.departement_id:
            raise ValidationError({"departement": "Une DDETS a pour territoire un département."})
        if self.type in SERVICES_REGIONAUX and not self.region_id:
            raise ValidationError({"region": "Ce service a pour territoire une région."})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        """``manage.py createsuperuser``: a technical account, never a business administrateur."""
        extra_fields.update(role=Role.TECHNIQUE, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)

    def metier(self):
        """The accounts of the business roles, those « Comptes et rôles » manages."""
        return self.exclude(role=Role.TECHNIQUE)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membres",
        verbose_name="organisation (porteur)",
    )
    service_national = models.CharField(
        "service national", max_length=8, choices=ServiceNational.choices, blank=True
    )
    service_territorial = models.ForeignKey(
        ServiceTerritorial,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name="service territorial",
    )
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    # False from a sign-up (« Créer un compte ») until its confirmation link is followed
    # (comptes.inscription);
    # an invitation proves the address by its link: accounts invited or created here are confirmed.
    adresse_confirmee = models.BooleanField("adresse électronique confirmée", default=True)
    # The organisation's référent (the first person of a porteur): removes members, passes the role on.
    referent = models.BooleanField("référent de l’organisation", default=False)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("date d'inscription", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(
                name="user_role_rattachement",
                condition=(
                    # A candidat without an organisation: a sign-up whose request to join one is pending
                    # or was refused (comptes.equipe); he reads no dossier.
                    Q(role=Role.CANDIDAT)
                    | Q(role=Role.INSTRUCTEUR) & ~Q(service_national="")
                    | Q(role=Role.AGENT, service_territorial__isnull=False)
                    | Q(role=Role.ADMINISTRATEUR)
                    | Q(role=Role.TECHNIQUE)
                ),
                violation_error_message=(
                    "Un instructeur appartient à un service national, "
                    "un agent territorial à un service territorial."
                ),
            ),
            models.CheckConstraint(
                name="user_referent_d_une_organisation",
                condition=Q(referent=False) | Q(organisation__isnull=False),
                violation_error_message="Le référent est membre d’une organisation.",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(referent=True),
                name="user_un_referent_par_organisation",
                violation_error_message="Une organisation a un seul référent.",
            ),
            # /django-admin/ bypasses the portal's services: only the technical account enters it.
            models.CheckConstraint(
                name="user_acces_technique",
                condition=Q(role=Role.TECHNIQUE) | Q(is_staff=False, is_superuser=False),
                violation_error_message=(
                    "Seul un compte d’exploitation technique accède à l’administration technique."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()
        erreurs = {}
        if self.role == Role.INSTRUCTEUR and not self.service_national:
            erreurs["service_national"] = "Un instructeur appartient à un service national."
        if self.role == Role.AGENT and not self.service_territorial_id:
            erreurs["service_territorial"] = "Un agent territorial appartient à un service territorial."
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def rattachement(self) -> str:
        """What the header shows under the user's name."""
        if self.role == Role.CANDIDAT and self.organisation_id:
            return self.organisation.nom
        if self.role == Role.INSTRUCTEUR:
            return self.service_national
        if self.role == Role.AGENT and self.service_territorial_id:
            return self.service_territorial.nom
        return self.get_role_display()


# The other models of the app, each in the module of its concept (discovered through this module).
from comptes.models_equipe import DemandeAdhesion, EtatDemande, Inscription, InvitationEquipe  # noqa: E402
from comptes.models_securite import EvenementSecurite, SessionUtilisateur, TypeEvenement  # noqa: E402

__all__ = [
    "DemandeAdhesion",
    "EtatDemande",
    "EvenementSecurite",
    "Inscription",
    "InvitationEquipe",
    "Organisation",
    "Role",
    "ServiceTerritorial",
    "SessionUtilisateur",
    "TypeEvenement",
    "User",
]
