"""Membres du consortium d'acteurs (annexe 7 §2), by the types of annexe 7."""

import re

from django.db import models

from ami import libelles as L


class TypeMembre(models.TextChoices):
    """The rows of the annexe 7 §2 table, word for word."""

    COLLECTIVITE = (
        "collectivite",
        (
            "Collectivités territoriales (dont conseil départemental s’il n’est pas chef de file de la candidature)"
        ),
    )
    POLE_EMPLOI = "pole_emploi", "Pôle emploi"
    ETAT = (
        "etat",
        (
            "Etat déconcentré : DREETS, DRIEETS, DEETS, DDETS/PP et DCSTEP, commissaire à la lutte contre la "
            "pauvreté, service pénitentiaire d'insertion et de probation, directions interrégionales des "
            "services pénitentiaires..."
        ),
    )
    OPERATEUR = "operateur", "Opérateurs : Cap Emploi, Mission locale, PLIE, CAF/MSA, CCAS, CCIAS..."
    FORMATION = "formation", "Organismes de formation et d’accompagnement : OPCO, EPIDE, E2C, ..."
    ASSOCIATION = (
        "association",
        (
            "Associations d’insertion sociale et professionnelle : accompagnement à l’emploi, l’activité, "
            "hébergement, logement, mobilités, handicap, santé, garde d’enfants..."
        ),
    )
    INSTITUTIONNEL = (
        "institutionnel",
        (
            "Autres acteurs institutionnels en matière d’hébergement, de logement, de handicap, de santé (SIAO, ARS…)"
        ),
    )
    ENTREPRISE = (
        "entreprise",
        (
            "Entreprises inclusives, entreprises, représentants du monde économique / “La France - Une Chance” / "
            "secteur IAE-EA..."
        ),
    )
    AUTRE = "autre", "Autres"


class StatutMembre(models.TextChoices):
    """What the structure is, whatever the row of annexe 7 it is listed under: R04 and W01 judge by it
    (« au-delà du conseil départemental et de Pôle emploi », « des associations »), never by a box."""

    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "Conseil départemental"
    COLLECTIVITE = "collectivite", "Autre collectivité (région, commune, EPCI…)"
    ETAT = "etat", "Service de l’État (DDETS, SPIP…)"
    POLE_EMPLOI = "pole_emploi", "Pôle emploi"
    ETABLISSEMENT_PUBLIC = "etablissement_public", "Organisme public (CAF, MSA, CCAS, ARS, GIP…)"
    ASSOCIATION = "association", "Association"
    ENTREPRISE = "entreprise", "Entreprise (dont SIAE, entreprise adaptée)"
    AUTRE = "autre", "Autre statut"


# The rows whose structure is what the row says: the statut is not asked, it is the row's.
STATUT_DU_TYPE = {TypeMembre.POLE_EMPLOI: StatutMembre.POLE_EMPLOI, TypeMembre.ETAT: StatutMembre.ETAT}
# Preselected when a row is added (the candidat may change it).
STATUT_INITIAL = STATUT_DU_TYPE | {
    TypeMembre.ASSOCIATION: StatutMembre.ASSOCIATION,
    TypeMembre.ENTREPRISE: StatutMembre.ENTREPRISE,
}

# R04: « au-delà du conseil départemental et de Pôle emploi » — and beyond the State itself (AMI, II.B
# « au-delà du conseil départemental, de Pôle emploi et de l’Etat déconcentré »).
TYPES_HORS_INSERTION = frozenset({TypeMembre.POLE_EMPLOI, TypeMembre.ETAT})
STATUTS_HORS_INSERTION = frozenset(
    {StatutMembre.CONSEIL_DEPARTEMENTAL, StatutMembre.POLE_EMPLOI, StatutMembre.ETAT}
)

# « Conseil départemental du Nord », « Département de la Somme », « Conseil général… », « CD 59 »:
# a name that designates a conseil départemental (checked against the statut, never trusted alone).
NOM_DE_CONSEIL_DEPARTEMENTAL = re.compile(
    r"^\W*(conseil\s+d[ée]partemental|conseil\s+g[ée]n[ée]ral|d[ée]partement\s+(de|du|des|d['’])|cd\s?\d)",
    re.IGNORECASE,
)


def nom_de_conseil_departemental(nom: str) -> bool:
    return bool(NOM_DE_CONSEIL_DEPARTEMENTAL.match(nom or ""))


class Membre(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="membres")
    type = models.CharField("type de membre", max_length=20, choices=TypeMembre.choices)
    structure = models.CharField(L.STRUCTURE, max_length=200, blank=True)
    statut = models.CharField(
        L.MEMBRE_STATUT,
        max_length=32,
        choices=StatutMembre.choices,
        blank=True,
        help_text=L.MEMBRE_STATUT_AIDE,
    )
    interlocuteur = models.CharField(L.INTERLOCUTEUR_REFERENT, max_length=200, blank=True)
    telephone = models.CharField(L.TELEPHONE, max_length=40, blank=True)
    courriel = models.CharField(L.COURRIEL, max_length=254, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "membre du consortium"
        verbose_name_plural = "membres du consortium"
        ordering = ["id"]

    def __str__(self):
        return self.structure or self.get_type_display()

    def save(self, *args, **kwargs):
        if not self.statut:
            self.statut = STATUT_INITIAL.get(self.type, "")
        super().save(*args, **kwargs)

    @property
    def nature(self) -> str:
        """What the structure is: its statut; for the rows of Pôle emploi and of the State, the row's
        (the statut is not asked there); empty when the candidat has not said it yet."""
        return STATUT_DU_TYPE.get(self.type) or self.statut

    @property
    def statut_demande(self) -> bool:
        """Does the row ask the candidat what the structure is?"""
        return self.type not in STATUT_DU_TYPE

    @property
    def est_conseil_departemental(self) -> bool:
        return self.nature == StatutMembre.CONSEIL_DEPARTEMENTAL

    @property
    def est_association(self) -> bool:
        return self.nature == StatutMembre.ASSOCIATION

    @property
    def est_acteur_insertion(self) -> bool:
        """R04: neither the CD, nor Pôle emploi, nor the State — by the row and by what it is."""
        return (
            bool(self.nature)
            and self.type not in TYPES_HORS_INSERTION
            and self.nature not in STATUTS_HORS_INSERTION
            and not self.statut_contredit
        )

    @property
    def statut_contredit(self) -> bool:
        """The name designates a conseil départemental, the statut says something else."""
        return (
            bool(self.nature)
            and self.nature != StatutMembre.CONSEIL_DEPARTEMENTAL
            and nom_de_conseil_departemental(self.structure)
        )

    @property
    def statut_libelle(self) -> str:
        return StatutMembre(self.nature).label if self.nature else ""
