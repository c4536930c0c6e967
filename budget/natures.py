"""Natures of expense and financing lines (AMI III.A.1 and III.A.2; FAQ; rules.md « Budget natures »)."""

from django.db import models


class GroupeDepense(models.TextChoices):
    """The groups of the FAQ's « modèle d'état des dépenses », in its order and its words: « Dépenses
    transversales » first (its example: « Rémunération chargé de mission … animation du projet »), then
    each axe, whose lines fall into « Action n° » sub-groups (``LigneDepense.numero_action``)."""

    TRANSVERSAL = "transversal", "Dépenses transversales"
    AXE_1 = "axe_1", "Dépenses relatives à l'axe 1"
    AXE_2 = "axe_2", "Dépenses relatives à l'axe 2"
    AXE_3 = "axe_3", "Dépenses relatives à l'axe 3"


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
    # Kept for the lines saved before the question « déjà financée par un autre dispositif de l'État ? »
    # (``LigneDepense.deja_financee_etat``), which replaced it: no longer offered (``NATURES_PROPOSEES``).
    DEJA_FINANCE_ETAT = (
        "deja_finance_etat",
        "Dépense déjà financée par un autre dispositif de l'État, CALPAE par exemple (non éligible)",
    )


# « Frais généraux (fournitures, reprographie, locations de salles, équipement…) ou frais de mission
# (déplacements, hébergement, restauration du personnel) » (AMI III.A.1): the lines the 15 % counts,
# and the only ones marked « O » in the état des dépenses (``LigneDepense.frais_generaux`` follows).
NATURES_FRAIS_GENERAUX = frozenset({NatureDepense.FRAIS_GENERAUX, NatureDepense.FRAIS_MISSION})
NATURES_NON_ELIGIBLES = frozenset(
    {NatureDepense.OFFRE_DIRECTE, NatureDepense.SYSTEME_INFORMATION, NatureDepense.DEJA_FINANCE_ETAT}
)
NATURES_PROPOSEES = [(v, label) for v, label in NatureDepense.choices if v != NatureDepense.DEJA_FINANCE_ETAT]


class OuiNon(models.TextChoices):
    """The same values as ``candidatures.models.OuiNon`` (not imported: candidatures imports budget)."""

    OUI = "oui", "Oui"
    NON = "non", "Non"


class TypeFinancement(models.TextChoices):
    """The financing lines. « Ces crédits viennent-ils de l'État ? » is answered by the type itself: the
    form offers them in two groups (``TYPES_PROPOSES``), the State's and the others."""

    SUBVENTION_ETAT = "subvention_etat", "Subvention de l'État demandée au titre de l'AMI"
    DISPOSITIF_ETAT = (
        "dispositif_etat",
        "Autres crédits de l'État (CALPAE, politique de la ville, DREETS, DDETS, préfecture…) "
        "— ne sont pas un cofinancement",
    )
    AUTOFINANCEMENT = "autofinancement", "Autofinancement du porteur"
    COFINANCEMENT_PUBLIC = (
        "cofinancement_public",
        "Subvention publique hors État (collectivité territoriale, CAF, MSA…)",
    )
    FSE = "fse", "Fonds social européen (FSE+)"
    COFINANCEMENT_PRIVE = "cofinancement_prive", "Cofinancement privé (fondation…)"
    CONTRIBUTION_MEMBRE = "contribution_membre", "Contribution d'un membre du consortium"


TYPES_ETAT = (TypeFinancement.SUBVENTION_ETAT, TypeFinancement.DISPOSITIF_ETAT)
TYPES_COFINANCEMENT = frozenset(
    {
        TypeFinancement.AUTOFINANCEMENT,
        TypeFinancement.COFINANCEMENT_PUBLIC,
        TypeFinancement.FSE,
        TypeFinancement.COFINANCEMENT_PRIVE,
        TypeFinancement.CONTRIBUTION_MEMBRE,
    }
)
TYPES_PROPOSES = [
    ("Crédits de l'État", [(t.value, t.label) for t in TYPES_ETAT]),
    (
        "Cofinancement : hors crédits de l'État",
        [(t.value, t.label) for t in TypeFinancement if t in TYPES_COFINANCEMENT],
    ),
]


class StatutFinancement(models.TextChoices):
    """FAQ « Comment est calculé le cofinancement de 20% » : « toute subvention (ou part de subvention)
    déjà attribuée ou pour laquelle une demande formelle a déjà été déposée »."""

    ACQUIS = "acquis", "Acquis (déjà attribué)"
    DEMANDE = "demande", "Demandé (demande formelle déjà déposée)"
    ENVISAGE = "envisage", "Ni attribué ni demandé (ne compte pas dans le cofinancement)"


STATUTS_RETENUS = frozenset({StatutFinancement.ACQUIS, StatutFinancement.DEMANDE})


class ModaliteFinancement(models.TextChoices):
    NUMERAIRE = "numeraire", "En numéraire"
    NATURE = "nature", "En nature (valorisation d'un apport : personnel, locaux…)"
