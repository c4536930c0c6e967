"""HTML written by the portal's own Python at the speed of a string format: ``html(modele, *valeurs)`` is
``django.utils.html.format_html`` — ``modele`` a constant of the code, never data; every value escaped
unless it is already HTML (``__html__``: a ``SafeString``, an ``ErrorList``) — without its per-value
``keep_lazy`` wrapper, ~3.5 µs a call: the budget page writes ~5 000 pieces (budget.rendu).

The one place of the code, with the plain-text e-mails, allowed to mark a text safe
(tests/test_item1_echappement.py), and tested there with every payload of tests/charges_xss.py."""

from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString


def echapper(valeur) -> str:
    """``conditional_escape``: HTML as it is, anything else as text, escaped (& < > " ')."""
    if type(valeur) is str:
        return escape(valeur)
    if isinstance(valeur, Promise):  # a lazy translation
        return escape(str(valeur))
    if hasattr(valeur, "__html__"):
        return valeur.__html__()
    return escape(str(valeur))


def html(modele: str, *valeurs) -> SafeString:
    """``modele.format(*valeurs)``, each value through ``echapper``, the result marked safe."""
    return SafeString(modele.format(*map(echapper, valeurs)))


def joindre(separateur: str, morceaux) -> SafeString:
    """The pieces (each through ``echapper``) joined by ``separateur`` (a constant), marked safe."""
    return SafeString(separateur.join(map(echapper, morceaux)))


def joindre_modele(separateur: str, modele: str, valeurs) -> SafeString:
    """``format_html_join``: ``modele`` written with each tuple of ``valeurs`` (``html``), joined."""
    return SafeString(separateur.join(html(modele, *v) for v in valeurs))


def _en_ligne(texte: str) -> SafeString:
    """A line, escaped, its « **…** » in bold (an odd count leaves the last « ** » as typed)."""
    morceaux = texte.split("**")
    if len(morceaux) % 2 == 0:  # an unclosed « ** »: kept as text
        morceaux[-2:] = ["**".join(morceaux[-2:])]
    return joindre("", (html("<strong>{}</strong>", m) if i % 2 else m for i, m in enumerate(morceaux)))


def mise_en_forme(texte: str) -> SafeString:
    """A text an administrateur typed (a call's presentation), as HTML with the little formatting a
    plain text area allows and nothing more — never raw HTML: paragraphs separated by an empty line,
    lines starting with « - » a list, « **…** » in bold; everything else escaped."""
    blocs = []
    for bloc in str(texte or "").replace("\r\n", "\n").split("\n\n"):
        lignes = [ligne.strip() for ligne in bloc.split("\n") if ligne.strip()]
        if not lignes:
            continue
        if all(ligne.startswith("- ") for ligne in lignes):
            items = joindre("", (html("<li>{}</li>", _en_ligne(ligne[2:].strip())) for ligne in lignes))
            blocs.append(html("<ul>{}</ul>", items))
        else:
            blocs.append(html("<p>{}</p>", joindre("<br>", map(_en_ligne, lignes))))
    return joindre("\n", blocs)
