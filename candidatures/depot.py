"""The dépôt: refused after the deadline (to the second, Europe/Paris) or with a blocking rule; idempotent.

A double click deposits once: the dossier row is locked, the second request finds it deposited.
The number is the call's prefix and the next order number, under a lock on the call.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ami.models import Appel
from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.envoi import blocage, figer_montants
from candidatures.models import Dossier, Etat
from candidatures.notifications import prevenir_porteur


@dataclass
class ResultatDepot:
    depose: bool
    dossier: Dossier
    motif: str = ""
    bloquantes: list = field(default_factory=list)
    nouveau: bool = False


def deposer(dossier_pk: int, user, maintenant=None) -> ResultatDepot:
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier_pk)
        if dossier.etat != Etat.BROUILLON:
            return ResultatDepot(True, dossier)
        maintenant = maintenant or timezone.now()
        appel = dossier.appel
        if not appel.est_ouvert(maintenant):
            limite = timezone.localtime(appel.date_limite)
            return ResultatDepot(
                False,
                dossier,
                f"La date limite de dépôt est passée ({limite:%d/%m/%Y à %H:%M:%S}, heure de Paris) : "
                "le dossier ne peut plus être déposé.",
            )
        if appel.avant_ouverture(maintenant):
            return ResultatDepot(
                False,
                dossier,
                f"Les dépôts ouvriront le {appel.date_ouverture:%d/%m/%Y} : "
                "le dossier peut être préparé d’ici là.",
            )
        etat = bilan(dossier, maintenant)
        if refus := blocage(etat, "déposé"):
            return ResultatDepot(False, dossier, refus.motif, refus.points)
        Appel.objects.select_for_update().filter(pk=appel.pk).first()  # numbers in order, no gap, no twin
        dernier = Dossier.objects.filter(appel=appel).aggregate(n=Max("numero_ordre"))["n"] or 0
        dossier.numero_ordre = dernier + 1
        dossier.numero = f"{appel.prefixe_numero}-{dossier.numero_ordre:04d}"
        dossier.depose_le = maintenant
        dossier.depose_par = user
        montants = figer_montants(dossier, etat)
        dossier.save(update_fields=["numero_ordre", "numero", "depose_le", "depose_par", *montants])
        cycle.effectuer(dossier, cycle.Action.DEPOSER, user, maintenant=maintenant)
        prevenir_porteur(
            dossier,
            f"Dossier {dossier.numero} déposé — {appel.nom_court}",
            "candidatures/courriels/depot.txt",
            {"depose_par": user, "appel": appel},
        )
    return ResultatDepot(True, dossier, nouveau=True)
