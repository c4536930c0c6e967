"""The call (« appel ») and its parameters; the 2021 values of rules.md are the defaults."""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
POURCENTAGE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class PeriodeDepot(models.TextChoices):
    """Where the call stands for a dépôt (``Appel.periode``): the pages word each period apart."""

    AVANT = "avant", "Dépôts pas encore ouverts"
    OUVERT = "ouvert", "Dépôts ouverts"
    CLOS = "clos", "Dépôts clos"


# The calls, the most recent first: the latest opening, then the latest deadline (``par_defaut``, lists).
RECENTS = ("-date_ouverture", "-date_limite_depot", "-pk")


class EtatAppel(models.TextChoices):
    """Where a call stands in its life (``administration.appels.changer_etat``, journaled): a brouillon is
    seen by the administrateurs only; a published call takes dossiers until its deadline; a closed one
    refuses every dépôt; an archived one is read only."""

    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"
    CLOS = "clos", "Clos"
    ARCHIVE = "archive", "Archivé"


@dataclass(frozen=True)
class TransitionAppel:
    """A change of a call's état (``administration.services.changer_etat``): its button, the états it
    leaves, the one it reaches, and what it checks first."""

    libelle: str
    depuis: tuple[str, ...]
    vers: str
    confirmation: str

    def refus(self, appel: "Appel") -> str:
        """Why ``appel`` may not take it now (« » when it may)."""
        if self.vers == EtatAppel.PUBLIE and appel.etat == EtatAppel.BROUILLON:
            if not appel.criteres.exists():
                return (
                    "L’appel n’a pas de grille de notation : ajoutez au moins un critère avant de le publier."
                )
            if appel.date_ouverture > appel.date_limite_depot:
                return "L’ouverture des dépôts doit précéder la date limite de dépôt."
        return ""


TRANSITIONS_APPEL = {
    "publier": TransitionAppel(
        "Publier l’appel",
        (EtatAppel.BROUILLON,),
        EtatAppel.PUBLIE,
        "Les candidats verront l’appel et pourront y créer des dossiers.",
    ),
    "clore": TransitionAppel(
        "Clore les dépôts",
        (EtatAppel.PUBLIE,),
        EtatAppel.CLOS,
        "Plus aucun dossier ne pourra être créé ni déposé, même avant la date limite.",
    ),
    "rouvrir": TransitionAppel(
        "Rouvrir les dépôts",
        (EtatAppel.CLOS,),
        EtatAppel.PUBLIE,
        "Les dépôts reprennent jusqu’à la date limite de l’appel.",
    ),
    "archiver": TransitionAppel(
        "Archiver l’appel",
        (EtatAppel.CLOS,),
        EtatAppel.ARCHIVE,
        "L’appel et ses dossiers ne seront plus modifiables : ni paramètres, ni instruction.",
    ),
}


def par_defaut(appels) -> "Appel | None":
    """The call a page shows when nobody chose one: the most recent call open to dépôts, else the most
    recent published one (closed, archived), else the most recent draft — « most recent »: the latest
    opening (``RECENTS``). ``appels``: the calls to choose from, any order."""
    ordre = sorted(appels, key=lambda a: (a.date_ouverture, a.date_limite_depot, a.pk), reverse=True)
    for garder in (Appel.est_ouvert, lambda a: a.etat != EtatAppel.BROUILLON, lambda a: True):
        for appel in ordre:
            if garder(appel):
                return appel
    return None


class AppelQuerySet(models.QuerySet):
    def publies(self):
        """The calls everyone may see: every one but the drafts."""
        return self.exclude(etat=EtatAppel.BROUILLON)

    def courant(self) -> "Appel | None":
        """The default call (``par_defaut``): one query, over these calls."""
        return par_defaut(self.all())


class Appel(models.Model):
    titre = models.CharField(
        "titre",
        max_length=300,
        default="Appel à manifestation d'intérêt pour le service public de l'insertion et de l'emploi",
    )
    nom_court = models.CharField("nom court", max_length=60, default="AMI SPIE — vague 2")
    prefixe_numero = models.CharField(
        "préfixe des numéros de dossier",
        max_length=30,
        default="AMI2-SPIE-2021",
        unique=True,
        help_text="Propre à l’appel : « AMI2-SPIE-2021 » donne les numéros AMI2-SPIE-2021-001, -002…",
        error_messages={"unique": "Ce préfixe est déjà celui d’un autre appel : choisissez-en un autre."},
    )
    publication = models.CharField("publication", max_length=60, default="Juillet 2021")
    date_ouverture = models.DateField(
        "date d'ouverture des dépôts",
        default=datetime.date(2021, 7, 15),
        help_text="Avant cette date, les candidats préparent leur dossier mais ne peuvent pas le déposer.",
    )
    date_limite_depot = models.DateField(
        "date limite de dépôt",
        default=datetime.date(2021, 10, 11),
        help_text="Source : AMI, « Procédure et calendrier ».",
    )
    heure_limite_depot = models.TimeField(
        "heure limite de dépôt",
        default=datetime.time(23, 59, 59),
        help_text="Heure de Paris. Un dossier déposé après cette heure est refusé.",
    )
    date_limite_avis = models.DateField(
        "date limite des avis des services déconcentrés",
        null=True,
        blank=True,
        help_text="Proposée par défaut quand un instructeur demande un avis (au plus tôt dans 7 jours).",
    )
    periode_instruction = models.CharField(
        "instruction des dossiers et sélection", max_length=100, default="Novembre / décembre 2021"
    )
    subvention_etat_max = models.DecimalField(
        "subvention de l'État maximale par territoire (€)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("500000.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Source : AMI, III.A.",
    )
    part_etat_max = models.DecimalField(
        "part maximale de l'État dans le budget (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=POURCENTAGE,
        help_text="Source : AMI, II.A et III.A.",
    )
    cofinancement_min = models.DecimalField(
        "cofinancement minimal (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=POURCENTAGE,
        help_text="Source : AMI, II.A et III.A.2.",
    )
    frais_generaux_max = models.DecimalField(
        "frais généraux et frais de mission maximum (% du montant total du projet)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=POURCENTAGE,
        help_text="Source : AMI, III.A.1.",
    )
    indicateurs_max_par_axe = models.PositiveSmallIntegerField(
        "nombre d'indicateurs par axe (maximum recommandé)", default=5, help_text="Source : AMI, III.C."
    )
    annexe_pages_max = models.PositiveSmallIntegerField(
        "pièce jointe facultative : nombre de pages maximum", default=10, help_text="Source : FAQ."
    )
    nombre_laureats = models.PositiveSmallIntegerField(
        "nombre de territoires lauréats visés", default=35, help_text="Source : AMI, I."
    )
    periode_mise_en_oeuvre = models.CharField(
        "années de mise en œuvre financées",
        max_length=100,
        default="2022 et 2023",
        help_text="« La subvention correspond à deux années de mise en œuvre (…) » : page d’accueil.",
    )
    versement_initial = models.DecimalField(
        "premier versement (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=POURCENTAGE,
    )
    echeance_versement_initial = models.CharField(
        "échéance du premier versement",
        max_length=100,
        default="au début de l’année 2022",
        help_text="Complète « … est versée en deux fois : 60 % » (page d’accueil, courriel de décision).",
    )
    versement_solde = models.DecimalField(
        "solde (%)", max_digits=5, decimal_places=2, default=Decimal("40"), validators=POURCENTAGE
    )
    echeance_versement_solde = models.CharField(
        "échéance du solde", max_length=100, default="au début de l’année 2024"
    )
    enveloppe_totale = models.DecimalField(
        "enveloppe de l'appel (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Laissez vide : nombre de territoires lauréats × subvention maximale.",
    )
    courriel_contact = models.EmailField("adresse de contact", default="amispie@emploi.gouv.fr")
    presentation = models.TextField(
        "présentation de l’appel (page d’accueil)",
        blank=True,
        max_length=5000,
        help_text="Sous le titre de la page d’accueil. Vide : « Le présent appel … vise à sélectionner N "
        "territoires … ». Une ligne vide sépare deux paragraphes ; « - » en début de ligne fait une liste ; "
        "**ainsi** met en gras. Aucune balise HTML : le texte est affiché tel quel.",
    )
    etat = models.CharField(
        "état de l’appel", max_length=10, choices=EtatAppel.choices, default=EtatAppel.PUBLIE, db_index=True
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = AppelQuerySet.as_manager()

    class Meta:
        verbose_name = "appel"
        constraints = [
            models.CheckConstraint(
                name="appel_versements_100",
                condition=models.Q(versement_initial__lte=Decimal("100") - models.F("versement_solde")),
                violation_error_message="Les deux versements ne peuvent dépasser 100 %.",
            )
        ]

    def __str__(self):
        return self.nom_court

    def save(self, *args, **kwargs):
        nouveau = self._state.adding
        super().save(*args, **kwargs)
        if nouveau:  # a new call starts with the 2021 grid, which the administrateur then adapts
            from ami.grille import creer_grille

            creer_grille(self, Critere)

    @property
    def date_limite(self) -> datetime.datetime:
        """The deadline as an aware datetime, Europe/Paris."""
        return datetime.datetime.combine(self.date_limite_depot, self.heure_limite_depot, tzinfo=PARIS)

    @property
    def ouverture(self) -> datetime.datetime:
        """The first second of the opening day, Europe/Paris."""
        return datetime.datetime.combine(self.date_ouverture, datetime.time(0, 0), tzinfo=PARIS)

    @property
    def fin_depot(self) -> datetime.datetime:
        """The first instant past the deadline: its last second counts whole (a dépôt at 23:59:59.3 for
        a deadline at 23:59:59 is on time)."""
        return self.date_limite.replace(microsecond=0) + datetime.timedelta(seconds=1)

    def est_ouvert(self, maintenant: datetime.datetime | None = None) -> bool:
        """The call is published and its deadline not past (drafts may be prepared before the opening).
        The one comparison with the deadline: the dépôt, R17, the porteur's withdrawal and reopening, the
        pages. A call closed by the administrateur (or archived, or still a draft) is never open."""
        return self.etat == EtatAppel.PUBLIE and (maintenant or timezone.now()) < self.fin_depot

    def raison_fermeture(self) -> str:
        """Why the call takes no dépôt now (``est_ouvert`` false), the start of a sentence the caller ends
        (« … : le dossier ne peut plus être déposé. »)."""
        if self.etat == EtatAppel.BROUILLON:
            return f"L’appel « {self.nom_court} » n’est pas encore publié"
        if self.etat != EtatAppel.PUBLIE:
            return f"Les dépôts de l’appel « {self.nom_court} » sont clos"
        limite = timezone.localtime(self.date_limite)
        return f"La date limite de dépôt est passée ({limite:%d/%m/%Y à %H:%M:%S}, heure de Paris)"

    @property
    def archive(self) -> bool:
        """Archived: read only, for everyone."""
        return self.etat == EtatAppel.ARCHIVE

    def transitions(self) -> list[tuple[str, "TransitionAppel"]]:
        """The changes of état the call may take now (the buttons of « Appels »)."""
        return [(nom, t) for nom, t in TRANSITIONS_APPEL.items() if self.etat in t.depuis]

    def avant_ouverture(self, maintenant: datetime.datetime | None = None) -> bool:
        return (maintenant or timezone.now()) < self.ouverture

    def periode(self, maintenant: datetime.datetime | None = None) -> str:
        """« avant » the opening (drafts only), « ouvert » (dépôt possible), « clos » (deadline past)."""
        maintenant = maintenant or timezone.now()
        if not self.est_ouvert(maintenant):
            return PeriodeDepot.CLOS
        return PeriodeDepot.AVANT if self.avant_ouverture(maintenant) else PeriodeDepot.OUVERT

    @property
    def periode_depot(self) -> str:
        """``periode`` now, for the templates."""
        return self.periode()

    @property
    def enveloppe(self) -> Decimal:
        if self.enveloppe_totale is not None:
            return self.enveloppe_totale
        return self.subvention_etat_max * self.nombre_laureats


class Critere(models.Model):
    """A criterion of the call's sélection grid: its weight and its scale (0 to ``note_max``)."""

    appel = models.ForeignKey(Appel, on_delete=models.CASCADE, related_name="criteres")
    ordre = models.PositiveSmallIntegerField("ordre")
    libelle = models.CharField("critère", max_length=300)
    source = models.CharField("source", max_length=100, blank=True)
    poids = models.DecimalField(
        "poids", max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note_max = models.PositiveSmallIntegerField(
        "note maximale", default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        verbose_name = "critère de sélection"
        verbose_name_plural = "critères de sélection"
        ordering = ["ordre", "id"]
        constraints = [models.UniqueConstraint(fields=["appel", "ordre"], name="critere_ordre_unique")]

    def __str__(self):
        return self.libelle


class NatureExclusion(models.TextChoices):
    EXPERIMENTATION = "experimentation", "Expérimentation SPIE (14 territoires)"
    LAUREAT_AMI1 = "laureat_ami1", "Lauréat du premier AMI"
    # Carried from the earlier calls of the portal (« Reprendre les lauréats », administration.services).
    LAUREAT_APPEL = "laureat_appel", "Lauréat d’un appel précédent du portail"
    MEMBRE_LAUREAT = "membre_laureat", "Membre du consortium d’un lauréat d’un appel précédent"


class ExclusionR08(models.Model):
    """A territory or porteur already engaged in the SPIE, which may not apply again (R08)."""

    appel = models.ForeignKey(
        Appel, on_delete=models.CASCADE, related_name="exclusions", verbose_name="appel"
    )
    nature = models.CharField("nature", max_length=20, choices=NatureExclusion.choices)
    nom = models.CharField("porteur ou territoire", max_length=200)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, null=True, blank=True, verbose_name="département"
    )
    siret = models.CharField("SIRET du porteur", max_length=14, blank=True)

    class Meta:
        verbose_name = "exclusion (R08)"
        verbose_name_plural = "exclusions (R08)"
        ordering = ["nature", "nom"]

    def __str__(self):
        return f"{self.nom} — {self.get_nature_display()}"

    @property
    def portee(self) -> str:
        """What this exclusion does in R08 (``candidatures.rules.r08_premier_ami``), in the words the
        administrateur reads beside it: R08 recognises a porteur by its SIRET only — a name is no
        identifier —, and a territory by its département."""
        territoire = (
            f"les dossiers du département {self.departement_id} joignent l’accord du porteur existant et "
            "décrivent l’articulation"
            if self.departement_id
            else ""
        )
        if self.siret:
            return f"Exclut le porteur de SIRET {self.siret}" + (f" ; {territoire}." if territoire else ".")
        if territoire:
            return (
                f"N’exclut aucun porteur (pas de SIRET) : {territoire}. Saisissez le SIRET de « {self.nom} » "
                "pour l’exclure ; un chef de file du même nom est seulement signalé à l’instructeur."
            )
        return "N’exclut aucun porteur ni aucun territoire : saisissez son SIRET ou son département."
