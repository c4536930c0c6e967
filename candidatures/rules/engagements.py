"""R16 and R17: the consortium's commitments, and the dépôt before the deadline."""

from django.utils import timezone

from ami import libelles as L
from candidatures.donnees import DonneesDossier
from core.resultats import Resultat, Statut

ENGAGEMENTS = list(L.ENGAGEMENTS)


def r16_engagements(d: DonneesDossier) -> Resultat:
    """R16 — les engagements du consortium et les principes de l'annexe 1 sont acceptés.

    Source : AMI, II.A « Comportent un engagement et des propositions du consortium d’acteurs de
    l’insertion pour : Rechercher une cohérence des actions […] Contribuer à la dynamique nationale » et
    « Respectent les principes généraux de la stratégie de parcours […] présentés dans l’annexe 1 ».
    """
    source = "AMI, II.A ; annexe 1"
    manquants = [nom for nom in ENGAGEMENTS if not getattr(d.dossier, nom)]
    if manquants:
        return Resultat(
            "R16",
            Statut.A_COMPLETER,
            f"{len(manquants)} engagement(s) sur {len(ENGAGEMENTS)} reste(nt) à prendre.",
            source,
            f"engagements#{manquants[0]}",
        )
    return Resultat("R16", Statut.RESPECTE, "Les engagements du consortium sont pris.", source, "engagements")


def r17_date_limite(d: DonneesDossier) -> Resultat:
    """R17 — dépôt avant la date limite, heure du serveur, Europe/Paris, à la seconde.

    Source : AMI, « Procédure et calendrier ».
    """
    source = "AMI, « Procédure et calendrier »"
    limite = timezone.localtime(d.appel.date_limite).strftime("%d/%m/%Y à %H:%M:%S")
    depose_le = d.dossier.depose_le
    if depose_le:
        return Resultat(
            "R17",
            Statut.RESPECTE,
            f"Dossier déposé le {timezone.localtime(depose_le):%d/%m/%Y à %H:%M:%S}, avant la date limite "
            f"({limite}).",
            source,
        )
    if d.appel.est_ouvert(d.maintenant):
        return Resultat(
            "R17", Statut.RESPECTE, f"Dépôt possible jusqu’au {limite} (heure de Paris).", source, "depot"
        )
    return Resultat(
        "R17",
        Statut.NON_RESPECTE,
        f"La date limite de dépôt est passée ({limite}, heure de Paris) : le dossier ne peut plus être déposé.",
        source,
        "depot",
    )
