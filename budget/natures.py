"""Natures of expense and financing lines (AMI III.A.1 and III.A.2; FAQ; rules.md « Budget natures »)."""

from django.db import models


class GroupeDepense(models.TextChoices):
    """The groups of the FAQ's « modèle d'état des dépenses »."""

    AXE_1 = "axe_1", "Axe 1"
    AXE_2 = "axe_2", "Axe 2"
    AXE_3 = "axe_3", "Axe 3"
    TRANSVERSAL = "transversal", "Dépenses transversales"


class NatureDepense(models.TextChoices):
    EQUIPE_ANIMATION = "equipe_animation", "Rémunération de l'équipe d'animation"
    CO_CONCEPTION = (
        "co_conception",
        "Prestations pour la co-conception de la coordination des professionnels de terrain",
    )
    FORMATIONS_CONJOINTES = (
        "formations_conjointes",
        "Formations conjointes entre professionnels de plusieurs institutions",
    )
    CONDUITE_CHANGEMENT = "conduite_changement", "Prestations de conduite du changement"
    COORDINATION = "coordination", "Dépenses de renforcement de la coordination opérationnelle"
    COMMUNICATION = "communication", "Communication"
    FRAIS_GENERAUX = (
        "frais_generaux",
        "Frais généraux (fournitures, reprographie, locations de salles, équipement…)",
    )
    FRAIS_MISSION = "frais_mission", "Frais de mission (déplacements, hébergement, restauration du personnel)"
    # Not eligible (R15):
    OFFRE_DIRECTE = "offre_directe", "Mise en œuvre de l'offre de services directe aux usagers (non éligible)"
    SYSTEME_INFORMATION = "systeme_information", "Système d'information (non éligible)"
    DEJA_FINANCE_ETAT = (
        "deja_finance_etat",
        "Dépense déjà financée par un autre dispositif de l'État, CALPAE par exemple (non éligible)",
    )


NATURES_FRAIS_GENERAUX = frozenset({NatureDepense.FRAIS_GENERAUX, NatureDepense.FRAIS_MISSION})
NATURES_NON_ELIGIBLES = frozenset(
    {NatureDepense.OFFRE_DIRECTE, NatureDepense.SYSTEME_INFORMATION, NatureDepense.DEJA_FINANCE_ETAT}
)


class TypeFinancement(models.TextChoices):
    SUBVENTION_ETAT = "subvention_etat", "Subvention de l'État demandée au titre de l'AMI"
    AUTOFINANCEMENT = "autofinancement", "Autofinancement du porteur"
    COFINANCEMENT_PUBLIC = "cofinancement_public", "Cofinancement public (collectivité, FSE+…)"
    COFINANCEMENT_PRIVE = "cofinancement_prive", "Cofinancement privé (fondation…)"
    CONTRIBUTION_MEMBRE = "contribution_membre", "Contribution d'un membre du consortium"
    DISPOSITIF_ETAT = "dispositif_etat", "Autre dispositif de l'État (CALPAE…) — refusé comme cofinancement"


TYPES_COFINANCEMENT = frozenset(
    {
        TypeFinancement.AUTOFINANCEMENT,
        TypeFinancement.COFINANCEMENT_PUBLIC,
        TypeFinancement.COFINANCEMENT_PRIVE,
        TypeFinancement.CONTRIBUTION_MEMBRE,
    }
)
