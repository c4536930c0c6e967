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
# Not in annexe 7: what the structure is, so that R04 and W01 judge by it (AMI, II.A; FAQ).
MEMBRE_STATUT = "Statut de la structure"
MEMBRE_STATUT_AIDE = "Ce qu’est la structure, quelle que soit la rubrique où elle figure."
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
# FAQ « Quelles précisions sont attendues pour la description du public ? » — « Si certaines données ne
# sont pas disponibles, les candidats peuvent le préciser dans le dossier ». What may be unavailable is the
# % (it needs figures of the territory's population); the number in cible stays asked: it is an objective
# the consortium sets itself (AMI, II.A), « une estimation », « un ordre de grandeur » (FAQ).
CHIFFRES_NON_DISPONIBLES = (
    "Donnée non disponible : le % par rapport à la population du territoire qui a besoin d’un "
    "accompagnement ne peut pas être estimé"
)
CHIFFRES_EXPLICATION = "Précisez pourquoi cette donnée n’est pas disponible"

# The FAQ's « conseils de remplissage » and « Quelles précisions sont attendues… », word for word, shown
# as help next to the questions they concern (axes 1 to 3, then the methodology).
AIDES = {
    "objectifs": (
        "« doit permettre, pour chaque axe, de retracer les engagements du candidat au regard de ceux "
        "attendus et mentionnés dans l’item « les candidats s’engagent » des annexes 2, 3, 4 » (FAQ, "
        "conseils de remplissage)."
    ),
    "actions": (
        "« doit permettre, pour chaque axe, d’identifier si les actions envisagées couvrent tout ou partie "
        "des attendus mentionnés dans l’item « les dossiers de candidature devront » des annexes 2, 3, 4 » ; "
        "« Rappel : ne donneront pas lieu à financement : […] les propositions relevant d’initiative "
        "nationale (services numériques) ; […] le renforcement de dispositifs d’accompagnement, à de "
        "nouvelles solutions d’insertion qui relèvent éventuellement de la stratégie pauvreté » (FAQ, "
        "conseils de remplissage)."
    ),
    "public": (
        "« Pour la typologie, il est attendu de préciser si le projet concerne les seuls allocataires du "
        "RSA ou également les jeunes, les personnes en situation de handicap non allocataires du RSA. Le "
        "cas échéant, il peut être précisé si le projet cible certaines problématiques spécifiques […]. Il "
        "n’est pas attendu de précisions sur les caractéristiques de la population (il n’est pas utile de "
        "préciser par exemple la composition hommes/femmes, âge, CSP...) » (FAQ)."
    ),
    "nombre_personnes": (
        "« Il ne s’agit pas nécessairement d’un chiffre précis mais d’un ordre de grandeur pour appréhender "
        "l’ampleur du projet (estimer si le projet concerne des centaines, des milliers de personnes) » ; "
        "« Les renseignements attendus ne doivent pas nécessiter de recherche spécifique mais utiliser des "
        "données déjà disponibles » (FAQ)."
    ),
    "part_population": (
        "« là encore, il s’agit d’une estimation » ; « le nombre doit être significatif avec des repères qui "
        "peuvent être % par rapport à nombre de demandeurs d’emploi, demandeurs d’emploi de très longue "
        "durée, nombre d’allocataires du RSA… » (FAQ). Un nombre entre 0 et 100, par exemple 35,5."
    ),
    "chiffres_non_disponibles": (
        "« Si certaines données ne sont pas disponibles, les candidats peuvent le préciser dans le "
        "dossier » (FAQ). Cochez cette case à la place du %, et expliquez pourquoi ci-dessous."
    ),
    "chiffres_explication": (
        "À remplir si la case ci-dessus est cochée : par exemple, les repères dont vous disposez "
        "(nombre d’allocataires du RSA, de demandeurs d’emploi, de jeunes du territoire)."
    ),
    "indicateurs": (
        "« Il est souhaité que les candidats précisent s’ils possèdent déjà des données ou indicateurs qui "
        "leur permettront de suivre la réalisation du projet et son impact pour la population et s’ils "
        "envisagent éventuellement de collecter de nouvelles données ou indicateurs » ; « s’agissant des "
        "indicateurs attachés à la mesure d’impact, des propositions doivent être formulées dans le "
        "projet ; ceux mentionnés dans l’AMI n’ont qu’une valeur d’exemple » (FAQ)."
    ),
    "methodes": (
        "« doit permettre d’appréhender, pour chacun des axes, la bonne compréhension par le candidat des "
        "exigences en matière de co-construction, d’acculturation réciproque mentionnées dans les annexes "
        "2, 3, 4 et l’annexe 6 relative à la méthode » (FAQ, conseils de remplissage)."
    ),
    "calendrier": (
        "« Il s’agit d’indiquer les principales étapes envisagées pour la mise en œuvre du projet et comment "
        "elles s’inscrivent dans le temps. […] Cela peut être exprimé par exemple par semestre ou "
        "trimestre » ; « si les candidats envisagent de tester […] des nouvelles modalités de diagnostic ou "
        "de suivi de parcours d’abord pour une partie de la population, une partie des professionnels ou "
        "du territoire puis de les étendre, ils peuvent préciser qu’ils prévoient un déploiement "
        "progressif » (FAQ)."
    ),
}
AXE_4_AIDE = (
    "« Concernant les éléments de méthode (annexe 6 de l’AMI), ceux-ci doivent apparaître dans les "
    "réponses apportées à chacun des 3 axes » (FAQ, conseils de remplissage)."
)

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

# R08 — first AMI and expérimentations (AMI, II.A; FAQ « Les porteurs de projets des 14 expérimentations
# SPIE en cours et les 31 lauréats du premier AMI ne peuvent pas candidater… »). Who is excluded is the
# porteur itself; an actor of an existing SPIE territory — a member of its consortium included — applies
# on conditions; Pôle emploi, member of every consortium, changes nothing.
R08_QUESTION = "Situation du porteur au regard de la démarche SPIE"
R08_AIDE = (
    "« Les porteurs/membres des consortiums SPIE ayant été sélectionnés dans le cadre du premier AMI ne "
    "peuvent pas recandidater. Toutefois, les acteurs de l’insertion et de l’emploi présents sur ces "
    "territoires SPIE pourront candidater, avec l’accord du porteur de l’expérimentation ou du lauréat du "
    "premier AMI » (AMI, II.A). La présence de Pôle emploi ou d’un autre acteur national dans le "
    "consortium ne fait pas du territoire un territoire SPIE."
)
R08_AUCUN = (
    "Le porteur n’a été retenu ni pour une expérimentation SPIE ni au premier AMI, et il n’intervient pas "
    "sur un territoire SPIE"
)
R08_TERRITOIRE = (
    "Le porteur est un acteur de l’insertion et de l’emploi présent sur un territoire SPIE (expérimentation "
    "ou lauréat du premier AMI), y compris comme membre de son consortium, sans en être le porteur"
)
R08_LAUREAT = (
    "Le porteur est lui-même le porteur d’une expérimentation SPIE ou d’un projet lauréat du premier AMI"
)
R08_LETTRE_ACCORD = "Lettre d’accord du porteur de l’expérimentation ou du lauréat du premier AMI"
R08_CONDITIONS = (
    "« Cette possibilité est ouverte à condition que le projet ne porte pas sur les mêmes publics sauf si "
    "les territoires sont différents. L’articulation du projet avec celui de l’expérimentation ou du "
    "lauréat du premier AMI devra alors être précisée dans la candidature » (AMI, II.A)."
)
R08_MEMES_PUBLICS = (
    "Le projet porte-t-il sur les mêmes publics que celui de l’expérimentation ou du lauréat du premier AMI ?"
)
R08_MEMES_TERRITOIRES = (
    "Le projet couvre-t-il les mêmes territoires que l’expérimentation ou le lauréat du premier AMI ?"
)
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
        "d’insertion et à leur suivi, dans le respect de la protection des données personnelles. Cet "
        "engagement concerne à la fois la volonté de mettre à disposition les données et informations dont "
        "chaque acteur est détenteur, de favoriser l’accès aux données pour la personne accompagnée afin de "
        "faciliter son implication dans le parcours et d’utiliser les données et informations mises à "
        "disposition par les autres acteurs, dans le cadre des travaux menés au national"
    ),
    "engagement_services_numeriques": (
        "Contribuer à l’élaboration de nouveaux services numériques correspondant à des besoins "
        "identifiés lors de la concertation : il s’agit d’un engagement des territoires à participer à la "
        "construction des services numériques"
    ),
    "engagement_dynamique_nationale": "Contribuer à la dynamique nationale (cf.III-B)",
    "engagement_principes": (
        "Respectent les principes généraux de la stratégie de parcours issus de la concertation et "
        "présentés dans l’annexe 1"
    ),
}

# Fields of the fidelity wave (issue 16); the helpers owning each point refine the wording.
PERTINENCE_TERRITOIRE = "En quoi le territoire proposé est-il pertinent en matière d’insertion ?"
PERTINENCE_TERRITOIRE_AIDE = (
    "Demandé quand le projet porte sur des bassins de vie et d’emploi : « Les candidats sont alors invités "
    "à préciser en quoi le territoire proposé est pertinent en matière d’insertion de leur point de vue. "
    "Par exemple qu’il s’agit d’une échelle sur laquelle les partenariats sont pertinents en raison de la "
    "proximité pour les personnes, d’enjeux économiques et sociaux proches, d’actions communes déjà "
    "amorcées entre des acteurs de l’insertion et de l’emploi, etc. » (FAQ)."
)
# Numeric services (annexe 5 « Programme beta.gouv.fr »), in the « Engagements du consortium » section.
SERVICES_NUMERIQUES = "Services numériques (annexe 5)"
SERVICES_NUMERIQUES_INTRO = (
    "« Il est attendu une participation des territoires répondant à l’AMI aux actions impulsées par l’Etat "
    "dans le champ numérique » (annexe 5)."
)
PERSONNE_RELAIS = "Personne relais"
PERSONNE_RELAIS_AIDE = (
    "« Une personne relais devra être identifiée dans tous les territoires candidats à l’appel à "
    "manifestation d’intérêt. Elle sera l’interlocutrice privilégiée de l’équipe produit : elle facilitera "
    "les mises en relation avec les acteurs locaux, les entretiens utilisateurs et permettra de remonter les "
    "retours d’usagers sur les améliorations attendues des produits développés. Il s’agit d’une personne au "
    "plus proche du terrain et déjà impliquée dans l’animation de l’écosystème insertion du territoire » "
    "(annexe 5)."
)
PERSONNE_RELAIS_NOM = "Nom et Prénom de la personne relais"
PERSONNE_RELAIS_FONCTION = "Fonction de la personne relais"
PERSONNE_RELAIS_TELEPHONE = "Numéro de téléphone de la personne relais"
PERSONNE_RELAIS_COURRIEL = "Adresse mail de la personne relais"
SERVICES_VOLONTARIAT = (
    "Participation aux services numériques, « sur la base du volontariat » (annexe 5) : facultative, elle "
    "ne conditionne pas la recevabilité."
)
SERVICE_CARNET_DE_BORD = (
    "Le territoire souhaite utiliser le service Carnet de bord sous un format expérimental et participer à "
    "l’amélioration de cet outil sur la base des retours des utilisateurs et utilisatrices"
)
SERVICE_CARTOGRAPHIE = (
    "Le territoire souhaite utiliser le service Cartographie de l’offre d’insertion sous un format "
    "expérimental et participer à l’amélioration de cet outil sur la base des retours des utilisateurs et "
    "utilisatrices"
)
SERVICE_DATA_INSERTION = (
    "Le territoire souhaite utiliser les flux de données et solutions mises à disposition par l’équipe "
    "data.insertion, si elles répondent aux problèmes rencontrés localement"
)
ENGAGEMENT_PROPOSITIONS = "Propositions du consortium d’acteurs de l’insertion pour tenir ces engagements"
ENGAGEMENT_PROPOSITIONS_AIDE = (
    "Les candidatures recevables « comportent un engagement et des propositions du consortium d’acteurs de "
    "l’insertion » (AMI, II.A) : décrivez ce que le consortium propose pour tenir les engagements cochés."
)
PARTICIPATION_PERSONNES = (
    "Méthodes d’élaboration et de mise en œuvre des actions qui favorisent la participation des "
    "personnes accompagnées à la définition du parcours d’insertion, son suivi et son évaluation"
)
PARTICIPATION_PERSONNES_AIDE = (
    "Critère de recevabilité (AMI, II.A « Proposent des méthodes d’élaboration et de mise en œuvre des "
    "actions qui favorisent la participation des personnes accompagnées… »). « La participation des "
    "personnes à l’élaboration de leur projet professionnel et de leur parcours est une recommandation "
    "centrale de la concertation pour l’efficacité du parcours » (FAQ). Il s’agit de la participation de "
    "chacun à son propre parcours ; l’implication des personnes dans la définition des nouveaux process est "
    "demandée à l’axe 4."
)

# The FAQ's « Annexe : modèle d'état des dépenses à fournir pour le bilan financier », word for word (its
# capitals and apostrophes kept); the « 15% » of its frais généraux column is ``Appel.frais_generaux_max``
# (``budget.totaux.libelle_frais_generaux``).
ETAT_DEPENSES_TITRE = "Etat des dépenses déploiement du SPIE"
ETAT_DEPENSES_ACTION = "Action n°: {numero}"
ETAT_DEPENSES_SANS_NUMERO = "---"
ETAT_DEPENSES_FRAIS_GENERAUX = "Frais généraux éligibles dans la limite de {taux} du total? O/N"
ETAT_DEPENSES_DONT_FRAIS_GENERAUX = (
    "dont dépenses en frais généraux éligibles dans la limite de {taux} du total"
)
ETAT_DEPENSES_TOTAL = "TOTAL DEPENSES AU TITRE DE l'AMI DEPLOIEMENT SPIE"

# FAQ, « Rubriques / Conseils de remplissage », on the optional annex (its maximum is the call's,
# ``Appel.annexe_pages_max``, shown beside: « […] » stands for the FAQ's « (10 pages maximum) »).
CONSEILS_ANNEXE = (
    "En complément, les candidats ont la possibilité d’ajouter une pièce jointe facultative […] pour "
    "compléter leur dossier. Exemples : graphisme, image, schéma, compléments relatifs à la méthode "
    "(équipe d’animation, modalités d’implication des personnes concernées, participation effective à la "
    "dynamique nationale, etc.)."
)
