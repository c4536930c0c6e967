"""R16 and R17: the consortium's commitments and proposals (with the personne relais of annexe 5), and
the dépôt before the deadline."""

from django.utils import timezone

from ami import libelles as L
from ami.models import PeriodeDepot
from candidatures.donnees import DonneesDossier
from core.resultats import Resultat, Statut
from core.validators import courriel_valide, telephone_valide

ENGAGEMENTS = list(L.ENGAGEMENTS)
PERSONNE_RELAIS = [f"personne_relais_{c}" for c in ("nom", "fonction", "telephone", "courriel")]
# « Sur la base du volontariat » (annexe 5): never required.
SERVICES_NUMERIQUES = ["service_carnet_de_bord", "service_cartographie", "service_data_insertion"]

SOURCE_PROPOSITIONS = "AMI, II.A « un engagement et des propositions du consortium d’acteurs de l’insertion »"
SOURCE_PARTICIPATION = (
    "AMI, II.A « Proposent des méthodes d’élaboration et de mise en œuvre des actions qui favorisent la "
    "participation des personnes accompagnées » ; FAQ « La participation de la personne accompagnée est-elle "
    "un critère de recevabilité… »"
)
SOURCE_RELAIS = "annexe 5 « Une personne relais devra être identifiée dans tous les territoires candidats »"


def personne_relais_manquante(dossier) -> list[str]:
    """The fields of the personne relais still missing: name and function given, a telephone number and
    an e-mail address that are valid (as for the interlocuteur of the chef de file)."""
    manquants = [nom for nom in PERSONNE_RELAIS[:2] if not getattr(dossier, nom).strip()]
    if not telephone_valide(dossier.personne_relais_telephone):
        manquants.append("personne_relais_telephone")
    if not courriel_valide(dossier.personne_relais_courriel):
        manquants.append("personne_relais_courriel")
    return manquants


def engagements_manquants(dossier) -> list[str]:
    """What R16 waits for, field by field in the order of the page: the boxes of the commitments, the
    proposals, the participation of the persons supported, the personne relais."""
    manquants = [nom for nom in ENGAGEMENTS if not getattr(dossier, nom)]
    manquants += [
        n for n in ("engagement_propositions", "participation_personnes") if not getattr(dossier, n).strip()
    ]
    return manquants + personne_relais_manquante(dossier)


def r16_engagements(d: DonneesDossier) -> Resultat:
    """R16 — un engagement et des propositions du consortium : les engagements de l'AMI pris (les principes
    de l'annexe 1 compris), les propositions du consortium pour les tenir, les méthodes qui favorisent la
    participation des personnes accompagnées, et la personne relais des services numériques identifiée.
    La participation aux services Carnet de bord, Cartographie de l'offre et data.insertion est volontaire :
    elle n'est pas demandée.

    Source : AMI, II.A « Comportent un engagement et des propositions du consortium d’acteurs de
    l’insertion pour : Rechercher une cohérence des actions […] Contribuer à la dynamique nationale »,
    « Respectent les principes généraux de la stratégie de parcours […] présentés dans l’annexe 1 » et
    « Proposent des méthodes d’élaboration et de mise en œuvre des actions qui favorisent la participation
    des personnes accompagnées à la définition du parcours d’insertion, son suivi et son évaluation » ; FAQ
    « La participation de la personne accompagnée est-elle un critère de recevabilité » ; annexe 5 « Une
    personne relais devra être identifiée dans tous les territoires candidats ».
    """
    source = "AMI, II.A ; annexe 1 ; annexe 5 ; FAQ"
    dossier = d.dossier
    manquants = engagements_manquants(dossier)
    if not manquants:
        return Resultat(
            "R16",
            Statut.RESPECTE,
            "Les engagements du consortium sont pris, ses propositions et les méthodes de participation des "
            "personnes accompagnées décrites, la personne relais identifiée.",
            source,
            "engagements",
        )
    phrases = []
    cases = [nom for nom in ENGAGEMENTS if nom in manquants]
    if cases:
        phrases.append(f"{len(cases)} engagement(s) sur {len(ENGAGEMENTS)} reste(nt) à prendre (AMI, II.A).")
    if "engagement_propositions" in manquants:
        phrases.append(
            f"Décrivez les propositions du consortium pour tenir ces engagements ({SOURCE_PROPOSITIONS})."
        )
    if "participation_personnes" in manquants:
        phrases.append(
            "Décrivez les méthodes qui favorisent la participation des personnes accompagnées à la définition "
            f"de leur parcours, son suivi et son évaluation ({SOURCE_PARTICIPATION})."
        )
    relais = [nom for nom in PERSONNE_RELAIS if nom in manquants]
    if relais:
        libelles = ", ".join(_libelle_relais(nom) for nom in relais)
        phrases.append(
            f"Identifiez la personne relais des services numériques — {libelles} ({SOURCE_RELAIS})."
        )
    return Resultat("R16", Statut.A_COMPLETER, " ".join(phrases), source, f"engagements#{manquants[0]}")


def _libelle_relais(nom: str) -> str:
    """« nom et prénom », « numéro de téléphone valide »…"""
    return {
        "personne_relais_nom": "nom et prénom",
        "personne_relais_fonction": "fonction",
        "personne_relais_telephone": "numéro de téléphone valide",
        "personne_relais_courriel": "adresse mail valide",
    }[nom]


def r17_date_limite(d: DonneesDossier) -> Resultat:
    """R17 — dépôt avant la date limite, heure du serveur, Europe/Paris, à la seconde : la dernière
    seconde compte entière (``Appel.est_ouvert``, la seule comparaison avec la date limite).

    Source : AMI, « Procédure et calendrier ».
    """
    source = "AMI, « Procédure et calendrier »"
    limite = timezone.localtime(d.appel.date_limite).strftime("%d/%m/%Y à %H:%M:%S")
    depose_le = d.dossier.depose_le
    if depose_le:  # cleared when the porteur reopens his dossier (``cycle.Action.ROUVRIR``)
        return Resultat(
            "R17",
            Statut.RESPECTE,
            f"Dossier déposé le {timezone.localtime(depose_le):%d/%m/%Y à %H:%M:%S}, avant la date limite "
            f"({limite}).",
            source,
        )
    periode = d.appel.periode(d.maintenant)
    if periode == PeriodeDepot.AVANT:
        return Resultat(
            "R17",
            Statut.RESPECTE,
            f"Les dépôts ouvriront le {d.appel.date_ouverture:%d/%m/%Y} : le dossier peut être préparé "
            f"d’ici là, puis déposé jusqu’au {limite} (heure de Paris).",
            source,
            "depot",
        )
    if periode == PeriodeDepot.OUVERT:
        return Resultat(
            "R17", Statut.RESPECTE, f"Dépôt possible jusqu’au {limite} (heure de Paris).", source, "depot"
        )
    return Resultat(
        "R17",
        Statut.NON_RESPECTE,
        f"{d.appel.raison_fermeture()} : le dossier ne peut plus être déposé.",
        source,
        "depot",
    )
