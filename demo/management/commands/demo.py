"""Demo data: the call open for 60 days, one account per role, printed at the end, for each candidat
organisation a dossier ready to deposit and a draft (``demo.exemples``), and a living instruction
queue: forty more porteurs whose dossiers are deposited and at various stages (``demo.instruction``), with
the scores of two instructeurs and the avis of the services déconcentrés (``demo.evaluations``)."""

import base64
import datetime

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from administration import services as services_administration
from ami.models import Appel
from candidatures.bilan import bilan
from candidatures.models import Dossier, Etat
from comptes.deux_facteurs import APPLICATION, SECOURS, cle_en_texte, est_obligatoire
from comptes.models import (
    Organisation,
    Role,
    ServiceTerritorial,
    TypeOrganisation,
    TypeServiceTerritorial,
    User,
)
from demo import evaluations as demo_evaluations
from demo import instruction as demo_instruction
from demo import messagerie as demo_messagerie
from demo import porteurs as demo_porteurs
from demo import suivi as demo_suivi
from demo.exemples import dossier_complet, dossier_incomplet
from instruction.models import Avis, DemandeAvis, Evaluation, SensAvis
from territoires.models import Departement

MOT_DE_PASSE = "demo-ami-spie-2021"
# The second factor of the instructeurs and the administrateur (mandatory for them: comptes.deux_facteurs):
# one TOTP key for the demo accounts, to add to an authenticator application (printed, base32), and ten
# recovery codes each, every one usable once, all restored by each run of the command.
CLE_TOTP = "64656d6f2d616d692d737069652d32303231212a"  # hex of b"demo-ami-spie-2021!*"
CODES_DE_SECOURS = [f"demo{n:04d}" for n in range(1, 11)]


def otpauth_de_demo() -> str:
    secret = base64.b32encode(bytes.fromhex(CLE_TOTP)).decode()
    return f"otpauth://totp/AMI%20SPIE%20d%C3%A9mo?secret={secret}&issuer=AMI%20SPIE&digits=6&period=30"


def deux_facteurs_de_demo(user):
    """The demo's TOTP application (``CLE_TOTP``) and recovery codes for ``user``, as new."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name=APPLICATION, key=CLE_TOTP, confirmed=True)
    secours = StaticDevice.objects.create(user=user, name=SECOURS, confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=secours, token=code) for code in CODES_DE_SECOURS)


ORGANISATIONS = [
    # (siret, nom, type, département) — SIRETs with a valid Luhn key, invented for the demo.
    ("22590001700016", "Conseil départemental du Nord", TypeOrganisation.CONSEIL_DEPARTEMENTAL, "59"),
    ("13000000000013", "PLIE de la Métropole lilloise", TypeOrganisation.PLIE, "59"),
]

COMPTES = [
    ("candidat.cd@demo.ami-spie.fr", "Camille", "Dupont", Role.CANDIDAT, {"organisation": "22590001700016"}),
    # A second account of the same porteur: the team shares its dossiers.
    (
        "candidat2.cd@demo.ami-spie.fr",
        "Sophie",
        "Lambert",
        Role.CANDIDAT,
        {"organisation": "22590001700016"},
    ),
    ("candidat.plie@demo.ami-spie.fr", "Karim", "Benali", Role.CANDIDAT, {"organisation": "13000000000013"}),
    ("instructeur@demo.ami-spie.fr", "Isabelle", "Martin", Role.INSTRUCTEUR, {"service_national": "DGEFP"}),
    # A second instructeur: the dossiers are scored by one or two of them.
    ("instructeur2@demo.ami-spie.fr", "Paul", "Garnier", Role.INSTRUCTEUR, {"service_national": "DIPLP"}),
    ("agent.ddets@demo.ami-spie.fr", "Thomas", "Leroy", Role.AGENT, {"service": "ddets-59"}),
    ("agent.dreets@demo.ami-spie.fr", "Nadia", "Moreau", Role.AGENT, {"service": "dreets-32"}),
    ("admin@demo.ami-spie.fr", "Alice", "Bernard", Role.ADMINISTRATEUR, {}),
    # /django-admin/, read only: the business administrateur has no access to it (issue 12 item 6).
    ("technique@demo.ami-spie.fr", "Hugo", "Exploitant", Role.TECHNIQUE, {}),
]

# (siret of the porteur, email of the candidat who creates them, intitulé complet, intitulé brouillon)
DOSSIERS = [
    (
        "22590001700016",
        "candidat.cd@demo.ami-spie.fr",
        "SPIE du Nord 2022-2024 — prêt à déposer",
        "SPIE du Nord, bassins de vie — brouillon",
    ),
    (
        "13000000000013",
        "candidat.plie@demo.ami-spie.fr",
        "SPIE de la Métropole lilloise 2022-2024 — prêt à déposer",
        "SPIE de la Métropole lilloise, volet jeunes — brouillon",
    ),
]


def dossiers_de_demo():
    """The dossiers of the demo's porteurs: those of its candidat accounts' organisations."""
    organisations = User.objects.filter(email__endswith=DOMAINE, organisation__isnull=False)
    return Dossier.objects.filter(organisation__in=organisations.values("organisation"))


DOMAINE = "@demo.ami-spie.fr"  # every demo account's e-mail


def creer_dossier(appel, organisation, user, intitule, remplir, commande=None):
    """The dossier ``intitule`` of ``organisation``, created and filled by ``remplir`` unless it exists
    (``commande.crees`` counts those created)."""
    dossier = Dossier.objects.filter(organisation=organisation, intitule=intitule).first()
    if dossier is None:
        dossier = Dossier.objects.creer(appel, organisation, intitule, user)
        remplir(dossier)
        if commande is not None:
            commande.crees += 1
    # The summary « Mes dossiers » shows (complétude, points bloquants), from the rules.
    bilan(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk))
    return dossier


PREFIXE_VAGUE_2 = "AMI2-SPIE-2021"  # the call of the migrations (ami/migrations/0002_appel_2021.py)
PREFIXE_VAGUE_3 = "AMI3-SPIE"


class Command(BaseCommand):
    help = "Charge les données de démonstration et affiche un compte par rôle."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Autoriser la commande hors mode DEBUG.")
        parser.add_argument(
            "--reinitialiser",
            action="store_true",
            help="Supprimer d’abord les dossiers de démonstration (et leur instruction) pour les recréer.",
        )

    @transaction.atomic
    def handle(self, *args, force=False, reinitialiser=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Données de démonstration : lancez avec DEBUG=True, ou --force.")
        # The demo data is nobody's change: it leaves the « Journal des modifications » as it was.
        with disable_auditlog():
            if reinitialiser:
                self.reinitialiser()
            self.peupler()

    def reinitialiser(self):
        """The dossiers of the demo's porteurs deleted, with all they hold (history, pièces, scores,
        avis, compléments: deleted with them); accounts and services are kept, updated by ``peupler``."""
        dossiers = dossiers_de_demo()
        n = dossiers.count()
        dossiers.delete()
        self.stdout.write(f"Réinitialisation : {n} dossiers de démonstration supprimés, recréés ci-dessous.")

    def peupler(self):
        appel = Appel.objects.get(prefixe_numero=PREFIXE_VAGUE_2)
        limite = timezone.localdate() + datetime.timedelta(days=60)
        appel.date_limite_depot = limite
        appel.save(update_fields=["date_limite_depot", "modifie_le"])
        suivante = self.vague_suivante(appel)

        organisations = {}
        for siret, nom, type_, departement in ORGANISATIONS:
            organisations[siret], _ = Organisation.objects.update_or_create(
                siret=siret, defaults={"nom": nom, "type": type_, "departement_id": departement}
            )
        services = {
            "ddets-59": ServiceTerritorial.objects.update_or_create(
                nom="DDETS du Nord", defaults={"type": TypeServiceTerritorial.DDETS, "departement_id": "59"}
            )[0],
            "dreets-32": ServiceTerritorial.objects.update_or_create(
                nom="DREETS Hauts-de-France",
                defaults={"type": TypeServiceTerritorial.DREETS, "region_id": "32"},
            )[0],
        }

        empreinte = make_password(MOT_DE_PASSE)  # hashed once for every demo account: the command stays fast
        lignes, comptes = [], {}
        for email, prenom, nom, role, rattachement in COMPTES:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.first_name, user.last_name, user.role = prenom, nom, role
            user.organisation = organisations.get(rattachement.get("organisation"))
            user.service_national = rattachement.get("service_national", "")
            user.service_territorial = services.get(rattachement.get("service"))
            user.is_staff = user.is_superuser = role == Role.TECHNIQUE
            user.password = empreinte
            user.full_clean()
            user.save()
            if est_obligatoire(user):
                deux_facteurs_de_demo(user)
            comptes[email] = user
            lignes.append((user.get_role_display(), email, user.rattachement))

        dossiers, self.crees = [], 0
        for siret, email, complet, incomplet in DOSSIERS:
            organisation, user = organisations[siret], comptes[email]
            dossiers += [
                creer_dossier(
                    appel, organisation, user, complet, lambda d, u=user: dossier_complet(d, user=u), self
                ),
                creer_dossier(appel, organisation, user, incomplet, dossier_incomplet, self),
            ]

        instructeurs = [comptes["instructeur@demo.ami-spie.fr"], comptes["instructeur2@demo.ami-spie.fr"]]
        animer = demo_evaluations.animation(appel, instructeurs, empreinte)
        crees, gardes = demo_instruction.creer_file(appel, instructeurs[0], empreinte, animer)
        # Each porteur's first member is its référent (« Mon équipe »), as a sign-up makes him.
        for organisation in Organisation.objects.exclude(membres__referent=True):
            premier = organisation.membres.filter(is_active=True).order_by("date_joined", "pk").first()
            if premier is not None:
                User.objects.filter(pk=premier.pk).update(referent=True)
        # Issue 17: « Suivi par » and private notes, then a living messagerie on four dossiers of the queue.
        suivis = demo_suivi.attribuer(instructeurs)
        echanges = demo_messagerie.animer(instructeurs, comptes, empreinte)

        heure = appel.heure_limite_depot
        self.stdout.write(
            self.style.SUCCESS(f"Appel ouvert jusqu'au {limite:%d/%m/%Y} à {heure:%H:%M} (heure de Paris).")
        )
        self.stdout.write(
            f"« {suivante.nom_court} » ({suivante.get_etat_display().lower()}) : la copie de "
            f"« {appel.nom_court} » que l’administrateur publie depuis /administration/appels/."
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {MOT_DE_PASSE}) :")
        for role, email, rattachement in lignes:
            self.stdout.write(f"  {role:<22} {email:<34} {rattachement}")
        self.stdout.write(
            "Double authentification des instructeurs et de l’administrateur : ajoutez dans une application "
            f"d’authentification (FreeOTP, Aegis…) la clé {cle_en_texte(CLE_TOTP)} (TOTP, 6 chiffres, "
            f"30 s ; ou {otpauth_de_demo()}), ou utilisez un code de secours, chacun une fois par compte "
            f"(rétablis à chaque lancement) : {', '.join(CODES_DE_SECOURS[:5])}…"
        )
        self.stdout.write("Dossiers de démonstration :")
        for dossier in (
            Dossier.objects.filter(pk__in=[d.pk for d in dossiers])
            .select_related("organisation")
            .order_by("pk")
        ):
            self.stdout.write(
                f"  {dossier.intitule:<58} {dossier.completude:>3} % complet, "
                f"{dossier.nb_bloquantes} point(s) bloquant(s) — {dossier.organisation.nom}"
            )
        self.afficher_file()
        self.stdout.write(suivis.resume(instructeurs))
        self.stdout.write(echanges.resume(instructeurs[0]))
        self.afficher_bilan(len(dossiers), crees, gardes)

    def vague_suivante(self, appel) -> Appel:
        """« AMI SPIE — vague 3 »: a draft duplicated from ``appel`` (its grid, its exclusions), created
        once by the administration's service, kept as it is afterwards (published or not)."""
        suivante = Appel.objects.filter(prefixe_numero=PREFIXE_VAGUE_3).first()
        if suivante is None:
            ouverture = timezone.localdate() + datetime.timedelta(days=90)
            valeurs = services_administration.valeurs_a_copier(appel)
            valeurs.update(
                nom_court="AMI SPIE — vague 3",
                prefixe_numero=PREFIXE_VAGUE_3,
                date_ouverture=ouverture,
                date_limite_depot=ouverture + datetime.timedelta(days=90),
                date_limite_avis=None,
            )
            suivante = services_administration.creer_appel(Appel(**valeurs), appel, None)
        return suivante

    def afficher_bilan(self, exemples: int, crees: list, gardes: list):
        """What this run created and what it kept as it was (a second run keeps everything), and the
        dossiers an older demo left in a state nobody could reach, with the way to start afresh."""
        gardes_exemples = exemples - self.crees
        self.stdout.write(
            f"Ce lancement : {self.crees + len(crees)} dossiers créés, {gardes_exemples + len(gardes)} "
            f"conservés tels quels ({gardes_exemples} des comptes candidats de démonstration, "
            f"{len(gardes)} de la file d’instruction) ; comptes et mots de passe rétablis."
        )
        impasses = demo_instruction.impasses(dossiers_de_demo())
        if impasses:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(impasses)} dossiers conservés viennent d’une version antérieure de la démo "
                    "et sont dans un état qu’aucune personne n’aurait pu produire : "
                    + " ; ".join(f"{d.numero} ({quoi})" for d, quoi in impasses)
                    + ". Pour repartir de zéro : ./bin/demo --reinitialiser."
                )
            )
        elif gardes or gardes_exemples:
            self.stdout.write("Pour repartir de zéro : ./bin/demo --reinitialiser.")

    def afficher_file(self):
        """The instruction queue: how many dossiers in each state, where, what each agent of ``COMPTES``
        sees, and its scores and avis."""
        deposes = Dossier.objects.exclude(etat=Etat.BROUILLON)
        nombres = dict(deposes.order_by().values_list("etat").annotate(n=Count("pk")))
        etats = ", ".join(
            f"{label.lower()} {nombres[etat]}" for etat, label in Etat.choices if etat in nombres
        )
        territoires = Departement.objects.filter(dossiers__in=deposes).distinct()
        regions = territoires.values("region").distinct().count()
        self.stdout.write(
            f"File d’instruction : {deposes.count()} dossiers déposés ({etats}), sur {regions} régions et "
            f"{territoires.count()} départements."
        )
        porteurs = demo_porteurs.porteurs()
        self.stdout.write(
            f"  {len(porteurs)} autres porteurs, un compte candidat chacun (même mot de passe), par exemple "
            f"porteur01@demo.ami-spie.fr ({porteurs[0].nom})."
        )
        comptes = [email for email, *_ in COMPTES]
        for agent in (
            User.objects.filter(role=Role.AGENT, email__in=comptes)
            .select_related("service_territorial")
            .order_by("email")
        ):
            vus = Dossier.objects.for_user(agent).count()
            self.stdout.write(f"  {agent.email} ({agent.service_territorial}) voit {vus} dossiers déposés.")
        self.afficher_instruction()

    def afficher_instruction(self):
        """The scores and the avis of the queue, the accounts of the services consulted."""
        evaluations = dict(Evaluation.objects.order_by().values_list("dossier").annotate(n=Count("pk")))
        deux = sum(n > 1 for n in evaluations.values())
        self.stdout.write(
            f"  Évaluations : {len(evaluations)} dossiers notés, dont {deux} par les deux instructeurs."
        )
        demandes, attendus = DemandeAvis.objects.count(), DemandeAvis.objects.filter(avis__isnull=True)
        en_retard = attendus.filter(date_limite__lt=timezone.localdate()).count()
        attendus = attendus.count()
        sens = dict(Avis.objects.order_by().values_list("sens").annotate(n=Count("pk")))
        self.stdout.write(
            f"  Avis : {demandes} demandés aux DDETS et DREETS, {demandes - attendus} rendus, "
            f"{attendus - en_retard} attendus, {en_retard} en retard ; "
            f"{Avis.objects.filter(demande__isnull=True).count()} avis spontanés. En tout, "
            f"{sens.get(SensAvis.FAVORABLE, 0)} favorables, {sens.get(SensAvis.RESERVES, 0)} favorables avec "
            f"réserves, {sens.get(SensAvis.DEFAVORABLE, 0)} défavorables."
        )
        agents = User.objects.filter(role=Role.AGENT, email__regex=demo_evaluations.AGENTS)
        exemple = agents.select_related("service_territorial").order_by("email").first()
        if exemple:
            self.stdout.write(
                f"  {agents.count()} agents des autres services consultés (même mot de passe), par exemple "
                f"{exemple.email} ({exemple.service_territorial})."
            )
