"""Membres du consortium d'acteurs (annexe 7 §2), by the types of annexe 7."""

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


# R04: « au-delà du conseil départemental et de Pôle emploi » — and beyond the State itself.
TYPES_HORS_INSERTION = frozenset({TypeMembre.POLE_EMPLOI, TypeMembre.ETAT})


class Membre(models.Model):
    dossier = models.ForeignKey("candidatures.Dossier", on_delete=models.CASCADE, related_name="membres")
    type = models.CharField("type de membre", max_length=20, choices=TypeMembre.choices)
    structure = models.CharField(L.STRUCTURE, max_length=200, blank=True)
    est_conseil_departemental = models.BooleanField(
        "Cette structure est le conseil départemental", default=False
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
