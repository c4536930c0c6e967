"""Formats checked next to the field: French telephone numbers, e-mail addresses."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

TELEPHONE = re.compile(r"^(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)([1-9])((?:[\s.-]?\d{2}){4})$")


def normaliser_telephone(valeur: str) -> str:
    """« 0320123456 », « +33 3 20 12 34 56 » → « 03 20 12 34 56 »; raises ValidationError otherwise."""
    valeur = valeur.strip()
    correspondance = TELEPHONE.match(valeur)
    if not correspondance:
        raise ValidationError(
            "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 03 20 12 34 56 "
            "ou +33 3 20 12 34 56.",
            code="telephone",
        )
    chiffres = "0" + correspondance.group(1) + re.sub(r"\D", "", correspondance.group(2))
    return " ".join(chiffres[i : i + 2] for i in range(0, 10, 2))


valider_courriel = EmailValidator(
    message="Saisissez une adresse mail valide, par exemple prenom.nom@exemple.fr.", code="courriel"
)


def telephone_valide(valeur: str) -> bool:
    try:
        normaliser_telephone(valeur)
    except ValidationError:
        return False
    return True


def courriel_valide(valeur: str) -> bool:
    try:
        valider_courriel(valeur.strip())
    except ValidationError:
        return False
    return True
