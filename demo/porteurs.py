"""The words of the demo instruction queue (``demo.instruction``): forty invented porteurs
over thirteen régions, their consortiums, what an instructeur writes about their dossiers, and what the
services déconcentrés answer when asked for their avis (``demo.evaluations``)."""

import unicodedata
from dataclasses import dataclass

from candidatures.models import OuiNon, Section
from comptes.models import TypeOrganisation as T
from comptes.validators import luhn_valide
from consortium.models import StatutMembre as S
from consortium.models import TypeMembre as M

# département(s) | type | nom | code postal et ville | territoire du projet — one line per porteur.
TABLE_PORTEURS = """
62 | CD | Département du Pas-de-Calais | 62000 Arras | Pas-de-Calais
59 | ML | Mission locale de Roubaix-Lys-lez-Lannoy | 59100 Roubaix | Roubaix
59 | PLIE | PLIE du Valenciennois | 59300 Valenciennes | Valenciennois
59 | ASSO | Association Sambre-Avesnois Insertion | 59600 Maubeuge | Sambre-Avesnois
62+59 | AUTRE | Maison de l’emploi du Bassin minier | 62300 Lens | Bassin minier
59 | SIAE | Régie de quartiers de Tourcoing | 59200 Tourcoing | Tourcoing
80 | CD | Conseil départemental de la Somme | 80000 Amiens | Somme
02 | ML | Mission locale du Saint-Quentinois | 02100 Saint-Quentin | Saint-Quentinois
93 | CD | Département de la Seine-Saint-Denis | 93000 Bobigny | Seine-Saint-Denis
93 | EPCI | Établissement public territorial Plaine Commune | 93200 Saint-Denis | Plaine Commune
95 | CD | Conseil départemental du Val-d’Oise | 95000 Cergy | Val-d’Oise
91 | ML | Mission locale Nord Essonne | 91300 Massy | Nord Essonne
75 | ASSO | Association Paris Est Emploi Solidarité | 75020 Paris | Paris Est
38 | CD | Département de l’Isère | 38000 Grenoble | Isère
69 | PLIE | PLIE Lyon Sud-Est | 69200 Vénissieux | Lyon Sud-Est
63 | ML | Mission locale Clermont Métropole | 63000 Clermont-Ferrand | Clermont Métropole
42 | CAP | Cap emploi Loire | 42000 Saint-Étienne | Loire
69+01 | ASSO | Association Habitat Insertion Rhône-Ain | 69100 Villeurbanne | Est lyonnais et Côtière de l’Ain
67 | CD | Collectivité européenne d’Alsace | 67000 Strasbourg | Bas-Rhin
57 | CD | Département de la Moselle | 57000 Metz | Moselle
51 | EPCI | Communauté urbaine du Grand Reims | 51100 Reims | Grand Reims
08 | SIAE | Atelier chantier d’insertion des Ardennes | 08000 Charleville-Mézières | Ardennes
31 | CD | Conseil départemental de la Haute-Garonne | 31000 Toulouse | Haute-Garonne
34 | ML | Mission locale Montpellier Méditerranée | 34000 Montpellier | Montpellier Méditerranée
34+11 | PLIE | PLIE Béziers Méditerranée | 34500 Béziers | Biterrois et Narbonnais
11 | EPCI | Communauté d’agglomération du Grand Narbonne | 11100 Narbonne | Grand Narbonne
33 | CD | Département de la Gironde | 33000 Bordeaux | Gironde
33 | PLIE | PLIE des Graves | 33140 Villenave-d’Ornon | Graves
87 | ASSO | Association Limousin Logement Insertion | 87000 Limoges | Haute-Vienne
13 | CD | Département des Bouches-du-Rhône | 13004 Marseille | Bouches-du-Rhône
13 | ML | Mission locale de Marseille | 13001 Marseille | Marseille
84 | CAP | Cap emploi Vaucluse | 84000 Avignon | Vaucluse
35 | CD | Département d’Ille-et-Vilaine | 35000 Rennes | Ille-et-Vilaine
29 | ASSO | Association Insertion Pays de Brest | 29200 Brest | Pays de Brest
76 | EPCI | Métropole Rouen Normandie | 76000 Rouen | Métropole rouennaise
14 | ML | Mission locale Caen la mer Calvados centre | 14000 Caen | Caen la mer
44 | CD | Département de Loire-Atlantique | 44000 Nantes | Loire-Atlantique
45 | PLIE | PLIE de l’agglomération orléanaise | 45000 Orléans | Orléans Métropole
25 | CD | Département du Doubs | 25000 Besançon | Doubs
974 | CD | Département de La Réunion | 97400 Saint-Denis | La Réunion
"""

TYPES = {
    "CD": T.CONSEIL_DEPARTEMENTAL,
    "EPCI": T.EPCI_COMMUNE,
    "ML": T.MISSION_LOCALE,
    "PLIE": T.PLIE,
    "CAP": T.CAP_EMPLOI,
    "ASSO": T.ASSOCIATION,
    "SIAE": T.SIAE,
    "AUTRE": T.AUTRE,
}


@dataclass(frozen=True)
class Porteur:
    nom: str
    type: str
    departements: tuple[str, ...]  # the porteur's own first
    code_postal: str
    ville: str
    territoire: str


def porteurs() -> list[Porteur]:
    liste = []
    for ligne in TABLE_PORTEURS.strip().splitlines():
        departements, type_, nom, commune, territoire = (champ.strip() for champ in ligne.split("|"))
        code_postal, ville = commune.split(" ", 1)
        liste.append(
            Porteur(nom, TYPES[type_], tuple(departements.split("+")), code_postal, ville, territoire)
        )
    return liste


# The SIREN of a collectivité starts with 2; that of an association or another actor, here, with 7.
PREFIXES_SIREN = {T.CONSEIL_DEPARTEMENTAL: "22", T.EPCI_COMMUNE: "24"}


def siret(porteur: Porteur, numero: int) -> str:
    """SIREN: type, département, number; NIC 0001 and the digit that makes the Luhn key valid."""
    debut = f"{PREFIXES_SIREN.get(porteur.type, '78')}{porteur.departements[0]:0>3}{numero:04d}0001"
    return next(debut + str(cle) for cle in range(10) if luhn_valide(debut + str(cle)))


# Telephone prefix by région (Haute-Garonne: 05, by département).
INDICATIFS = {"11": "01", "24": "02", "28": "02", "52": "02", "53": "02", "32": "03", "44": "03", "27": "03"}
INDICATIFS |= {"84": "04", "93": "04", "76": "04", "75": "05", "04": "02 62", "31": "05"}


def telephone(departement, rng) -> str:
    indicatif = INDICATIFS.get(departement.code) or INDICATIFS.get(departement.region_id, "03")
    return " ".join([indicatif, *(f"{rng.randrange(100):02d}" for _ in range(4 - indicatif.count(" ")))])


def personne(rng) -> tuple[str, str, bool]:
    """(prénom, nom, féminin)."""
    feminin = rng.random() < 0.5
    return rng.choice(PRENOMS_F if feminin else PRENOMS_M), rng.choice(NOMS), feminin


def courriel(prenom: str, nom: str) -> str:
    adresse = unicodedata.normalize("NFKD", f"{prenom}.{nom}").encode("ascii", "ignore").decode()
    return f"{adresse.lower().replace(' ', '')}@exemple.fr"


PRENOMS_F = [
    "Camille", "Nathalie", "Aurélie", "Fatima", "Claire", "Élodie", "Samia", "Hélène", "Julie", "Agnès",
]  # fmt: skip
PRENOMS_M = [
    "Olivier", "Mehdi", "François", "Julien", "Stéphane", "Yannick", "Laurent", "Rachid", "Éric", "Hugo",
]  # fmt: skip
NOMS = [
    "Lefebvre", "Mercier", "Girard", "Bonnet", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry",
    "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Boyer", "Denis", "Lemaire", "Duval", "Hoarau", "Nguyen",
]  # fmt: skip
# (féminin, masculin)
FONCTIONS = [
    ("Directrice de l’insertion et de l’emploi", "Directeur de l’insertion et de l’emploi"),
    ("Cheffe de projet SPIE", "Chef de projet SPIE"),
    ("Responsable du pôle parcours", "Responsable du pôle parcours"),
    ("Coordinatrice du consortium", "Coordinateur du consortium"),
]
RUES = [
    "rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue Pasteur",
    "place de l’Hôtel de Ville", "rue Gambetta", "quai de la Libération", "rue du Général de Gaulle",
]  # fmt: skip

# (QPV, ZRR): most projects name quartiers prioritaires; a few neither (W02).
ZONES = [(OuiNon.OUI, OuiNon.NON)] * 3 + [
    (OuiNon.OUI, OuiNon.OUI),
    (OuiNon.NON, OuiNon.OUI),
    (OuiNon.NON,) * 2,
]

COFINANCEURS = ["Fonds social européen (FSE+)", "Conseil régional", "Caisse d’allocations familiales"]

INTITULES = [
    "SPIE {t} 2022-2024",
    "Service public de l’insertion et de l’emploi — {t}",
    "Parcours sans couture — {t}",
    "Un référent de parcours pour chacun — {t}",
    "Insertion et emploi, ensemble — {t}",
]

# Always in the consortium: Pôle emploi and the CAF (R04: an insertion actor beyond CD and Pôle emploi).
# (row of annexe 7, structure, what the structure is: its statut)
MEMBRES_SOCLE = [
    (M.POLE_EMPLOI, "Pôle emploi — direction territoriale {t}", S.POLE_EMPLOI),
    (M.OPERATEUR, "Caisse d’allocations familiales ({d})", S.ETABLISSEMENT_PUBLIC),
]
MEMBRES_ASSOCIATIONS = [
    (M.ASSOCIATION, "Secours catholique — délégation {d}", S.ASSOCIATION),
    (M.ASSOCIATION, "Association d’aide à la mobilité {t}", S.ASSOCIATION),
    (M.ASSOCIATION, "Fédération des acteurs de la solidarité — {d}", S.ASSOCIATION),
    (M.ASSOCIATION, "Association pour le logement des jeunes travailleurs de {v}", S.ASSOCIATION),
]
MEMBRES_AUTRES = [
    (M.OPERATEUR, "Mission locale {t}", S.ASSOCIATION),  # a mission locale run as an association
    (M.OPERATEUR, "Cap emploi {d}", S.ASSOCIATION),
    (M.OPERATEUR, "Centre communal d’action sociale de {v}", S.ETABLISSEMENT_PUBLIC),
    (M.FORMATION, "École de la deuxième chance {t}", S.ASSOCIATION),
    (M.INSTITUTIONNEL, "SIAO {d}", S.ASSOCIATION),
    (M.ENTREPRISE, "Groupement d’employeurs pour l’insertion et la qualification {t}", S.ASSOCIATION),
    (M.ETAT, "Service pénitentiaire d’insertion et de probation {d}", S.ETAT),
    (M.COLLECTIVITE, "Ville de {v}", S.COLLECTIVITE),
]

# (what the instructeur asks, what the porteur answers)
COMPLEMENTS = [
    (
        f"Section « {Section.BUDGET.label} » : détaillez les lignes « Équipe d’animation » (nombre d’ETP, "
        "coût unitaire) et joignez la délibération qui engage l’autofinancement annoncé.",
        "Budget détaillé par poste et délibération de l’assemblée jointe.",
    ),
    (
        f"Section « {Section.CONSORTIUM.label} » : précisez le rôle de chaque membre et l’interlocuteur "
        "référent de la CAF ; axe 2, « Suivi de parcours » : indiquez qui désigne le référent de parcours.",
        "Rôles des membres précisés, référent CAF nommé, désignation du référent de parcours décrite.",
    ),
    (
        f"Section « {Section.TERRITOIRE.label} » : chiffrez les publics autres que les allocataires du RSA ; "
        f"section « {Section.PIECES.label} » : la lettre de Pôle emploi jointe n’est pas signée.",
        "Publics chiffrés et lettre de Pôle emploi signée jointe.",
    ),
]

# (rule, its constat, the decision's motivation): what the automated check could not see.
IRRECEVABILITES = [
    (
        "R13",
        "Autofinancement pour moitié fait de postes déjà financés par l’État : 11 % une fois retraité.",
        "R13 : cofinancement inférieur à 20 % — l’autofinancement déclaré est pour moitié la valorisation "
        "de postes déjà financés par l’État ; retraité, le cofinancement représente 11 % du coût global, "
        "en deçà des 20 % exigés (AMI, II.C).",
    ),
    (
        "R03",
        "Courrier de soutien de principe, non signé par la direction territoriale de Pôle emploi.",
        "R03 : la lettre de Pôle emploi jointe est un courrier de soutien de principe, non signé par la "
        "direction territoriale : elle ne vaut pas lettre d’engagement (AMI, II.A).",
    ),
    (
        "R15",
        "Achat de véhicules et aménagement de locaux : 38 % des dépenses, non éligibles.",
        "R15 : 38 % des dépenses portent sur l’achat de véhicules et l’aménagement de locaux, dépenses "
        "d’investissement non éligibles (AMI, II.C) ; sans elles, le budget présenté n’est plus équilibré.",
    ),
]

RECEVABILITES = [
    "Critères R01 à R18 vérifiés et conformes. Consortium de {membres} membres, cofinancement de {taux} "
    "du coût global ({cout}).",
    "Dossier complet et conforme aux critères de l’AMI ; subvention demandée de {subvention} pour un coût "
    "global de {cout}.",
    "Recevable : pièces signées, budget équilibré, cofinancement de {taux}. Consortium de {membres} "
    "membres couvrant les trois axes.",
]

PROPOSITIONS = [
    "Projet structurant pour {t} : {membres} membres, les trois axes couverts, une gouvernance partagée "
    "avec Pôle emploi ; proposé au comité de sélection.",
    "Proposé au comité de sélection : couverture de l’ensemble du territoire ({t}), indicateurs de "
    "résultats précis, cofinancement de {taux}.",
]

# The instructeurs' appréciation générale, by score: (below 10/20, 10 to 14, 14 and above).
APPRECIATIONS = [
    [
        "Consortium restreint, peu d’associations ; les axes 2 et 3 reprennent l’existant sans démarche "
        "nouvelle.",
        "Budget déséquilibré au profit de l’ingénierie ; l’articulation avec les dispositifs existants n’est "
        "pas démontrée.",
    ],
    [
        "Projet cohérent, mais l’axe 3 reste descriptif ; le budget gagnerait à être détaillé par action.",
        "Bonne couverture du territoire ; publics au-delà du RSA peu chiffrés, évaluation à préciser.",
        "",
    ],
    [
        "Consortium large et engagé, les trois axes traités avec précision ; gouvernance partagée avec Pôle "
        "emploi convaincante.",
        "Diagnostic territorial étayé, méthodes de coordination concrètes (formations conjointes, comité "
        "des financeurs) : à soutenir.",
        "",
    ],
]

MESSAGES_AVIS = [
    "Merci de nous faire part de votre avis, notamment sur l’articulation du projet avec les dispositifs "
    "déjà financés sur votre territoire.",
    "Votre avis est attendu sur la solidité du consortium et la capacité du porteur à conduire le projet.",
    "",
]

# By sens of the avis (``instruction.models.SensAvis``): what a DDETS or a DREETS writes ({t}: territoire).
MOTIVATIONS_AVIS = {
    "favorable": [
        "Projet bien articulé avec le pacte territorial d’insertion ; les membres du consortium sont connus "
        "de nos services et travaillent déjà ensemble sur le territoire ({t}).",
        "Le porteur a montré sa capacité à conduire des projets partenariaux ; le projet répond aux besoins "
        "relevés dans le diagnostic territorial.",
        "Le projet comble un manque identifié ({t}) : l’absence de référent de parcours unique pour les "
        "allocataires du RSA. Gouvernance crédible.",
    ],
    "reserves": [
        "Favorable sous réserve que le comité de pilotage associe les services de l’État et que les "
        "indicateurs de suivi soient précisés avant le conventionnement.",
        "Projet pertinent, mais un calendrier de montée en charge ambitieux au regard des recrutements "
        "prévus ; vigilance sur l’articulation avec le PLIE.",
        "Réserve sur le budget : les frais de structure approchent le quart des dépenses et le cofinancement "
        "régional n’est pas encore acquis.",
    ],
    "defavorable": [
        "Le projet recoupe l’action déjà financée au titre de la stratégie de lutte contre la pauvreté "
        "({t}), sans plus-value démontrée ; le partenariat avec Pôle emploi reste formel.",
        "Difficultés de gestion du porteur relevées lors du dernier contrôle de service fait ; aucune "
        "structure de l’insertion par l’activité économique dans le consortium.",
    ],
}

# Given without request, on a dossier just deposited: (sens, motivation).
AVIS_SPONTANES = [
    (
        "favorable",
        "Avis spontané : nos services accompagnent ce porteur depuis 2019 sur la garantie d’activité ; le "
        "projet prolonge utilement ce travail ({t}).",
    ),
    (
        "reserves",
        "Avis spontané : projet intéressant, mais le périmètre retenu ne recouvre pas le bassin d’emploi "
        "({t}) du diagnostic régional ; à clarifier en instruction.",
    ),
]
