"""The sélection grid of the 2021 call (rules.md, « Sélection criteria »): the default criteria of a new
``Appel``, equal weights, each scored from 0 to 5. The administrateur changes them per call."""

GRILLE_2021 = [
    ("Ampleur et diversité du consortium, associations comprises", "AMI, II.B"),
    (
        "Publics au-delà des allocataires du RSA (jeunes, personnes en situation de handicap, "
        "personnes placées sous main de justice, réfugiés…)",
        "AMI, II.B",
    ),
    (
        "Méthodes favorisant la coordination et le changement des pratiques (co-conception, "
        "formations conjointes, échanges de pratiques)",
        "AMI, II.B",
    ),
    ("Qualité de l’axe 1 « Entrée dans le parcours »", "AMI, annexe 2"),
    ("Qualité de l’axe 2 « Suivi de parcours »", "AMI, annexe 3"),
    ("Qualité de l’axe 3 « Offre d’accompagnement social et professionnel »", "AMI, annexe 4"),
    ("Qualité de la méthodologie (axe 4)", "AMI, annexe 6"),
    ("Territoire pas encore engagé dans le SPIE (« seront toutefois privilégiés »)", "AMI, II.B"),
    ("Cohérence du budget", "AMI, III.A"),
]
POIDS_PAR_DEFAUT = 1
NOTE_MAX_PAR_DEFAUT = 5


def creer_grille(appel, Critere):
    """The 2021 grid for ``appel`` (``Critere``: the model, or its historical version in a migration)."""
    Critere.objects.bulk_create(
        Critere(
            appel=appel,
            ordre=n,
            libelle=libelle,
            source=source,
            poids=POIDS_PAR_DEFAUT,
            note_max=NOTE_MAX_PAR_DEFAUT,
        )
        for n, (libelle, source) in enumerate(GRILLE_2021, start=1)
    )
