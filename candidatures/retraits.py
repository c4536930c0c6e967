"""A row removed from a section can be put back (« Annuler », static/ami/lignes.js): the removal's answer
carries the row as it was, signed, and ``restaurer`` puts it back with its id, so it takes its place again
(rows are listed by id) with every value, computed amounts included. Nothing hangs from a row: putting it
back loses nothing."""

from django.core import serializers, signing

SEL = "candidatures.ligne-retiree"
DUREE = 3600  # seconds: long enough for a person who notices late, short enough for a stale page


def jeton(ligne, dossier_pk: int, cle: str) -> str:
    """The row, signed, for the dossier ``dossier_pk`` and the kind of row ``cle`` only."""
    contenu = {"dossier": dossier_pk, "cle": cle, "ligne": serializers.serialize("json", [ligne])}
    return signing.dumps(contenu, salt=SEL, compress=True)


def restaurer(valeur: str, dossier_pk: int, groupe, objet):
    """The row of the token ``valeur`` saved again under ``objet`` (the object the section edits); None
    when the token is not this dossier's and kind of row's, is too old, or the row is already back."""
    try:
        contenu = signing.loads(valeur, salt=SEL, max_age=DUREE)
    except signing.BadSignature:
        return None
    if contenu.get("dossier") != dossier_pk or contenu.get("cle") != groupe.cle:
        return None
    try:
        objets = [o.object for o in serializers.deserialize("json", contenu["ligne"])]
    except serializers.base.DeserializationError:
        return None
    if len(objets) != 1 or not isinstance(objets[0], groupe.modele):
        return None
    ligne = objets[0]
    if getattr(ligne, f"{groupe.lien}_id") != objet.pk or groupe.modele.objects.filter(pk=ligne.pk).exists():
        return None
    ligne.save(force_insert=True)
    return ligne
