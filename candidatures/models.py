"""The dossier de candidature (annexe 7 of the AMI) and its answers per axe.

Labels are those of annexe 7, word for word (``ami/libelles.py``). Every field may
be empty or hold what the candidat typed, even when it is not valid yet: a draft never
loses a word; completeness and recevabilité are computed, never enforced by the columns.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from ami import libelles as L
from candidatures.differences import Difference
from candidatures.requetes import DossierQuerySet


class Etat(models.TextChoices):
    """The dossier lifecycle of rules.md (« Dossier lifecycle »); the allowed transitions between these
    states are in ``candidatures.cycle``, the only place that changes them."""

    BROUILLON = "brouillon", "Brouillon"
    DEPOSE = "depose", "Déposé"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    COMPLEMENTS = "complements", "Compléments demandés"
    RECEVABLE = "recevable", "Recevable"
    IRRECEVABLE = "irrecevable", "Irrecevable"
    PROPOSE = "propose", "Proposé"
    LAUREAT = "laureat", "Lauréat"
    NON_RETENU = "non_retenu", "Non retenu"
    RETIRE = "retire", "Candidature retirée"


class Section(models.TextChoices):
    """The parts of annexe 7, in its order, each edited on a page of its own."""

    CHEF_DE_FILE = "chef_de_file", "1. Chef de file de la candidature"
    CONSORTIUM = "consortium", "2. Membres du consortium d’acteurs"
    TERRITOIRE = "territoire", "3. Territoire, publics et déclarations"
    AXE_1 = "axe_1", "Axe 1 : « Entrée dans le parcours »"
    AXE_2 = "axe_2", "Axe 2 : « Suivi de parcours »"
    AXE_3 = "axe_3", "Axe 3 : « Offre d’accompagnement social et professionnel »"
    AXE_4 = "axe_4", "Axe 4 : Méthodologie"
    ENGAGEMENTS = "engagements", "Engagements du consortium"
    BUDGET = "budget", "4. Budget prévisionnel et plan de financement"
    PIECES = "pieces", "5. Pièces jointes"


class Perimetre(models.TextChoices):
    DEPARTEMENT = "departement", "L’ensemble du département"
    BASSINS = "bassins", "Un ou plusieurs bassins de vie et d’emploi du territoire départemental"


class Public(models.TextChoices):
    RSA = "rsa", "Allocataires du RSA"
    JEUNES = "jeunes", "Jeunes"
    HANDICAP = "handicap", "Personnes en situation de handicap"
    JUSTICE = "justice", "Personnes placées sous main de justice"
    REFUGIES = "refugies", "Réfugiés"
    AUTRES = "autres", "Autres publics ayant des besoins d’accompagnement proches"


class OuiNon(models.TextChoices):
    OUI = "oui", "Oui"
    NON = "non", "Non"


class EngagementSpie(models.TextChoices):
    """R08: where the porteur and its consortium stand with respect to the first SPIE wave."""

    AUCUN = "aucun", L.R08_AUCUN
    TERRITOIRE = "territoire", L.R08_TERRITOIRE
    LAUREAT = "laureat", L.R08_LAUREAT


class Dossier(models.Model):
    appel = models.ForeignKey("ami.Appel", on_delete=models.PROTECT, related_name="dossiers")
    organisation = models.ForeignKey(
        "comptes.Organisation", on_delete=models.PROTECT, related_name="dossiers", verbose_name="porteur"
    )
    intitule = models.CharField(
        "intitulé du projet",
        max_length=200,
        help_text="Pour vous repérer dans vos dossiers, par exemple « SPIE du Nord 2022-2024 ».",
    )
    etat = models.CharField("état", max_length=20, choices=Etat.choices, default=Etat.BROUILLON)
    numero_ordre = models.PositiveIntegerField("numéro d’ordre", null=True, blank=True, editable=False)
    numero = models.CharField("numéro de dossier", max_length=40, unique=True, null=True, blank=True)

    # 1. Chef de file de la candidature
    nom_chef_de_file = models.CharField(L.NOM_CHEF_DE_FILE, max_length=200, blank=True)
    adresse = models.TextField(L.ADRESSE, blank=True)
    interlocuteur1_nom = models.CharField(L.NOM_PRENOM, max_length=200, blank=True)
    interlocuteur1_fonction = models.CharField(L.FONCTION, max_length=200, blank=True)
    interlocuteur1_telephone = models.CharField(L.TELEPHONE, max_length=40, blank=True)
    interlocuteur1_courriel = models.CharField(L.COURRIEL, max_length=254, blank=True)
    interlocuteur2_nom = models.CharField(L.NOM_PRENOM, max_length=200, blank=True)
    interlocuteur2_fonction = models.CharField(L.FONCTION, max_length=200, blank=True)
    interlocuteur2_telephone = models.CharField(L.TELEPHONE, max_length=40, blank=True)
    interlocuteur2_courriel = models.CharField(L.COURRIEL, max_length=254, blank=True)
    interlocuteur3_nom = models.CharField(L.NOM_PRENOM, max_length=200, blank=True)
    interlocuteur3_fonction = models.CharField(L.FONCTION, max_length=200, blank=True)
    interlocuteur3_telephone = models.CharField(L.TELEPHONE, max_length=40, blank=True)
    interlocuteur3_courriel = models.CharField(L.COURRIEL, max_length=254, blank=True)

    # 3. Territoire et publics (II.A), déclarations R02 and R08
    perimetre = models.CharField(L.PERIMETRE, max_length=20, choices=Perimetre.choices, blank=True)
    departements = models.ManyToManyField(
        "territoires.Departement", related_name="dossiers", blank=True, verbose_name=L.DEPARTEMENTS
    )
    bassins = models.TextField(L.BASSINS, blank=True)
    pertinence_territoire = models.TextField(L.PERTINENCE_TERRITOIRE, blank=True)
    publics = models.JSONField(L.PUBLICS, default=list, blank=True)
    publics_autres = models.CharField(L.PUBLICS_AUTRES, max_length=300, blank=True)
    qpv = models.CharField(L.QPV, max_length=3, choices=OuiNon.choices, blank=True)
    zrr = models.CharField(L.ZRR, max_length=3, choices=OuiNon.choices, blank=True)
    qpv_zrr_precisions = models.TextField(L.QPV_ZRR_PRECISIONS, blank=True)
    engagement_spie = models.CharField(
        L.R08_QUESTION, max_length=20, choices=EngagementSpie.choices, blank=True
    )
    articulation = models.TextField(L.R08_ARTICULATION, blank=True)
    memes_publics = models.CharField(L.R08_MEMES_PUBLICS, max_length=3, choices=OuiNon.choices, blank=True)
    memes_territoires = models.CharField(
        L.R08_MEMES_TERRITOIRES, max_length=3, choices=OuiNon.choices, blank=True
    )
    cas_exceptionnel = models.BooleanField(L.R02_DECLARATION, default=False)
    cas_exceptionnel_justification = models.TextField(L.R02_JUSTIFICATION, blank=True)

    # Axe 4 : Méthodologie (annexe 6)
    methodologie_equipe = models.TextField(L.METHODO_EQUIPE, blank=True)
    methodologie_implication = models.TextField(L.METHODO_IMPLICATION, blank=True)
    methodologie_dynamique = models.TextField(L.METHODO_DYNAMIQUE, blank=True)

    # Engagements du consortium (II.A) and principes de l'annexe 1 (R16)
    engagement_coherence = models.BooleanField(L.ENGAGEMENTS["engagement_coherence"], default=False)
    engagement_doublons = models.BooleanField(L.ENGAGEMENTS["engagement_doublons"], default=False)
    engagement_concurrences = models.BooleanField(L.ENGAGEMENTS["engagement_concurrences"], default=False)
    engagement_mise_en_commun = models.BooleanField(L.ENGAGEMENTS["engagement_mise_en_commun"], default=False)
    engagement_donnees = models.BooleanField(L.ENGAGEMENTS["engagement_donnees"], default=False)
    engagement_services_numeriques = models.BooleanField(
        L.ENGAGEMENTS["engagement_services_numeriques"], default=False
    )
    engagement_dynamique_nationale = models.BooleanField(
        L.ENGAGEMENTS["engagement_dynamique_nationale"], default=False
    )
    engagement_principes = models.BooleanField(L.ENGAGEMENTS["engagement_principes"], default=False)
    engagement_propositions = models.TextField(L.ENGAGEMENT_PROPOSITIONS, blank=True)
    participation_personnes = models.TextField(L.PARTICIPATION_PERSONNES, blank=True)
    # Annexe 5: « Une personne relais devra être identifiée dans tous les territoires candidats ».
    personne_relais_nom = models.CharField(L.PERSONNE_RELAIS_NOM, max_length=200, blank=True)
    personne_relais_fonction = models.CharField(L.PERSONNE_RELAIS_FONCTION, max_length=200, blank=True)
    personne_relais_telephone = models.CharField(L.PERSONNE_RELAIS_TELEPHONE, max_length=40, blank=True)
    personne_relais_courriel = models.CharField(L.PERSONNE_RELAIS_COURRIEL, max_length=254, blank=True)
    service_carnet_de_bord = models.BooleanField(L.SERVICE_CARNET_DE_BORD, default=False)
    service_cartographie = models.BooleanField(L.SERVICE_CARTOGRAPHIE, default=False)
    service_data_insertion = models.BooleanField(L.SERVICE_DATA_INSERTION, default=False)

    # Summary of the last evaluation, for the lists (no rule run per row of a list).
    completude = models.PositiveSmallIntegerField("complétude (%)", default=0, editable=False)
    nb_bloquantes = models.PositiveSmallIntegerField("règles bloquantes", default=0, editable=False)
    nb_avertissements = models.PositiveSmallIntegerField("avertissements", default=0, editable=False)
    # The ids of the blocking rules not met (« R13 »…): the dashboard counts failures by rule.
    regles_bloquantes = models.JSONField("règles bloquantes non respectées", default=list, editable=False)

    # Optimistic locking: one version number per section (and per row for members and budget lines).
    versions = models.JSONField(default=dict, blank=True, editable=False)
    # What a draft could not hold or holds with an error, as typed, until it is corrected
    # (``candidatures.erreurs_saisie.noter_erreurs``): {section: {row prefix ("" for the main form): {field:
    # {"valeur", "libelle", "message"}}}}. The section page validates these values again on every load.
    erreurs_saisie = models.JSONField(default=dict, blank=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    modifie_le = models.DateTimeField("dernière modification", auto_now_add=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    depose_le = models.DateTimeField("déposé le", null=True, blank=True, editable=False)
    # Frozen at dépôt (and after compléments): the instruction queue sorts and filters 10 000 rows.
    cout_global = models.DecimalField(
        "coût global", max_digits=14, decimal_places=2, null=True, editable=False
    )
    subvention_demandee = models.DecimalField(
        "subvention demandée", max_digits=14, decimal_places=2, null=True, editable=False
    )
    # Bumped by every instruction action: two instructeurs never overwrite each other.
    version_instruction = models.PositiveIntegerField(default=0, editable=False)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    # The queue's sorts on the territory: the first of its départements' codes, of their régions' names
    # (NULL: none), kept by ``candidatures.tri`` when its départements change.
    tri_departement = models.CharField("tri par département", max_length=3, null=True, editable=False)
    tri_region = models.CharField("tri par région", max_length=100, null=True, editable=False)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier"
        ordering = ["-modifie_le"]
        indexes = [
            models.Index(fields=["etat", "depose_le"], name="dossier_etat_depot"),
            models.Index(fields=["depose_le"], name="dossier_depot"),
            # The instruction queue sorted on an amount, either way (``instruction.file.ordonner``).
            models.Index(fields=["subvention_demandee", "id"], name="dossier_subvention"),
            models.Index(fields=["cout_global", "id"], name="dossier_cout"),
            models.Index(fields=["tri_departement", "id"], name="dossier_tri_departement"),
            models.Index(fields=["tri_region", "id"], name="dossier_tri_region"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["appel", "numero_ordre"], name="dossier_numero_ordre_unique"),
            models.CheckConstraint(
                name="dossier_depose_numerote",
                condition=Q(etat=Etat.BROUILLON) | (Q(numero__isnull=False) & Q(depose_le__isnull=False)),
                violation_error_message="Un dossier déposé a un numéro et une date de dépôt.",
            ),
        ]

    def __str__(self):
        return self.numero or self.intitule

    @property
    def modifiable(self) -> bool:
        """A draft, of a call not archived (an archived call is read only)."""
        return self.etat == Etat.BROUILLON and not self.appel.archive

    def sections_ouvertes(self, aujourd_hui=None) -> set[str]:
        """What the porteur may edit: every section of a draft; the sections named in a demande de
        compléments until its date (inclusive); nothing else — nothing at all in an archived call."""
        if self.appel.archive:
            return set()
        if self.etat == Etat.BROUILLON:
            return set(Section.values)
        demande = self.demande_complements
        if demande and (aujourd_hui or timezone.localdate()) <= demande.date_limite:
            return set(demande.sections)
        return set()

    @cached_property
    def demande_complements(self) -> "DemandeComplements | None":
        """The demande de compléments the porteur has not answered yet (a dossier in « Compléments
        demandés »), one query the first time it is read."""
        if self.etat != Etat.COMPLEMENTS:
            return None
        en_cours = self.demandes_complements.filter(reponse__isnull=True).select_related("transition")
        return en_cours.order_by("-id").first()

    @property
    def date_complements(self) -> datetime.date | None:
        """The date until which the sections of a demande de compléments stay open (inclusive)."""
        demande = self.demande_complements
        return demande.date_limite if demande else None

    def section_modifiable(self, section: str) -> bool:
        return section in self.sections_ouvertes()

    def version(self, section: str) -> int:
        return int(self.versions.get(section, 0))


class ReponseAxe(models.Model):
    """The answers to the seven questions of an axe (1, 2 or 3), and the extras of axes 2 and 3."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="axes")
    axe = models.PositiveSmallIntegerField("axe", choices=[(1, "Axe 1"), (2, "Axe 2"), (3, "Axe 3")])
    objectifs = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    public = models.TextField(blank=True)
    nombre_personnes = models.PositiveIntegerField(L.NOMBRE_PERSONNES, null=True, blank=True)
    part_population = models.DecimalField(
        L.PART_POPULATION, max_digits=5, decimal_places=2, null=True, blank=True
    )
    chiffres_non_disponibles = models.BooleanField(L.CHIFFRES_NON_DISPONIBLES, default=False)
    chiffres_explication = models.TextField(L.CHIFFRES_EXPLICATION, blank=True)
    changements = models.TextField(blank=True)
    methodes = models.TextField(blank=True)
    calendrier = models.TextField(blank=True)
    # Axe 2, « Détails d'organisation attendus »
    organisation_suivi = models.TextField(blank=True)
    organisation_remise = models.TextField(blank=True)
    # Axe 3
    offre_visibilite = models.TextField(blank=True)
    offre_commune = models.TextField(blank=True)

    class Meta:
        verbose_name = "réponse à un axe"
        ordering = ["axe"]
        constraints = [models.UniqueConstraint(fields=["dossier", "axe"], name="reponse_axe_unique")]

    def __str__(self):
        return f"Axe {self.axe}"


class TypeIndicateur(models.TextChoices):
    MOYENS = "moyens", "Indicateur de moyens"
    RESULTATS = "resultats", "Indicateur de résultats"


class Indicateur(models.Model):
    """« Quels indicateurs de moyens et de résultats pourrez-vous communiquer … ? » — one row each."""

    reponse = models.ForeignKey(ReponseAxe, on_delete=models.CASCADE, related_name="indicateurs")
    type = models.CharField("type d’indicateur", max_length=10, choices=TypeIndicateur.choices, blank=True)
    libelle = models.CharField("indicateur", max_length=300, blank=True)
    cible = models.CharField("valeur cible", max_length=100, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "indicateur"
        ordering = ["id"]

    def __str__(self):
        return self.libelle


class Transition(models.Model):
    """One step of the dossier's history: who changed its state, when, why (``candidatures.cycle``)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField("action", max_length=40)
    depuis = models.CharField("état de départ", max_length=20, choices=Etat.choices)
    vers = models.CharField("nouvel état", max_length=20, choices=Etat.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="par"
    )
    le = models.DateTimeField("le")
    motif = models.TextField("motivation", blank=True)
    donnees = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "transition"
        ordering = ["le", "id"]
        indexes = [models.Index(fields=["dossier", "le"])]

    def __str__(self):
        return f"{self.dossier} : {self.depuis} → {self.vers}"

    @property
    def libelle(self) -> str:
        from candidatures.cycle import Action

        if self.action not in Action.values:
            return self.action
        libelle = Action(self.action).label
        if self.action == Action.RELANCER_AVIS and self.donnees.get("service"):  # which service reminded
            return f"{libelle} à {self.donnees['service']}"
        return libelle


class DemandeComplements(models.Model):
    """« An instructeur may send a « demande de compléments » that reopens the named parts of a deposited
    dossier to the candidat until a date » (rules.md): the sections and the date, the dossier as it was
    read then; answered when the porteur transmits, with what the porteur changed
    (``candidatures.complements``). Who asked, when and the message are the step of the history."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="demandes_complements")
    # « Demande de compléments »: by whom, when, the message to the porteur (its motivation).
    transition = models.OneToOneField(
        Transition, on_delete=models.CASCADE, related_name="demande_complements", editable=False
    )
    # The ``Section`` values reopened.
    sections = models.JSONField("sections à compléter", default=list)
    date_limite = models.DateField("à compléter au plus tard le")
    # The dossier as the instructeur read it (``resume.instantane``): what the answer is compared with.
    avant = models.JSONField(default=dict, blank=True, editable=False)
    # « Compléments transmis »: by whom, when; empty while the porteur has not answered.
    reponse = models.OneToOneField(
        Transition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reponse_complements",
        editable=False,
    )
    # What the porteur changed (``Difference.en_donnees``), computed once at the transmission.
    modifications = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "demande de compléments"
        verbose_name_plural = "demandes de compléments"
        ordering = ["id"]

    def __str__(self):
        return f"{self.dossier} : compléments avant le {self.date_limite:%d/%m/%Y}"

    @property
    def message(self) -> str:
        return self.transition.motif

    @property
    def differences(self) -> list[Difference]:
        return [Difference(**d) for d in self.modifications]
