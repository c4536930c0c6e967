"""The administration's log (``ami.models.Journal``): who changed what, when, from which value to which."""

from ami.models import Journal


def _texte(valeur) -> str:
    if valeur is None or valeur == "":
        return "—"
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, list | tuple | set):
        return ", ".join(_texte(v) for v in valeur)
    return str(valeur)


def changements(form) -> list[list[str]]:
    """[[label, before, after]] of a bound, valid form's changed fields, as a reader sees them."""
    resultat = []
    for nom in form.changed_data:
        field = form.fields[nom]
        avant, apres = form[nom].initial, form.cleaned_data.get(nom)
        if hasattr(field, "choices") and not hasattr(apres, "pk"):
            libelles = {str(cle): libelle for cle, libelle in field.choices}
            avant, apres = libelles.get(str(avant), avant), libelles.get(str(apres), apres)
        if hasattr(field, "queryset") and avant is not None and not hasattr(avant, "pk"):
            avant = field.queryset.filter(pk=avant).first()
        resultat.append([str(field.label), _texte(avant), _texte(apres)])
    return resultat


def consigner(par, objet: str, action: str, changements: list | None = None) -> Journal:
    return Journal.objects.create(
        par=par, objet=str(objet)[:200], action=action[:200], changements=changements or []
    )
