"""Who sees which département: the one definition every query of the portal relies on.

« [Les agents territoriaux] read the submitted dossiers of their own territory only »
(rules.md, « Who uses the portal »): a DDETS its département, a DREETS (and a
commissaire à la lutte contre la pauvreté, a préfecture de région) every département
of its région. National instructeurs and administrateurs see every département;
candidats see dossiers through their organisation, never through a territory.
"""

from django.db.models import QuerySet

from territoires.models import Departement


def departements_visibles(user) -> QuerySet[Departement]:
    """The départements whose dossiers ``user`` may read as a territorial or national agent."""
    from comptes.models import Role

    if not user.is_authenticated or not user.is_active:
        return Departement.objects.none()
    if user.role in (Role.INSTRUCTEUR, Role.ADMINISTRATEUR):
        return Departement.objects.all()
    if user.role == Role.AGENT and user.service_territorial_id:
        service = user.service_territorial
        if service.departement_id:
            return Departement.objects.filter(code=service.departement_id)
        return Departement.objects.filter(region_id=service.region_id)
    return Departement.objects.none()


def peut_voir_departement(user, departement) -> bool:
    """« May this user see a dossier of this département? » — ``departement`` is a code or a Departement."""
    code = getattr(departement, "code", departement)
    codes = user.__dict__.get("_codes_departements_visibles")
    if codes is None:  # once per request: the user object lives as long as the request
        codes = frozenset(departements_visibles(user).values_list("code", flat=True))
        user.__dict__["_codes_departements_visibles"] = codes
    return code in codes
