"""« Suivi par » (issue 17, point 14): an instructeur national follows a dossier, chosen by himself or by
a colleague; only an active instructeur national may be chosen. The one place that says who may change
it, who may read it, and that records each change in the dossier's history.

The history is the dossier's own (``candidatures.Transition``, the steps the fiche lists): a step
``ACTION`` that keeps the state, by whom, when, ``donnees`` naming the instructeur before and after.
It is not a ``cycle.Action``: ``politique(user).evenements_visibles`` never lists it, so the porteur, an
agent, the PDF and the API never read it; the fiche adds it for the national team (``actions_visibles``).
The colleague chosen by someone else is told in the portal (the bell) and by mail."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from candidatures.models import Etat, Transition
from candidatures.notifications import envoyer_apres_validation
from candidatures.politique import politique
from comptes.models import Role, User
from instruction.models import Suivi
from notifications.models import Nature
from notifications.services import notifier

ACTION = "suivi"  # ``Transition.action`` of a change of « Suivi par »
LIBELLE = "Suivi du dossier"


class SuiviRefuse(Exception):
    """The change is not allowed (message in French)."""


def peut_attribuer(user) -> bool:
    """Who changes « Suivi par »: an active instructeur national."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.INSTRUCTEUR)


def voit_suivi(user) -> bool:
    """Who reads « Suivi par » (queue, fiche, history): the national team (instructeurs, administrateurs)."""
    return politique(user).voit_notes_nationales


def actions_visibles(user) -> set:
    """The history's steps ``user`` reads on the fiche: his policy's, and the changes of « Suivi par »
    for the national team."""
    visibles = set(politique(user).evenements_visibles)
    return visibles | {ACTION} if voit_suivi(user) else visibles


def instructeurs_choisissables():
    """The instructeurs one may choose: the active instructeurs nationaux, by name."""
    return User.objects.filter(role=Role.INSTRUCTEUR, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def nom(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def actuel(dossier) -> Suivi | None:
    return Suivi.objects.filter(dossier=dossier).select_related("instructeur").first()


def attribuer(dossier, par, instructeur, attendu: int | None = ...) -> Suivi | None:
    """``dossier`` followed by ``instructeur`` (``None``: by nobody) from now on, chosen by ``par``; the
    change is a step of its history; the colleague chosen by someone else is notified and mailed.
    ``attendu``: the id of the instructeur the page showed (``None``: nobody); when another changed it
    meanwhile, refused. The caller holds the dossier's lock (``dossier_etat(…, verrou=True)``).
    Choosing the one already following changes nothing (no step)."""
    if not peut_attribuer(par):
        raise SuiviRefuse("« Suivi par » est réservé aux instructeurs nationaux.")
    if dossier.etat == Etat.BROUILLON:
        raise SuiviRefuse("Un brouillon n’est pas suivi par l’équipe d’instruction.")
    if instructeur is not None and (instructeur.role != Role.INSTRUCTEUR or not instructeur.is_active):
        raise SuiviRefuse("Choisissez un instructeur national dont le compte est actif.")
    avant = actuel(dossier)
    avant_instructeur = avant.instructeur if avant else None
    if attendu is not ... and attendu != (avant.instructeur_id if avant else None):
        raise SuiviRefuse(
            f"Le suivi de ce dossier a changé depuis l’ouverture de la page : il est suivi par "
            f"{nom(avant_instructeur) or 'personne'}. Rien n’a été enregistré ; choisissez à nouveau."
        )
    if (avant_instructeur.pk if avant_instructeur else None) == (instructeur.pk if instructeur else None):
        return avant
    maintenant = timezone.now()
    if instructeur is None:
        avant.delete()
        suivi = None
    else:
        suivi, _ = Suivi.objects.update_or_create(
            dossier=dossier,
            defaults={"instructeur": instructeur, "depuis_le": maintenant, "attribue_par": par},
        )
    Transition.objects.create(
        dossier=dossier,
        action=ACTION,
        depuis=dossier.etat,
        vers=dossier.etat,
        par=par,
        le=maintenant,
        donnees={
            "de": nom(avant_instructeur),
            "de_id": avant_instructeur.pk if avant_instructeur else None,
            "vers": nom(instructeur),
            "vers_id": instructeur.pk if instructeur else None,
        },
    )
    if instructeur is not None and instructeur.pk != par.pk:
        _prevenir(dossier, par, instructeur)
    return suivi


def _prevenir(dossier, par, instructeur) -> None:
    titre = f"Dossier {dossier.numero} : {nom(par)} vous en confie le suivi"
    notifier(
        [instructeur], Nature.AUTRE, titre, reverse("instruction:dossier", args=[dossier.pk]), dossier=dossier
    )
    envoyer_apres_validation(
        titre,
        "instruction/courriels/suivi.txt",
        {"dossier": dossier, "par": par, "instructeur": instructeur},
        [instructeur.email],
    )


# The queue: « Mes dossiers suivis », « Suivis par un collègue », « Non suivis » (``instruction.filtres``).
MOI, AUTRES, AUCUN, SUIVIS = "moi", "autres", "aucun", "suivis"


def filtrer(dossiers, valeur: str, instructeur_id: int | None):
    """``dossiers`` narrowed to those followed by ``instructeur_id`` (``MOI``), by another (``AUTRES``),
    by anyone (``SUIVIS``) or by nobody (``AUCUN``): an EXISTS, no join (the COUNT stays cheap)."""
    suivis = Suivi.objects.filter(dossier=OuterRef("pk"))
    if valeur == AUCUN:
        return dossiers.filter(~Exists(suivis))
    if valeur == SUIVIS:
        return dossiers.filter(Exists(suivis))
    if valeur in (MOI, AUTRES):
        if instructeur_id is None:
            return dossiers.none() if valeur == MOI else dossiers.filter(Exists(suivis))
        a_moi = Q(instructeur_id=instructeur_id)
        return dossiers.filter(Exists(suivis.filter(a_moi) if valeur == MOI else suivis.exclude(a_moi)))
    return dossiers


def decorer(dossiers: list, user) -> None:
    """What the queue's rows show of « Suivi par », from ``instruction.file._suivre``'s annotations:
    ``texte_suivi`` (« vous » for the user himself; empty for whom may not read it)."""
    lit = voit_suivi(user)
    for dossier in dossiers:
        instructeur_id = getattr(dossier, "suivi_par_id", None)
        dossier.suivi_par_moi = lit and instructeur_id == user.pk
        if not lit or instructeur_id is None:
            dossier.texte_suivi = ""
        elif dossier.suivi_par_moi:
            dossier.texte_suivi = "vous"
        else:
            prenom, nom_ = getattr(dossier, "suivi_par_prenom", ""), getattr(dossier, "suivi_par_nom", "")
            dossier.texte_suivi = f"{prenom} {nom_}".strip() or "un instructeur"
