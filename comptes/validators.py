from django.core.exceptions import ValidationError

# La Poste's establishments share one SIREN and do not follow the Luhn key (INSEE).
SIREN_LA_POSTE = "356000000"


def luhn_valide(nombre: str) -> bool:
    total = 0
    for position, chiffre in enumerate(reversed(nombre)):
        valeur = int(chiffre)
        if position % 2 == 1:
            valeur *= 2
            if valeur > 9:
                valeur -= 9
        total += valeur
    return total % 10 == 0


def valider_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn key is valid (La Poste: sum of the digits multiple of 5)."""
    siret = (value or "").replace(" ", "")
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError("Le SIRET doit comporter 14 chiffres.", code="siret_format")
    if siret.startswith(SIREN_LA_POSTE) and siret != SIREN_LA_POSTE + "00048":
        if sum(int(c) for c in siret) % 5 != 0:
            raise ValidationError("Ce SIRET n'est pas valide : vérifiez les 14 chiffres.", code="siret_cle")
        return
    if not luhn_valide(siret):
        raise ValidationError("Ce SIRET n'est pas valide : vérifiez les 14 chiffres.", code="siret_cle")
