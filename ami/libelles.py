"""The wording of annexe 7 (« Dossier de candidature »), word for word, and of the AMI where annexe 7
is silent (II.A for the territory, the publics, the declarations and the commitments).

One place, so that the form, the summary, the PDF and the exports say exactly the same thing.
Annexe 7 repeats « typologie, nombre, » and drops a parenthesis in axes 2 and 3; the wording of
axe 1 is used for the three.
"""

# 1. Chef de file de la candidature
NOM_CHEF_DE_FILE = "Nom du chef de file"
ADRESSE = "Adresse"
INTERLOCUTEURS = "Interlocuteurs et coordonnées"
INTERLOCUTEURS_AIDE = "Précisez quels sont les interlocuteurs techniques à contacter pour avoir des précisions sur la candidature"
NOM_PRENOM = "Nom et Prénom"
FONCTION = "Fonction"
TELEPHONE = "Numéro de téléphone"
COURRIEL = "Adresse mail"

# 2. Membres du consortium d'acteurs
STRUCTURE = "Structure"
INTERLOCUTEUR_REFERENT = "Nom et Prénom de l’interlocuteur référent"

# 3. Présentation du projet en 4 axes
AXES = {
    1: "Axe 1 : « Entrée dans le parcours » : définition du projet professionnel, diagnostic socio-professionnel",
    2: "Axe 2 : « Suivi de parcours » : Accompagnement, suivi pendant le parcours, réorientation éventuelle, …",
    3: (
        "Axe 3 : « Offre d’accompagnement social et professionnel » : vers une mise en commun, "
        "une plus grande visibilité et un accès facilité"
    ),
}
OBJECTIFS = {
    1: "Quels objectifs opérationnels précis, par rapport aux objectifs généraux de cet axe fixés en annexe 2 ?",
    2: "Quels objectifs précis, par rapport aux objectifs généraux de cet axe fixés dans l’annexe 3 ?",
    3: "Quels objectifs précis, par rapport aux objectifs généraux de cet axe fixés dans l’annexe 4 ?",
}
QUESTIONS = {
    "actions": "Quelles actions proposées ?",
    "public": (
        "Quel public concerné (typologie, nombre, % par rapport à la population du territoire "
        "qui a besoin d’un accompagnement) ?"
    ),
    "changements": "Quels changements et impacts attendus pour les usagers ?",
    "indicateurs": (
        "Quels indicateurs de moyens et de résultats pourrez-vous communiquer pour suivre "
        "la mise en œuvre et l’impact pour les usagers ?"
    ),
    "methodes": "Quelles méthodes proposées, associant quels acteurs ?",
    "calendrier": "Quel calendrier de déploiement ?",
    "organisation_suivi": (
        "Comment les acteurs s’organisent-ils pour assurer ensemble la sécurisation de l’insertion et un "
        "suivi du devenir des personnes à la sortie du parcours, 6 mois après la sortie du parcours en "
        "formation, en emploi… ? Selon quelles modalités et avec quels indicateurs ?"
    ),
    "organisation_remise": (
        "Comment les acteurs s’organisent-ils pour la remise en place d’actions d’insertion pour les "
        "personnes qui n’ont pas trouvé de solution ?"
    ),
    "offre_visibilite": (
        "Quelle offre sera mise en visibilité pour les personnes et pour les professionnels : formation, "
        "immersion, SIAE/EA, emploi, hébergement, logement, mobilité, garde d’enfants, santé… ?"
    ),
    "offre_commune": "Quelle offre fera l’objet d’un travail commun pour renforcer leur accessibilité ?",
}
DETAILS_ORGANISATION = "Détails d’organisation attendus"
NOMBRE_PERSONNES = "Nombre de personnes concernées (cible)"
PART_POPULATION = "% par rapport à la population du territoire qui a besoin d’un accompagnement"

AXE_4 = "Axe 4 : Méthodologie"
AXE_4_CONSIGNE = (
    "Le candidat doit indiquer les éléments de méthode qui seront mis en œuvre pour répondre aux attendus "
    "de l'annexe 6 de l'AMI (équipe d'animation, modalités d'implication des personnes concernées, "
    "participation effective à la dynamique nationale)"
)
METHODO_EQUIPE = "Équipe d'animation"
METHODO_IMPLICATION = "Modalités d'implication des personnes concernées"
METHODO_DYNAMIQUE = "Participation effective à la dynamique nationale"

# Territoire, publics (AMI, II.A)
PERIMETRE = "Territoire concerné"
PERIMETRE_AIDE = (
    "« Concernent l’ensemble du département ou a minima des bassins de vie et d’emploi du territoire "
    "départemental, pertinents en matière d’insertion » (AMI, II.A)."
)
DEPARTEMENTS = "Département(s)"
BASSINS = "Bassins de vie et d’emploi concernés"
ACCORD_DEUX_DEPARTEMENTS = (
    "Le projet porte sur deux départements : les deux conseils départementaux ont donné leur accord"
)
PUBLICS = "Publics concernés"
PUBLICS_AIDE = (
    "« a minima l’insertion vers l’activité et l’emploi des allocataires du RSA (seront regardés avec "
    "attention, les projets qui porteront sur d’autres publics ayant des besoins d’accompagnements "
    "proches) » (AMI, II.A)."
)
PUBLICS_AUTRES = "Autres publics : précisez"
QPV = "Le projet concerne-t-il des quartiers identifiés « politique de la ville » (QPV) ?"
ZRR = "Le projet concerne-t-il des « zones de revitalisation rurale » (ZRR) ?"
QPV_ZRR_PRECISIONS = "Quartiers et zones concernés"

# R08 — first AMI and expérimentations (AMI, II.A)
R08_QUESTION = "Situation du porteur et du consortium au regard de la démarche SPIE"
R08_AUCUN = (
    "Ni le porteur ni aucun membre du consortium n’a été sélectionné dans le cadre du premier AMI "
    "ou des expérimentations SPIE, et le territoire n’est pas un territoire SPIE"
)
R08_TERRITOIRE = (
    "Le porteur est un acteur de l’insertion et de l’emploi d’un territoire SPIE (expérimentation "
    "ou lauréat du premier AMI)"
)
R08_LAUREAT = "Le porteur ou un membre du consortium a été sélectionné dans le cadre du premier AMI"
R08_ACCORD = "Le porteur de l’expérimentation ou le lauréat du premier AMI a donné son accord"
R08_ARTICULATION = "Articulation du projet avec celui de l’expérimentation ou du lauréat du premier AMI"

# R02 — exceptional case without the CD's letter (AMI, II.A)
R02_DECLARATION = (
    "Cas exceptionnel : le projet concerne des publics spécifiques non allocataires du RSA, en l’absence "
    "de candidature du conseil départemental ou de soutien du conseil départemental à un autre projet"
)
R02_JUSTIFICATION = "Justification du cas exceptionnel"

# Engagements (AMI, II.A, last recevabilité criterion; annexe 1)
ENGAGEMENTS_INTRO = (
    "Comportent un engagement et des propositions du consortium d’acteurs de l’insertion pour :"
)
ENGAGEMENTS = {
    "engagement_coherence": "Rechercher une cohérence des actions et des outils d’insertion à l’échelle du territoire",
    "engagement_doublons": (
        "Eviter de “doublonner” des types d’accompagnement, des plateformes de service numérique et les "
        "sollicitations multiples d’entreprises par les différents acteurs"
    ),
    "engagement_concurrences": "Eviter des “concurrences” dans la prescription des actions",
    "engagement_mise_en_commun": (
        "Favoriser la mise en commun des programmes d’actions, des savoir-faire d’un acteur de "
        "l’insertion, des dispositifs, des outils, des services numériques"
    ),
    "engagement_donnees": (
        "Faciliter le partage des données et informations nécessaires à l’efficacité des parcours "
        "d’insertion et à leur suivi, dans le respect de la protection des données personnelles"
    ),
    "engagement_services_numeriques": (
        "Contribuer à l’élaboration de nouveaux services numériques correspondant à des besoins "
        "identifiés lors de la concertation"
    ),
    "engagement_dynamique_nationale": "Contribuer à la dynamique nationale (cf.III-B)",
    "engagement_principes": (
        "Respectent les principes généraux de la stratégie de parcours issus de la concertation et "
        "présentés dans l’annexe 1"
    ),
}

# Fields of the fidelity wave (issue 16); the helpers owning each point refine the wording.
PERTINENCE_TERRITOIRE = "En quoi le territoire proposé est-il pertinent en matière d’insertion ?"
R08_MEMES_PUBLICS = "Le projet porte-t-il sur les mêmes publics que le projet existant ?"
R08_MEMES_TERRITOIRES = "Les territoires couverts sont-ils les mêmes que ceux du projet existant ?"
PERSONNE_RELAIS = "Personne relais"
PERSONNE_RELAIS_NOM = "Nom et Prénom de la personne relais"
PERSONNE_RELAIS_FONCTION = "Fonction de la personne relais"
PERSONNE_RELAIS_TELEPHONE = "Numéro de téléphone de la personne relais"
PERSONNE_RELAIS_COURRIEL = "Adresse mail de la personne relais"
SERVICE_CARNET_DE_BORD = "Le territoire souhaite participer au carnet de bord"
SERVICE_CARTOGRAPHIE = "Le territoire souhaite participer à la cartographie de l’offre"
SERVICE_DATA_INSERTION = "Le territoire souhaite participer à data.insertion"
ENGAGEMENT_PROPOSITIONS = "Propositions du consortium d’acteurs de l’insertion pour tenir ces engagements"
PARTICIPATION_PERSONNES = (
    "Méthodes d’élaboration et de mise en œuvre des actions qui favorisent la participation des "
    "personnes accompagnées à la définition du parcours d’insertion, son suivi et son évaluation"
)
CHIFFRES_NON_DISPONIBLES = "Ces données ne sont pas disponibles"
CHIFFRES_EXPLICATION = "Précisez pourquoi ces données ne sont pas disponibles"
