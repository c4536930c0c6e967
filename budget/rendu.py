"""The fields of a budget line, written here, the one place (``ecrire``, ``cellules``): the page's rows
(``candidatures/lignes/depense.html``), a row added or put back, and autosave's refreshed amount
(``BoundField.as_field_group``: ``budget/champ.html``). Without the widget engine of django-dsfr, whose
template renders cost ~0.2 ms a text field and ~0.8 ms a 12-choice ``<select>`` — 5 000 renders for a
budget of 80 lines — nor a template per field (an ``{% include %}`` per cell was half the budget page's
time: 800 renders for 80 lines).

``champs_de_la_ligne`` describes each field with what django-dsfr's field snippet (and the project's,
``templates/dsfr/form_field_snippets/input_snippet.html``) would write: the same name, id, label,
« (Optionnel) » mark, help text, ``aria-describedby`` (help text, then the error container),
``aria-invalid``, DSFR classes (``fr-input``/``fr-select``, ``--error``), errors. The widget's
attributes are those Django computes (``BoundField.build_widget_attrs``, ``Widget.get_context``), in the
same order; only the markup around them is the template's. A ``<select>``'s options are written once
per process for each (choices, selected value) pair (``_options``): the same for every row.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from dsfr.utils import dsfr_input_class_attr

from core.balisage import html, joindre, joindre_modele

SAISIE, CHOIX, BOUTONS = "saisie", "choix", "boutons"  # <input>, <select>, radio buttons (fieldset)


@dataclass
class Champ:
    """One field of the row, as ``ecrire`` writes it."""

    nom: str  # the form's field name (« montant »)
    html_name: str
    auto_id: str
    id_for_label: str
    label: str
    optionnel: str  # « (Optionnel) » (DSFR_MARK_OPTIONAL_FIELDS), or ""
    aide: str  # help text, escaped (``core.formulaires.ChampDsfr``)
    erreurs: list
    genre: str  # SAISIE, CHOIX, BOUTONS
    groupe: str  # fr-input-group, fr-select-group
    attributs: SafeString  # the <input>/<select>'s attributes, as Django's widget writes them
    valeur: str | None = None  # an <input>'s value attribute (None: none)
    type: str = "text"
    options: SafeString | str = ""  # a <select>'s options (``_options``: escaped by format_html)
    boutons: list = field(default_factory=list)  # a radio's (attributes, value, label, id)
    desactive: bool = False

    @property
    def classes(self) -> str:
        """The group's classes: ``fr-input-group``, ``--error``, ``--disabled``."""
        classes = f"{self.groupe} {self.groupe}--error" if self.erreurs else self.groupe
        return f"{classes} fr-input-group--disabled" if self.desactive else classes

    @property
    def libelle(self) -> str:
        """The label and its « (Optionnel) » mark (escaped by the template)."""
        return f"{self.label}{self.optionnel}"

    erreurs_html: SafeString | str = ""  # a radio's errors, as django-dsfr's snippet writes them


def champs_de_la_ligne(form) -> dict[str, Champ]:
    """{field name: ``Champ``} of every field of ``form`` (a ``FormulaireDsfr``)."""
    return {nom: champ(form[nom]) for nom in form.fields}


def champ(bf) -> Champ:
    """The ``Champ`` of the bound field ``bf``."""
    erreurs = bf.errors  # an unbound form is not validated (Django's ``full_clean``)
    dsfr_input_class_attr(bf)  # what django-dsfr's snippets do, after the errors (aria-invalid)
    field_, widget = bf.field, bf.field.widget
    auto_id, id_for_label = bf.auto_id, bf.id_for_label
    optionnel = "" if field_.required else f" {gettext('(Optional)')}"
    commun = {
        "nom": bf.name,
        "html_name": bf.html_name,
        "auto_id": auto_id,
        "id_for_label": id_for_label,
        "label": bf.label,
        "optionnel": optionnel,
        "aide": bf.help_text,
        "erreurs": list(erreurs),
        "desactive": field_.disabled,
    }
    if isinstance(widget, forms.RadioSelect):
        return _boutons(bf, commun, erreurs)
    # The project's snippet: aria-describedby « <id>_helptext <id>-desc-error », the error class added
    # (widget_tweaks' ``attr`` and ``add_error_class``), then Django's own attributes and id.
    choix = isinstance(widget, forms.Select)
    decrit = f"{id_for_label}_helptext {auto_id}-desc-error" if bf.help_text else f"{auto_id}-desc-error"
    attrs = {}
    if erreurs:
        classe = widget.attrs.get("class", "")
        attrs["class"] = f"{classe} {'fr-select--error' if choix else 'fr-input--error'}".strip()
    attrs["aria-describedby"] = decrit
    if field_.localize:
        widget.is_localized = True
    attrs = bf.build_widget_attrs(attrs, widget)
    if auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", auto_id)
    if choix:  # Django's ``Widget.get_context`` without ``optgroups``: the options are ``_options``'
        contexte = forms.Widget.get_context(widget, bf.html_name, bf.value(), attrs)["widget"]
    else:
        contexte = widget.get_context(bf.html_name, bf.value(), attrs)["widget"]
    if choix:
        attributs = _attributs(contexte["attrs"])
        valeurs = contexte["value"]
        options = _options(_cle_des_choix(widget.choices), valeurs[0] if valeurs else "")
        return Champ(
            **commun,
            genre=CHOIX,
            groupe=getattr(widget, "group_class", "fr-select-group"),
            attributs=attributs,
            options=options,
        )
    return Champ(
        **commun,
        genre=SAISIE,
        groupe=getattr(widget, "group_class", "fr-input-group"),
        attributs=_attributs(contexte["attrs"]),
        valeur=None if contexte["value"] is None else _texte(contexte["value"]),
        type=contexte["type"],
    )


def _boutons(bf, commun, erreurs) -> Champ:
    """A radio choice as django-dsfr's ``radioselect_snippet.html`` writes it (a fieldset, one
    ``fr-radio-group`` a button)."""
    boutons = []
    for sous in bf.subwidgets:
        donnees = sous.data
        valeur = None if donnees["value"] is None else _texte(donnees["value"])
        boutons.append((_attributs(donnees["attrs"]), valeur, donnees["label"], donnees["attrs"].get("id")))
    return Champ(
        **commun,
        genre=BOUTONS,
        groupe="fr-radio-group",
        attributs="",
        boutons=boutons,
        erreurs_html=str(erreurs) if erreurs else "",  # as ``{{ field.errors }}`` (ErrorList escapes)
    )


def _attributs(attrs: dict) -> SafeString:
    """`` name="value"`` each, as Django's ``flatatt`` writes them (what ``attrs.html`` prints): the
    valued ones sorted by name, then the true ones alone sorted, False left out, values escaped
    (``core.balisage``). ``flatatt`` itself built a ``format_html`` per attribute, Django's lazy escaping
    for each value: 24 µs for 7 attributes, a third of the budget rows' time."""
    valeurs, seuls = [], []
    for nom, valeur in attrs.items():
        if valeur is True:
            seuls.append(nom)
        elif valeur is not False:  # None written empty, as before (``_texte``)
            valeurs.append((nom, _texte(valeur)))
    valeurs.sort()
    seuls.sort()
    return joindre(
        "",
        [*(html(' {}="{}"', nom, valeur) for nom, valeur in valeurs), *(html(" {}", nom) for nom in seuls)],
    )


def _cle_des_choix(choices) -> tuple:
    """``choices`` hashable: ((value, label) | (group, ((value, label), …)), …), labels as text."""
    cle = []
    for valeur, libelle in choices:
        if isinstance(libelle, list | tuple):
            cle.append((_texte(valeur), tuple((_texte(v), libelle_) for v, libelle_ in libelle)))
        else:
            cle.append((_texte(valeur), libelle))
    return tuple(cle)


def _texte(valeur) -> str:
    """``valeur`` as Django's widget templates write it (``stringformat:'s'``): plain text, never a
    ``SafeString`` (escaped when written); "" for None."""
    if valeur is None:
        return ""
    return str.__str__(valeur) if isinstance(valeur, str) else str(valeur)


@lru_cache(maxsize=512)
def _options(choix: tuple, choisie: str) -> SafeString:
    """The ``<option>``s (and ``<optgroup>``s) of a ``<select>``, as Django's ``select.html`` writes them:
    the first option whose value is ``choisie`` selected. Once per (choices, value) and process; every
    value and label escaped by ``format_html``."""
    trouvee = False

    def option(valeur, libelle):
        nonlocal trouvee
        choisi = not trouvee and valeur == choisie
        trouvee = trouvee or choisi
        return format_html(
            '\n  <option value="{}"{}>{}</option>', valeur, " selected" if choisi else "", libelle
        )

    def morceau(valeur, libelle):
        if isinstance(libelle, tuple):
            contenu = format_html_join("", "{}", ((option(v, lib),) for v, lib in libelle))
            return format_html('\n  <optgroup label="{}">{}\n  </optgroup>', valeur, contenu)
        return option(valeur, libelle)

    return format_html("{}\n", format_html_join("", "{}", ((morceau(v, lib),) for v, lib in choix)))


def _aide(ident: str, aide) -> SafeString | str:
    """The help text's ``<span>`` (its id the one ``aria-describedby`` names), "" without help text."""
    return html('<span class="fr-hint-text" id="{}_helptext">{}</span>', ident, aide) if aide else ""


def ecrire(champ: Champ) -> SafeString:
    """The HTML of ``champ``: the markup of django-dsfr's field snippets (``input_snippet.html``,
    ``radioselect_snippet.html``) and the project's (the error container always there, autosave fills it,
    ``partials/erreurs_champ.html``); tests/test_perf_budget.py compares them field by field. Every
    value escaped by ``core.balisage.html`` (``attributs``, ``options``, ``aide`` and ``erreurs_html``
    are HTML already)."""
    if champ.boutons:
        decrit = f"{champ.auto_id}-legend"
        if champ.erreurs:
            decrit += f" {champ.auto_id}-desc-error"
        boutons = joindre_modele(
            "\n  ",
            '<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" name="{}"{}{}>'
            '\n    <label class="fr-label"{}>{}</label></div></div>',
            (
                (
                    champ.html_name,
                    html(' value="{}"', valeur) if valeur is not None else "",
                    attributs,
                    html(' for="{}"', ident) if ident else "",
                    libelle,
                )
                for attributs, valeur, libelle, ident in champ.boutons
            ),
        )
        return html(
            '<fieldset class="fr-fieldset{}" id="radio-{}" aria-labelledby="{}">\n'
            '  <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id="{}-legend">\n'
            "    {}\n    {}\n  </legend>\n  {}{}\n</fieldset>",
            " fr-fieldset--error" if champ.erreurs else "",
            champ.auto_id,
            decrit,
            champ.auto_id,
            champ.libelle,
            _aide(champ.auto_id, champ.aide),
            boutons,
            html(
                '\n  <div class="fr-messages-group" id="{}-desc-error">{}</div>',
                champ.auto_id,
                champ.erreurs_html,
            )
            if champ.erreurs
            else "",
        )
    if champ.options:
        saisie = html('<select name="{}"{}>{}</select>', champ.html_name, champ.attributs, champ.options)
    else:
        saisie = html(
            '<input type="{}" name="{}"{}{}>',
            champ.type,
            champ.html_name,
            html(' value="{}"', champ.valeur) if champ.valeur is not None else "",
            champ.attributs,
        )
    return html(
        '<div class="{}" id="{}-groupe">\n  <label for="{}" class="fr-label">\n    {}\n    {}\n  </label>\n'
        '  {}\n  <div id="{}-desc-error" class="fr-messages-group" aria-live="polite">{}</div>\n</div>',
        champ.classes,
        champ.auto_id,
        champ.id_for_label,
        champ.libelle,
        _aide(champ.id_for_label, champ.aide),
        saisie,
        champ.auto_id,
        joindre("", [html('<p class="fr-message fr-message--error">{}</p>', e) for e in champ.erreurs]),
    )


def frais_generaux_ligne(ligne, appel, oob: bool = False) -> SafeString:
    """« Frais généraux … O/N » of an expense line, not typed: « O » when its nature counts in the frais
    généraux (``budget.totaux.frais_generaux_o_n``). ``oob``: refreshed by an autosave that changed it."""
    from budget import totaux

    ouverture = (
        '<p class="etat-o-n fr-mb-0" id="etat-fg-{}" hx-swap-oob="true">'
        if oob
        else ('<p class="etat-o-n fr-mb-0" id="etat-fg-{}">')
    )
    return html(
        ouverture + '<span class="etat-o-n__libelle">{} : </span>{}</p>',
        ligne.pk,
        totaux.libelle_frais_generaux(appel),
        totaux.frais_generaux_o_n(ligne),
    )


def cellules(form, appel, ligne, colonnes: list) -> SafeString:
    """The ``<td>``s of an expense line, in the order of ``colonnes`` (``etat_depenses.colonnes_saisie``):
    each field written by ``ecrire`` (« Montant » in the block autosave refreshes), « frais généraux O/N »
    shown, not typed."""

    def cellule(colonne):
        if not colonne["saisie"]:
            contenu = frais_generaux_ligne(ligne, appel)
        else:
            ecrit = champ(form[colonne["nom"]])
            contenu = ecrire(ecrit)
            if colonne["nom"] == "montant":
                contenu = html('<div id="{}-bloc">{}</div>', ecrit.auto_id, contenu)
        return html('<td class="etat-{}">{}</td>', colonne["nom"], contenu)

    return joindre("\n  ", [cellule(colonne) for colonne in colonnes])
