"""The dépôt: refused after the deadline (to the second, Europe/Paris, the last second counting whole:
``Appel.est_ouvert``) or with a blocking rule; idempotent.

A double click deposits once: the dossier row is locked, the second request finds it deposited.
The number is the call's prefix and the next order number, under a lock on the call; a dossier its
porteur reopened for correction (``cycle.Action.ROUVRIR``) keeps its number when deposited again.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ami.models import Appel
from candidatures import cycle
from candidatures.attestation import sceau
from candidatures.bilan import bilan
from candidatures.envoi import blocage, figer_montants
from candidatures.models import Dossier, Etat
from candidatures.notifications import prevenir_porteur

journal = logging.getLogger(__name__)


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
            return ResultatDepot(
                False, dossier, f"{appel.raison_fermeture()} : le dossier ne peut plus être déposé."
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
        if not dossier.numero:  # a first dépôt; deposited again after a reopening, it keeps its number
            Appel.objects.select_for_update().filter(pk=appel.pk).first()  # in order, no gap, no twin
            dernier = Dossier.objects.filter(appel=appel).aggregate(n=Max("numero_ordre"))["n"] or 0
            dossier.numero_ordre = dernier + 1
            dossier.numero = f"{appel.prefixe_numero}-{dossier.numero_ordre:04d}"
        nouveau_depot = dossier.transitions.filter(action=cycle.Action.ROUVRIR).exists()
        dossier.depose_le = maintenant
        dossier.depose_par = user
        montants = figer_montants(dossier, etat)
        dossier.save(update_fields=["numero_ordre", "numero", "depose_le", "depose_par", *montants])
        # The deposited content and its SHA-256, sealed in the history (``attestation``).
        scelle = sceau(etat.donnees)
        cycle.effectuer(dossier, cycle.Action.DEPOSER, user, donnees=scelle, maintenant=maintenant)
        prevenir_porteur(
            dossier,
            f"Dossier {dossier.numero} {'déposé à nouveau' if nouveau_depot else 'déposé'} "
            f"— {appel.nom_court}",
            "candidatures/courriels/depot.txt",
            {"depose_par": user, "appel": appel, "nouveau_depot": nouveau_depot},
        )
    return ResultatDepot(True, dossier, nouveau=True)


# --- What the porteur does to his dossier besides the dépôt -------------------------------------------
# Who may, and when, is ``cycle.refus`` (RETIRER, ROUVRIR, RENOMMER) and ``Politique.peut_gerer_brouillon``
# (a draft's deletion): the porteur's members only, before the deadline, while nobody instructs it.


@dataclass
class ResultatAction:
    fait: bool
    dossier: Dossier | None
    motif: str = ""


def _effectuer(dossier_pk: int, action: str, user, motif: str, maintenant):
    """Lock the dossier, check and record ``action`` (``cycle.effectuer``): the transition, or the refusal
    in French (``TransitionInterdite``)."""
    dossier = Dossier.objects.verrouiller(dossier_pk)
    return dossier, cycle.effectuer(dossier, action, user, motif, maintenant=maintenant)


def retirer(dossier_pk: int, user, motif: str, maintenant=None) -> ResultatAction:
    """« Retirer ma candidature »: a deposited dossier nobody has taken in instruction, before the deadline,
    motivated; it is then « Candidature retirée », out of the instruction queue; every member is told."""
    maintenant = maintenant or timezone.now()
    try:
        with transaction.atomic():
            dossier, transition = _effectuer(dossier_pk, cycle.Action.RETIRER, user, motif, maintenant)
            prevenir_porteur(
                dossier,
                f"Dossier {dossier.numero} : candidature retirée — {dossier.appel.nom_court}",
                "candidatures/courriels/retrait.txt",
                {"transition": transition, "appel": dossier.appel},
            )
    except cycle.TransitionInterdite as refus:
        return ResultatAction(False, Dossier.objects.get(pk=dossier_pk), str(refus))
    return ResultatAction(True, dossier)


def rouvrir(dossier_pk: int, user, motif: str = "", maintenant=None) -> ResultatAction:
    """A deposited dossier nobody has taken in instruction, reopened by its porteur for correction before
    the deadline: a draft again (its date of dépôt cleared, its number kept for the next dépôt)."""
    maintenant = maintenant or timezone.now()
    try:
        with transaction.atomic():
            dossier, transition = _effectuer(dossier_pk, cycle.Action.ROUVRIR, user, motif, maintenant)
            dossier.depose_le = None
            dossier.save(update_fields=["depose_le"])
            prevenir_porteur(
                dossier,
                f"Dossier {dossier.numero} rouvert pour correction — {dossier.appel.nom_court}",
                "candidatures/courriels/reouverture.txt",
                {"transition": transition, "appel": dossier.appel},
            )
    except cycle.TransitionInterdite as refus:
        return ResultatAction(False, Dossier.objects.get(pk=dossier_pk), str(refus))
    bilan(dossier, maintenant)  # a draft again: the list's summary (completeness, blocking rules)
    return ResultatAction(True, dossier)


def renommer(dossier_pk: int, user, intitule: str) -> ResultatAction:
    """A draft's new intitulé, recorded in its history (« Dossier renommé »: before and after)."""
    intitule = (intitule or "").strip()
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier_pk)
        if not intitule:
            return ResultatAction(False, dossier, "Saisissez l’intitulé du projet.")
        if intitule == dossier.intitule:
            return ResultatAction(True, dossier)
        try:
            cycle.effectuer(
                dossier, cycle.Action.RENOMMER, user, donnees={"avant": dossier.intitule, "apres": intitule}
            )
        except cycle.TransitionInterdite as refus:
            return ResultatAction(False, dossier, str(refus))
        dossier.intitule = intitule
        dossier.modifie_le, dossier.modifie_par = timezone.now(), user
        dossier.save(update_fields=["intitule", "modifie_le", "modifie_par"])
    return ResultatAction(True, dossier)


def supprimer(dossier_pk: int, user) -> ResultatAction:
    """A draft deleted by a member of its porteur (never a dossier deposited once: it has a number). The
    deletion is written to the portal's journal (who, when, which draft), its rows being gone."""
    from candidatures.politique import politique

    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(dossier_pk)
        if not politique(user).peut_gerer_brouillon(dossier):
            return ResultatAction(
                False,
                dossier,
                "Seul un brouillon peut être supprimé, par un membre de l’organisation qui le porte.",
            )
        if dossier.numero:
            return ResultatAction(
                False,
                dossier,
                f"Ce dossier a été déposé une fois sous le numéro {dossier.numero} : il ne peut pas être "
                "supprimé. Tant qu’il n’est pas déposé à nouveau, il n’est pas instruit.",
            )
        for piece in dossier.pieces.all():  # the files first: a storage that fails deletes nothing
            piece.fichier.delete(save=False)
        journal.info(
            "Brouillon supprimé : dossier %s « %s » (organisation %s) par %s (compte %s).",
            dossier.pk,
            dossier.intitule,
            dossier.organisation_id,
            user.email,
            user.pk,
        )
        dossier.delete()
    return ResultatAction(True, None)
