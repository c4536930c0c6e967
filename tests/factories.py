import factory
from factory.django import DjangoModelFactory

from ami.models import Appel, ExclusionR08, NatureExclusion
from comptes.models import (
    Organisation,
    Role,
    ServiceNational,
    ServiceTerritorial,
    TypeOrganisation,
    TypeServiceTerritorial,
    User,
)
from comptes.validators import luhn_valide
from territoires.models import Departement, Region

MOT_DE_PASSE = "mot-de-passe-de-test-42"
# The key (hex) of the TOTP application that instructeurs and administrateurs are given (their login asks
# for a code: comptes.deux_facteurs); tests/browser/outils.code_totp computes its codes.
CLE_TOTP = "3132333435363738393031323334353637383930"


def siret_valide(n: int) -> str:
    base = f"{n:013d}"
    return next(base + str(d) for d in range(10) if luhn_valide(base + str(d)))


class RegionFactory(DjangoModelFactory):
    """The référentiel is loaded by migration: factories reuse its rows."""

    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "32"
    nom = "Hauts-de-France"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = "59"
    nom = "Nord"
    region = factory.SubFactory(RegionFactory)


class AppelFactory(DjangoModelFactory):
    class Meta:
        model = Appel

    prefixe_numero = factory.Sequence(lambda n: f"AMI-TEST-{n}")


class ExclusionR08Factory(DjangoModelFactory):
    class Meta:
        model = ExclusionR08

    appel = factory.LazyFunction(Appel.objects.courant)
    nature = NatureExclusion.LAUREAT_AMI1
    nom = factory.Sequence(lambda n: f"Lauréat du premier AMI {n}")
    departement = factory.SubFactory(DepartementFactory, code="62", nom="Pas-de-Calais")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Porteur {n}")
    siret = factory.Sequence(lambda n: siret_valide(1_000_000 + n))
    type = TypeOrganisation.CONSEIL_DEPARTEMENTAL
    departement = factory.SubFactory(DepartementFactory)


class ServiceTerritorialFactory(DjangoModelFactory):
    class Meta:
        model = ServiceTerritorial

    type = TypeServiceTerritorial.DDETS
    nom = factory.Sequence(lambda n: f"DDETS {n}")
    departement = factory.SubFactory(DepartementFactory)
    region = None

    class Params:
        regional = factory.Trait(
            type=TypeServiceTerritorial.DREETS,
            nom=factory.Sequence(lambda n: f"DREETS {n}"),
            departement=None,
            region=factory.SubFactory(RegionFactory),
        )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Claude"
    last_name = factory.Sequence(lambda n: f"Testeur{n}")
    role = Role.CANDIDAT
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def _enregistrer(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def application_totp(obj, create, extracted, **kwargs):
        """Roles whose password login requires a second factor get a confirmed TOTP application of key
        ``CLE_TOTP`` (``application_totp=False``: none, to enrol; ``True``: one whatever the role)."""
        from comptes.deux_facteurs import est_obligatoire

        if create and (extracted or (extracted is None and est_obligatoire(obj))):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.create(user=obj, name="Application d’authentification", key=CLE_TOTP)

    class Params:
        instructeur = factory.Trait(
            role=Role.INSTRUCTEUR, organisation=None, service_national=ServiceNational.DGEFP
        )
        agent = factory.Trait(
            role=Role.AGENT,
            organisation=None,
            service_territorial=factory.SubFactory(ServiceTerritorialFactory),
        )
        agent_regional = factory.Trait(
            role=Role.AGENT,
            organisation=None,
            service_territorial=factory.SubFactory(ServiceTerritorialFactory, regional=True),
        )
        administrateur = factory.Trait(role=Role.ADMINISTRATEUR, organisation=None)
        # ``manage.py createsuperuser``'s account: /django-admin/ (read only), no page of the portal.
        technique = factory.Trait(role=Role.TECHNIQUE, organisation=None, is_staff=True, is_superuser=True)


class DossierFactory(DjangoModelFactory):
    """A draft dossier of the current call (tests/test_dossier.py, tests/test_pieces.py)."""

    class Meta:
        model = "candidatures.Dossier"

    appel = factory.LazyFunction(Appel.objects.courant)
    organisation = factory.SubFactory(OrganisationFactory)
    intitule = factory.Sequence(lambda n: f"SPIE du Nord 2022-2024 n° {n}")
    nom_chef_de_file = factory.SelfAttribute("organisation.nom")
