"""Load the committed INSEE référentiel (territoires/data/*.csv)."""

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data"


def lire(nom: str) -> list[dict]:
    with open(DATA / nom, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def charger(Region, Departement) -> None:
    """Create or update the 18 régions and 101 départements (idempotent)."""
    for ligne in lire("regions.csv"):
        Region.objects.update_or_create(code=ligne["code"], defaults={"nom": ligne["nom"]})
    for ligne in lire("departements.csv"):
        Departement.objects.update_or_create(
            code=ligne["code"], defaults={"nom": ligne["nom"], "region_id": ligne["region"]}
        )
    # The services' names once the field exists (after migration 0003; the historical model of 0002 lacks it).
    if any(champ.name == "service_regional" for champ in Region._meta.get_fields()):
        charger_services_regionaux(Region)


def charger_services_regionaux(Region) -> None:
    """The name of each région's service régional de l'État (idempotent); its address is left as it is."""
    for ligne in lire("services_regionaux.csv"):
        Region.objects.filter(code=ligne["region"]).update(service_regional=ligne["service"])
