"""Whom a candidat writes to (« Besoin d'aide ? »): the service régional de l'État of his région — its
DREETS (the DRIEETS in Île-de-France, a DEETS overseas) — and the call's national address.

The région is the one of the département of the candidat's organisation and, on a dossier's page, of
each département of the dossier's territory; a visitor without one chooses it (``?region=``)."""

import unicodedata
from dataclasses import dataclass

from territoires.models import Region


@dataclass(frozen=True)
class Contact:
    region: Region
    service: str  # « DREETS Hauts-de-France »
    courriel: str  # empty until the administrateur gives it

    @property
    def a_courriel(self) -> bool:
        return bool(self.courriel)


def contact(region: Region) -> Contact:
    return Contact(
        region,
        region.service_regional or f"Service régional de l'État — {region.nom}",
        region.courriel_service_regional,
    )


def tous() -> list[Contact]:
    """Every région's contact, by name of région, accents ignored (« Île-de-France » among the I; one
    query)."""
    return sorted((contact(region) for region in Region.objects.all()), key=lambda c: _cle(c.region.nom))


def _cle(nom: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", nom) if not unicodedata.combining(c)).casefold()


def regions_du_candidat(user, dossier=None) -> list[str]:
    """The codes of the régions of ``user``'s organisation and of ``dossier``'s départements, in that
    order, without repeats (``dossier``: one the user may read, ``Dossier.objects.for_user``)."""
    codes = []
    organisation = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    if organisation is not None:
        codes.append(organisation.departement.region_id)
    if dossier is not None:
        codes += dossier.departements.order_by("code").values_list("region_id", flat=True)
    return list(dict.fromkeys(codes))


def contacts(codes: list[str], liste: list[Contact]) -> list[Contact]:
    """The contacts of the régions ``codes``, in their order, taken from ``liste`` (``tous``)."""
    par_code = {c.region.code: c for c in liste}
    return [par_code[code] for code in codes if code in par_code]
