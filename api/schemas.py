"""The JSON of the API v1, documented in French in the OpenAPI document.

Amounts are strings of a decimal number with a point and two decimals (« 450000.00 »): no amount
loses a cent in a JSON float. Rates are percentages, same form (« 80.00 »). Dates and times are ISO
8601 with their offset (Europe/Paris).

Plain pydantic models rather than ``ninja.Schema``: the views hand over dicts, which need no attribute
resolution from Django objects (ninja's wrapper doubles the time of a page of 200 dossiers).
"""

import datetime
from typing import Annotated

from pydantic import BaseModel as Schema
from pydantic import Field

from ami import libelles as L

Montant = Annotated[
    str,
    Field(pattern=r"^-?\d+\.\d{2}$", description="Montant en euros, en chaîne décimale (« 450000.00 »)."),
]
Taux = Annotated[
    str, Field(pattern=r"^-?\d+\.\d{2}$", description="Pourcentage, en chaîne décimale (« 80.00 »).")
]


class Code(Schema):
    code: str = Field(description="Valeur stable, pour les traitements.")
    libelle: str = Field(description="Libellé affiché sur le portail.")


class Erreur(Schema):
    detail: str = Field(description="Le motif, en français.")


class ErreurChamp(Schema):
    champ: str = Field(description="Le paramètre en cause.")
    message: str


class ErreurValidation(Schema):
    detail: str
    erreurs: list[ErreurChamp]


class Region(Schema):
    code: str = Field(description="Code INSEE de la région.")
    nom: str


class Departement(Schema):
    code: str = Field(description="Code INSEE du département.")
    nom: str
    region: Region


class Porteur(Schema):
    nom: str
    siret: str
    type: Code = Field(description="Type de porteur.")


class Dates(Schema):
    depot: datetime.datetime = Field(description="Dépôt du dossier.")
    modification: datetime.datetime = Field(description="Dernière modification du contenu par le porteur.")


class Transition(Schema):
    action: Code
    depuis: Code = Field(description="État avant.")
    vers: Code = Field(description="État après (le même pour un événement : évaluation, avis…).")
    par: str | None = Field(description="Nom de son auteur.")
    le: datetime.datetime
    motif: str = Field(description="Motivation (décisions, demandes de compléments…).")


class DossierResume(Schema):
    id: int
    appel: int = Field(description="Identifiant de l’appel du dossier (liste : `/appels`).")
    numero: str = Field(description="Numéro attribué au dépôt (« AMI2-SPIE-2021-0001 »).")
    intitule: str
    etat: Code
    porteur: Porteur
    departements: list[Departement]
    dates: Dates
    cout_global: Montant | None = Field(description="Coût global du projet éligible, figé au dépôt.")
    subvention_demandee: Montant | None = Field(description="Subvention de l’État demandée, figée au dépôt.")
    nb_bloquantes: int = Field(description="Critères de recevabilité bloquants non respectés au dépôt.")
    nb_avertissements: int
    decision: Transition | None = Field(
        description="La dernière décision : recevabilité (recevable, irrecevable) ou décision finale "
        "(lauréat, non retenu) ; null avant toute décision."
    )
    url: str = Field(description="Adresse du dossier complet dans l’API.")


class Appel(Schema):
    id: int = Field(description="Identifiant de l’appel, pour le paramètre `appel` de la liste des dossiers.")
    nom_court: str
    titre: str
    prefixe_numero: str = Field(description="Préfixe des numéros de ses dossiers.")
    etat: Code = Field(description="brouillon, publie, clos (dépôts refusés) ou archive (lecture seule).")
    date_ouverture: datetime.date
    date_limite: datetime.datetime = Field(description="Date et heure limites de dépôt (Europe/Paris).")
    par_defaut: bool = Field(description="L’appel que la liste des dossiers lit sans paramètre `appel`.")


class PageDossiers(Schema):
    appel: int = Field(description="L’appel dont la page liste les dossiers (identifiant).")
    total: int = Field(description="Nombre de dossiers qui répondent aux filtres.")
    page: int
    pages: int = Field(description="Nombre de pages.")
    taille: int = Field(description="Dossiers par page.")
    suivant: str | None = Field(description="Adresse de la page suivante ; null sur la dernière.")
    precedent: str | None = Field(description="Adresse de la page précédente ; null sur la première.")
    resultats: list[DossierResume]


class Interlocuteur(Schema):
    nom: str = Field(description=L.NOM_PRENOM)
    fonction: str
    telephone: str = Field(description=L.TELEPHONE)
    courriel: str = Field(description=L.COURRIEL)


class ChefDeFile(Schema):
    nom: str = Field(description=L.NOM_CHEF_DE_FILE)
    adresse: str
    interlocuteurs: list[Interlocuteur] = Field(description=L.INTERLOCUTEURS)


class Territoire(Schema):
    perimetre: Code | None = Field(description=L.PERIMETRE)
    bassins: str = Field(description=L.BASSINS)
    pertinence_territoire: str = Field(description=L.PERTINENCE_TERRITOIRE)
    publics: list[Code] = Field(description=L.PUBLICS)
    publics_autres: str = Field(description=L.PUBLICS_AUTRES)
    qpv: Code | None = Field(description=L.QPV)
    zrr: Code | None = Field(description=L.ZRR)
    qpv_zrr_precisions: str = Field(description=L.QPV_ZRR_PRECISIONS)
    engagement_spie: Code | None = Field(description=L.R08_QUESTION)
    memes_publics: Code | None = Field(description=L.R08_MEMES_PUBLICS)
    memes_territoires: Code | None = Field(description=L.R08_MEMES_TERRITOIRES)
    articulation: str = Field(description=L.R08_ARTICULATION)
    cas_exceptionnel: bool = Field(description=L.R02_DECLARATION)
    cas_exceptionnel_justification: str = Field(description=L.R02_JUSTIFICATION)


class Indicateur(Schema):
    type: Code | None
    libelle: str
    cible: str


class Axe(Schema):
    axe: int = Field(description="1, 2 ou 3.")
    titre: str
    objectifs: str = Field(description=L.OBJECTIFS[1])
    actions: str = Field(description=L.QUESTIONS["actions"])
    public: str = Field(description=L.QUESTIONS["public"])
    nombre_personnes: int | None = Field(description=L.NOMBRE_PERSONNES)
    part_population: Taux | None = Field(description=L.PART_POPULATION)
    chiffres_non_disponibles: bool = Field(description=L.CHIFFRES_NON_DISPONIBLES)
    chiffres_explication: str = Field(description=L.CHIFFRES_EXPLICATION)
    changements: str = Field(description=L.QUESTIONS["changements"])
    indicateurs: list[Indicateur] = Field(description=L.QUESTIONS["indicateurs"])
    methodes: str = Field(description=L.QUESTIONS["methodes"])
    calendrier: str = Field(description=L.QUESTIONS["calendrier"])
    organisation_suivi: str = Field(description="Axe 2 : " + L.QUESTIONS["organisation_suivi"])
    organisation_remise: str = Field(description="Axe 2 : " + L.QUESTIONS["organisation_remise"])
    offre_visibilite: str = Field(description="Axe 3 : " + L.QUESTIONS["offre_visibilite"])
    offre_commune: str = Field(description="Axe 3 : " + L.QUESTIONS["offre_commune"])


class Methodologie(Schema):
    equipe: str = Field(description=L.METHODO_EQUIPE)
    implication: str = Field(description=L.METHODO_IMPLICATION)
    dynamique: str = Field(description=L.METHODO_DYNAMIQUE)


class Engagement(Schema):
    code: str
    libelle: str
    pris: bool = Field(description="Le consortium a pris cet engagement.")


class PersonneRelais(Schema):
    nom: str = Field(description=L.PERSONNE_RELAIS_NOM)
    fonction: str = Field(description=L.PERSONNE_RELAIS_FONCTION)
    telephone: str = Field(description=L.PERSONNE_RELAIS_TELEPHONE)
    courriel: str = Field(description=L.PERSONNE_RELAIS_COURRIEL)


class ServicesNumeriques(Schema):
    personne_relais: PersonneRelais = Field(description=L.PERSONNE_RELAIS_AIDE)
    carnet_de_bord: bool = Field(description=L.SERVICE_CARNET_DE_BORD)
    cartographie: bool = Field(description=L.SERVICE_CARTOGRAPHIE)
    data_insertion: bool = Field(description=L.SERVICE_DATA_INSERTION)


class Membre(Schema):
    id: int
    type: Code = Field(description="Type de membre (annexe 7 §2).")
    structure: str = Field(description=L.STRUCTURE)
    statut: Code | None = Field(description=f"{L.MEMBRE_STATUT} (null tant qu’il n’est pas indiqué).")
    est_conseil_departemental: bool = Field(description="Son statut est « Conseil départemental ».")
    interlocuteur: str = Field(description=L.INTERLOCUTEUR_REFERENT)
    telephone: str
    courriel: str


class LigneDepense(Schema):
    id: int
    groupe: Code = Field(description="Axe 1, 2, 3 ou dépenses transversales.")
    nature: Code | None
    frais_generaux: bool = Field(
        description="Frais généraux (O/N) : vrai pour les natures frais généraux et frais de mission, "
        "les lignes que compte le plafond de l'AMI (R14)."
    )
    deja_financee_etat: Code | None = Field(
        description="Déjà financée par un autre dispositif de l'État (R15)."
    )
    objet: str
    unite: str
    nombre_unites: Montant | None = Field(description="Nombre d’unités (deux décimales).")
    cout_unitaire: Montant | None
    date_periode: str
    montant: Montant | None = Field(description="Coût : nombre × coût unitaire, calculé par le serveur.")


class LigneFinancement(Schema):
    id: int
    type: Code | None
    financeur: str
    montant: Montant | None
    statut: Code | None = Field(description="Acquis, demandé ou ni l'un ni l'autre (FAQ, R13).")
    modalite: Code | None = Field(description="En numéraire ou en nature.")


class TotalGroupe(Schema):
    groupe: Code
    total: Montant
    frais_generaux: Montant = Field(description="Dont frais généraux et frais de mission.")


class Totaux(Schema):
    cout_global: Montant = Field(description="Somme des lignes de dépenses.")
    total_financements: Montant
    subvention_etat: Montant
    cofinancement: Montant = Field(description="Autofinancement, cofinancements publics et privés, membres.")
    frais_generaux: Montant
    taux_etat: Taux | None = Field(description="Part de l’État dans le coût global (null si coût nul).")
    taux_cofinancement: Taux | None
    taux_frais_generaux: Taux | None
    par_groupe: list[TotalGroupe]


class Budget(Schema):
    depenses: list[LigneDepense]
    financements: list[LigneFinancement]
    totaux: Totaux


class Historique(Schema):
    decisions: list[Transition] = Field(description="Recevabilité et décisions finales, dans l’ordre.")
    historique: list[Transition] = Field(description="Toutes les étapes visibles de ce profil.")


class Service(Schema):
    nom: str
    type: Code


class Avis(Schema):
    service: Service
    auteur: str
    sens: Code
    motivation: str
    donne_le: datetime.datetime
    demande: bool = Field(description="Rendu en réponse à une demande (sinon : avis spontané).")


class DemandeAvis(Schema):
    service: Service
    demandee_le: datetime.datetime
    date_limite: datetime.date
    avis_rendu: bool
    en_retard: bool


class AvisDossier(Schema):
    avis: list[Avis]
    demandes: list[DemandeAvis]


class NoteCritere(Schema):
    critere: str
    valeur: int
    note_max: int
    poids: str


class Evaluation(Schema):
    instructeur: str
    note_sur_20: str
    commentaire: str
    donnee_le: datetime.datetime
    notes: list[NoteCritere]


class Evaluations(Schema):
    nombre: int
    visibles: bool = Field(
        description="Comme sur le portail, un instructeur ne voit les notes des autres qu’après avoir "
        "donné la sienne ; un administrateur les voit toujours."
    )
    moyenne: str | None = Field(description="Moyenne des notes sur 20 (null si non visibles).")
    ecart: str | None
    evaluations: list[Evaluation]


class Piece(Schema):
    nature: Code
    nom: str
    taille: int = Field(description="En octets.")
    pages: int | None = Field(description="Null tant qu’un grand PDF est en cours d’analyse.")
    deposee_le: datetime.datetime
    departement: str | None = Field(
        description="Pour la lettre d’engagement d’un conseil départemental : le code de son département."
    )


class DossierComplet(DossierResume):
    chef_de_file: ChefDeFile
    territoire: Territoire
    axes: list[Axe]
    methodologie: Methodologie
    engagements: list[Engagement]
    engagement_propositions: str = Field(description=L.ENGAGEMENT_PROPOSITIONS)
    participation_personnes: str = Field(description=L.PARTICIPATION_PERSONNES)
    services_numeriques: ServicesNumeriques
    membres: list[Membre]
    budget: Budget
    pieces: list[Piece] = Field(
        description="Les pièces jointes (métadonnées ; le fichier reste sur le portail)."
    )
    historique: Historique
    avis: AvisDossier
    evaluations: Evaluations | None = Field(description="Null pour un jeton d’agent territorial.")


class Moi(Schema):
    email: str
    nom: str
    role: Code
    rattachement: str
    departements: list[str] | None = Field(
        description="Codes des départements visibles (agent territorial) ; null : tous (national)."
    )
    jeton: str = Field(description="Préfixe du jeton utilisé.")
    expire_le: datetime.date | None
    limite_par_minute: int
