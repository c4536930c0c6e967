"""What the exports hold: the four sheets' columns, with annexe 7's labels, and their kind (text,
amount, rate, date, number) which the CSV and XLSX writers format each their own way."""

from dataclasses import dataclass

from ami import libelles as L
from candidatures.forms import Axe4Form, AxeForm, ChefDeFileForm, EngagementsForm, TerritoireForm
from candidatures.models import Dossier, ReponseAxe

TEXTE, MONTANT, TAUX, DATE, NOMBRE, NOTE = "texte", "montant", "taux", "date", "nombre", "note"


@dataclass(frozen=True)
class Colonne:
    cle: str
    titre: str
    genre: str = TEXTE
    largeur: int = 18


# The dossier's own fields of annexe 7, in its order: those of the sections' forms. The three
# interlocuteurs share their labels (« Nom et Prénom »…): their columns say which one.
CHAMPS_CHEF_DE_FILE = ["nom_chef_de_file", "adresse"]
INTERLOCUTEURS = [
    (int(nom[len("interlocuteur")]), nom)
    for nom in ChefDeFileForm.Meta.fields
    if nom.startswith("interlocuteur")
]
CHAMPS_TERRITOIRE = list(TerritoireForm.Meta.fields)
CHAMPS_METHODOLOGIE = list(Axe4Form.Meta.fields)
CHAMPS_ENGAGEMENTS = list(EngagementsForm.Meta.fields)
CHAMPS_DOSSIER = CHAMPS_CHEF_DE_FILE + [nom for _, nom in INTERLOCUTEURS] + CHAMPS_TERRITOIRE
CHAMPS_DOSSIER += CHAMPS_METHODOLOGIE + CHAMPS_ENGAGEMENTS


def _libelle(nom: str) -> str:
    libelle = str(Dossier._meta.get_field(nom).verbose_name)
    return libelle[:1].upper() + libelle[1:]


def champs_axe(axe: int) -> list[tuple[str, str]]:
    """(field, annexe 7 question) of an axe, the questions as the form shows them."""
    form = AxeForm(instance=ReponseAxe(axe=axe))
    return [(nom, str(field.label)) for nom, field in form.fields.items()]


def colonnes_dossiers(nationale: bool) -> list[Colonne]:
    colonnes = [
        Colonne("numero", "Numéro de dossier", largeur=22),
        Colonne("intitule", "Intitulé du projet", largeur=30),
        Colonne("etat", "État", largeur=16),
        Colonne("depose_le", "Déposé le", DATE),
        Colonne("porteur", "Porteur", largeur=30),
        Colonne("siret", "SIRET du porteur"),
        Colonne("type_porteur", "Type de porteur"),
        Colonne("departements", "Département(s)", largeur=24),
        Colonne("regions", "Région(s)", largeur=24),
    ]
    colonnes += [Colonne(nom, _libelle(nom), largeur=30) for nom in CHAMPS_CHEF_DE_FILE]
    colonnes += [Colonne(nom, f"Interlocuteur {n} — {_libelle(nom)}") for n, nom in INTERLOCUTEURS]
    colonnes += [Colonne(nom, _libelle(nom), largeur=30) for nom in CHAMPS_TERRITOIRE]
    colonnes.append(Colonne("lettre_accord_spie", f"{L.R08_LETTRE_ACCORD} (R08) jointe", largeur=14))
    for axe in (1, 2, 3):
        for nom, question in champs_axe(axe):
            genre = {"nombre_personnes": NOMBRE, "part_population": NOMBRE}.get(nom, TEXTE)
            colonnes.append(Colonne(f"axe{axe}_{nom}", f"Axe {axe} — {question}", genre, 40))
        colonnes.append(Colonne(f"axe{axe}_indicateurs", f"Axe {axe} — Indicateurs", largeur=40))
    colonnes += [Colonne(nom, f"Axe 4 — {_libelle(nom)}", largeur=40) for nom in CHAMPS_METHODOLOGIE]
    colonnes += [Colonne(nom, _libelle(nom), largeur=12) for nom in CHAMPS_ENGAGEMENTS]
    colonnes += [
        Colonne("cout_global", "Coût global du projet", MONTANT, 16),
        Colonne("subvention_etat", "Subvention de l'État demandée", MONTANT, 16),
        Colonne("cofinancement", "Cofinancement", MONTANT, 16),
        Colonne("frais_generaux", "Frais généraux et frais de mission", MONTANT, 16),
        Colonne("taux_etat", "Part de l'État dans le budget", TAUX, 12),
        Colonne("taux_cofinancement", "Taux de cofinancement", TAUX, 12),
        Colonne("taux_frais", "Part des frais généraux", TAUX, 12),
        Colonne("nb_membres", "Membres du consortium", NOMBRE, 10),
        Colonne("nb_bloquantes", "Vérification automatique : points bloquants", NOMBRE, 12),
        Colonne("regles_bloquantes", "Règles de recevabilité non respectées", largeur=20),
        # The queue's badge and filter (``instruction.filtres.situation_r02``).
        Colonne("cas_exceptionnel_r02", "Cas exceptionnel signalé (R02)", largeur=24),
        Colonne("nb_avertissements", "Vérification automatique : avertissements", NOMBRE, 12),
        Colonne("recevabilite", "Recevabilité (instruction)", largeur=16),
        Colonne("recevabilite_motif", "Motivation de la recevabilité", largeur=40),
    ]
    if nationale:
        colonnes += [
            Colonne("note_moyenne", "Note moyenne sur 20", NOTE, 10),
            Colonne("nb_evaluations", "Nombre d'évaluations", NOMBRE, 10),
        ]
    colonnes += [
        Colonne("avis_demandes", "Avis demandés", NOMBRE, 10),
        Colonne("avis_recus", "Avis reçus", NOMBRE, 10),
        Colonne("avis", "Avis des services (service : sens)", largeur=40),
        Colonne("decision", "Décision", largeur=16),
        Colonne("decision_le", "Date de la décision", DATE),
        Colonne("decision_motif", "Motivation de la décision", largeur=40),
    ]
    return colonnes


COLONNES_MEMBRES = [
    Colonne("numero", "Numéro de dossier", largeur=22),
    Colonne("porteur", "Porteur", largeur=30),
    Colonne("type", "Type de membre", largeur=30),
    Colonne("structure", "Structure", largeur=30),
    Colonne("statut", "Statut de la structure", largeur=30),
    Colonne("interlocuteur", "Interlocuteur référent", largeur=24),
    Colonne("telephone", "Numéro de téléphone"),
    Colonne("courriel", "Adresse mail", largeur=28),
]
COLONNES_DEPENSES = [
    Colonne("numero", "Numéro de dossier", largeur=22),
    Colonne("porteur", "Porteur", largeur=30),
    Colonne("groupe", "Groupe", largeur=24),
    Colonne("objet", "Action/ Objet de la dépense", largeur=40),
    Colonne("nature", "Nature de la dépense", largeur=30),
    Colonne("frais_generaux", "Frais généraux (O/N)", largeur=10),
    Colonne("deja_financee_etat", "Déjà financée par un autre dispositif de l'État", largeur=14),
    Colonne("unite", "Unité", largeur=12),
    Colonne("nombre_unites", "Nombre d’unités", NOMBRE, 10),
    Colonne("cout_unitaire", "Coût unitaire (si pertinent)", MONTANT, 14),
    Colonne("date_periode", "Date ou période", largeur=16),
    Colonne("montant", "Coût", MONTANT, 14),
]
COLONNES_FINANCEMENTS = [
    Colonne("numero", "Numéro de dossier", largeur=22),
    Colonne("porteur", "Porteur", largeur=30),
    Colonne("type", "Type de financement", largeur=36),
    Colonne("financeur", "Financeur", largeur=30),
    Colonne("montant", "Montant", MONTANT, 14),
    Colonne("statut", "Acquis ou demandé", largeur=24),
    Colonne("modalite", "Numéraire ou nature", largeur=18),
]
