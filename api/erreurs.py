"""Validation errors of the API in French: pydantic's messages are English, and name its internals."""

DATE = "Date invalide : attendu AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS+01:00 (ISO 8601)."
MESSAGES = {
    "missing": "Paramètre obligatoire.",
    "int_parsing": "Attendu : un nombre entier.",
    "int_from_float": "Attendu : un nombre entier.",
    "int_type": "Attendu : un nombre entier.",
    "literal_error": "Valeur inconnue.",
    "enum": "Valeur inconnue.",
    "string_pattern_mismatch": "Format invalide.",
    "string_type": "Attendu : une chaîne de caractères.",
    "datetime_parsing": DATE,
    "datetime_from_date_parsing": DATE,
    "datetime_type": DATE,
    "datetime_object_invalid": "Date invalide.",
    "hors_limites": "Date hors des limites acceptées.",
    "appel_inconnu": "Appel inconnu : la liste des appels est à /api/v1/appels.",
}
PRECISIONS = {
    "departement": "Attendu : le code INSEE d’un département (« 59 », « 2A », « 971 »).",
    "region": "Attendu : le code INSEE d’une région, deux chiffres (« 32 »).",
}


def message(erreur: dict) -> str:
    type_, ctx = erreur.get("type", ""), erreur.get("ctx") or {}
    champ = str((erreur.get("loc") or ("",))[-1])
    if type_ == "greater_than_equal":
        return f"Le minimum est {ctx.get('ge')}."
    if type_ == "less_than_equal":
        return f"Le maximum est {ctx.get('le')}."
    if type_ in ("literal_error", "enum") and ctx.get("expected"):
        return f"Valeur inconnue ; valeurs possibles : {ctx['expected'].replace(' or ', ', ')}."
    if type_ == "string_pattern_mismatch" and champ in PRECISIONS:
        return PRECISIONS[champ]
    return MESSAGES.get(type_, "Valeur invalide.")


def messages_validation(erreurs: list[dict]) -> list[dict]:
    """[{champ, message}] for the JSON of a 422."""
    return [{"champ": str((e.get("loc") or ("",))[-1]), "message": message(e)} for e in erreurs]
