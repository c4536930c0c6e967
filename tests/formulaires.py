"""What a test posts back of a form the page rendered."""


def valeurs_du_formulaire(form):
    """What the browser posts back: each field's rendered value (an empty text area: « »)."""
    valeurs = {
        champ.name: champ.field.widget.format_value(champ.value())
        for champ in form
        if champ.value() is not None
    }
    return {nom: "" if valeur is None else valeur for nom, valeur in valeurs.items()}
