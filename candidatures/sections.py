"""Each section of the dossier: its main form and its rows (members, indicators, budget lines), bound to
what was posted or to the stored values. Saving them: ``candidatures.fusion`` (the version check) and
``candidatures.erreurs_saisie`` (errors kept until corrected)."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.text import Truncator

from budget.forms import LigneDepenseForm, LigneFinancementForm
from budget.lignes import refus_nouvelle_ligne
from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense
from candidatures.forms import (
    Axe4Form,
    AxeForm,
    ChefDeFileForm,
    EngagementsForm,
    IndicateurForm,
    TerritoireForm,
)
from candidatures.models import Indicateur, ReponseAxe, Section
from consortium.forms import MembreForm
from consortium.models import Membre, TypeMembre


@dataclass(frozen=True)
class GroupeLignes:
    """A kind of row of a section, each row a small form prefixed « <cle>-<pk> ». The rows hang from
    the object the section edits (``Definition.objet_edite``: the dossier, or its answer to an axe)."""

    cle: str
    modele: type
    formulaire: type
    # What ``creer`` takes from the request (type of member, group of expense…), one of ``choix``; a row
    # without one is added empty.
    attribut: str = ""
    choix: tuple = ()
    lien: str = "dossier"  # the row's foreign key to the edited object
    # The template's name for the rows grouped by ``attribut``, in the order of ``choix`` (none: not grouped).
    regroupement: str = ""
    # dossier → why no row may be added (French, next to the « Ajouter » button), "" when one may.
    limite: Callable | None = None
    # The row's fields that set its place on the page (« Action n° »): a change of one of them is shown by
    # the whole section again after « Enregistrer » (the row moves), any other change by the save's answer.
    placement: tuple = ()

    def refus_ajout(self, dossier) -> str:
        return self.limite(dossier) if self.limite is not None else ""

    def lignes(self, objet, pks=None):
        """The rows of ``objet``, all of them or those of ``pks``."""
        lignes = self.modele.objects.filter(**{self.lien: objet})
        if pks is not None:
            lignes = lignes.filter(pk__in=pks)
        return list(lignes.order_by("id"))

    def creer(self, objet, valeur):
        """A new row of ``objet``; None when ``valeur`` is none of ``choix``."""
        if not self.attribut:
            return self.modele.objects.create(**{self.lien: objet})
        if valeur not in {c for c, _ in self.choix}:
            return None
        return self.modele.objects.create(**{self.lien: objet, self.attribut: valeur})

    def regroupees(self, couples) -> list:
        """(valeur, libellé, [(ligne, form)]) for each of ``choix``: the rows as the template lists them."""
        return [
            (valeur, libelle, [c for c in couples if getattr(c[0], self.attribut) == valeur])
            for valeur, libelle in self.choix
        ]

    def formulaire_pour(self, ligne, data=None):
        return self.formulaire(data, instance=ligne, prefix=f"{self.cle}-{ligne.pk}")


MEMBRES = GroupeLignes(
    "membre", Membre, MembreForm, "type", tuple(TypeMembre.choices), regroupement="types_membres"
)
INDICATEURS = GroupeLignes("indicateur", Indicateur, IndicateurForm, lien="reponse")
DEPENSES = GroupeLignes(
    "depense",
    LigneDepense,
    LigneDepenseForm,
    "groupe",
    tuple(GroupeDepense.choices),
    regroupement="groupes_depenses",
    limite=refus_nouvelle_ligne,
    placement=("numero_action",),
)
# A financing line is added empty: its type is chosen in the row, not by the « Ajouter » button.
FINANCEMENTS = GroupeLignes(
    "financement", LigneFinancement, LigneFinancementForm, "type", (("", ""),), limite=refus_nouvelle_ligne
)


def reponse_a_l_axe(axe: int) -> Callable:
    """``Definition.objet`` of an axe's section: the dossier's answer to it, created when first opened."""

    def reponse(dossier):
        return ReponseAxe.objects.get_or_create(dossier=dossier, axe=axe)[0]

    return reponse


@dataclass
class Definition:
    """A section, declared: its template, its main form (a ``core.brouillon`` draft), its kinds of rows.
    The engine below reads nothing else: a new section is one more declaration."""

    section: str
    gabarit: str
    formulaire: type | None = None
    groupes: list = field(default_factory=list)
    # dossier → the object the main form edits and the rows hang from; the dossier itself when None.
    objet: Callable | None = None

    def objet_edite(self, dossier):
        """The object the main form edits: the dossier, or what ``objet`` gives (its answer to an axe)."""
        return dossier if self.objet is None else self.objet(dossier)

    def formulaire_principal(self, objet, data=None):
        return None if self.formulaire is None else self.formulaire(data, instance=objet)


DEFINITIONS = {
    definition.section: definition
    for definition in [
        Definition(Section.CHEF_DE_FILE, "candidatures/sections/chef_de_file.html", ChefDeFileForm),
        Definition(Section.CONSORTIUM, "candidatures/sections/consortium.html", None, [MEMBRES]),
        Definition(Section.TERRITOIRE, "candidatures/sections/territoire.html", TerritoireForm),
        Definition(
            Section.AXE_1, "candidatures/sections/axe.html", AxeForm, [INDICATEURS], reponse_a_l_axe(1)
        ),
        Definition(
            Section.AXE_2, "candidatures/sections/axe.html", AxeForm, [INDICATEURS], reponse_a_l_axe(2)
        ),
        Definition(
            Section.AXE_3, "candidatures/sections/axe.html", AxeForm, [INDICATEURS], reponse_a_l_axe(3)
        ),
        Definition(Section.AXE_4, "candidatures/sections/axe_4.html", Axe4Form),
        Definition(Section.ENGAGEMENTS, "candidatures/sections/engagements.html", EngagementsForm),
        Definition(Section.BUDGET, "candidatures/sections/budget.html", None, [DEPENSES, FINANCEMENTS]),
    ]
}


@dataclass
class Saisie:
    """The section's forms, bound to what was posted or to the stored values."""

    definition: Definition
    objet: object  # the object the main form edits (``Definition.objet_edite``)
    principal: object | None
    lignes: dict  # cle → [(ligne, form)]
    # After a save (``enregistrer``): the page's new base, and the fields left as someone else stored them.
    bases: dict | None = None
    repris: dict = field(default_factory=dict)

    def lignes_deplacees(self) -> bool:
        """Whether a row changed a field that sets its place on the page (``GroupeLignes.placement``)."""
        groupes = {groupe.cle: groupe for groupe in self.definition.groupes}
        return any(
            set(groupes[cle].placement) & set(form.changed_data)
            for cle, couples in self.lignes.items()
            if groupes[cle].placement
            for _, form in couples
        )

    def formulaires(self):
        if self.principal is not None:
            yield self.principal
        for couples in self.lignes.values():
            for _, form in couples:
                yield form

    def modifies(self):
        """The main form and the rows whose posted values differ from the stored ones: the only
        fields whose error container or computed amount an autosave has to refresh."""
        if self.principal is not None:
            yield self.principal
        for couples in self.lignes.values():
            for _, form in couples:
                if form.has_changed():
                    yield form

    def valide(self) -> bool:
        resultats = [form.is_valid() for form in self.formulaires()]  # every form validated, errors for all
        return all(resultats)

    def erreurs(self) -> list[tuple[str, str]]:
        """(label, message) of every error, a row's label naming its row: « Coût (dépense « Plan de
        formation », axe 1) » (the save status, ``partials/statut.html``)."""
        return [
            (entree["libelle"], entree["message"])
            for _, entrees in self.erreurs_par_formulaire()
            for entree in entrees.values()
        ]

    def erreurs_par_formulaire(self):
        """(prefix, {field: {"valeur", "libelle", "message"}}) for each form, as typed: what
        ``noter_erreurs`` keeps until it is corrected (« __all__ »: an error of the whole row)."""
        if self.principal is not None:
            yield "", _erreurs_du_formulaire(self.principal, "")
        for cle, couples in self.lignes.items():
            for ligne, form in couples:
                yield form.prefix, _erreurs_du_formulaire(form, libelle_ligne(cle, ligne))


def lignes_envoyees(data) -> dict | None:
    """The rows an autosave sends: the page's script posts only the rows typed in since the last save
    (and those still showing an error), listed in ``_lignes`` as « depense-12,membre-3 ». ``None``
    when the page sent every row (the « Enregistrer » button, a browser without JavaScript)."""
    if data is None or "_lignes" not in data:
        return None
    envoyees = {}
    for prefixe in data.get("_lignes", "").split(","):
        cle, _, pk = prefixe.strip().partition("-")
        if pk.isdigit():
            envoyees.setdefault(cle, set()).add(int(pk))
    return envoyees


def completer(courante: Saisie, stockee: Saisie) -> Saisie:
    """``courante`` with every row of the section: those it holds (the rows a save sent, ``lignes_envoyees``)
    as they are, the others as ``stockee`` (the section as stored) has them — for a page that shows the
    whole section again."""
    lignes = {}
    for cle, couples in stockee.lignes.items():
        envoyees = {couple[0].pk: couple for couple in courante.lignes.get(cle, [])}
        lignes[cle] = [envoyees.get(ligne.pk, (ligne, form)) for ligne, form in couples]
    return replace(courante, lignes=lignes)


def saisie(definition: Definition, dossier, data=None, envoyees: dict | None = None) -> Saisie:
    """The section's forms; with ``envoyees`` (see ``lignes_envoyees``), only those rows."""
    objet = definition.objet_edite(dossier)
    lignes = {}
    for groupe in definition.groupes:
        pks = None if envoyees is None else envoyees.get(groupe.cle, set())
        lignes[groupe.cle] = [
            (ligne, groupe.formulaire_pour(ligne, data)) for ligne in groupe.lignes(objet, pks)
        ]
    return Saisie(definition, objet, definition.formulaire_principal(objet, data), lignes)


# --- How a row and a field with an error are named (the save status, the overview) -----------------

NOMS_LIGNES = {
    "membre": "membre",
    "indicateur": "indicateur",
    "depense": "dépense",
    "financement": "financement",
}
VALEUR_GARDEE_MAX = 20_000  # characters kept of a value typed with an error (a text far too long)


def libelle_ligne(cle: str, ligne) -> str:
    """A row as the save status names it: « dépense « Plan de formation », axe 1 »."""
    nom = NOMS_LIGNES.get(cle, "ligne")
    texte = Truncator(str(ligne).strip()).chars(60)
    libelle = f"{nom} « {texte} »" if texte else f"{nom} sans intitulé"
    groupe = getattr(ligne, "groupe", "") if cle == DEPENSES.cle else ""
    if groupe.startswith("axe_"):
        libelle += f", axe {groupe.removeprefix('axe_')}"
    elif groupe:
        libelle += f", {GroupeDepense(groupe).label[:1].lower()}{GroupeDepense(groupe).label[1:]}"
    return libelle


def _valeur_tapee(form, nom):
    """What was posted in field ``nom`` of ``form``, as typed (a list for a multiple choice)."""
    cle = form.add_prefix(nom)
    if getattr(form.fields[nom].widget, "allow_multiple_selected", False) and hasattr(form.data, "getlist"):
        return [str(v)[:VALEUR_GARDEE_MAX] for v in form.data.getlist(cle)]
    valeur = form.data.get(cle)
    return None if valeur is None else str(valeur)[:VALEUR_GARDEE_MAX]


def _libelle_du_champ(nom: str, libelle) -> str:
    """A field of the main form as the summary names it: « Interlocuteur 2 — Adresse mail »."""
    if nom.startswith("interlocuteur") and nom[len("interlocuteur") : len("interlocuteur") + 1].isdigit():
        return f"Interlocuteur {nom[len('interlocuteur')]} — {libelle}"
    return str(libelle)


def _erreurs_du_formulaire(form, ligne: str) -> dict:
    entrees = {}
    for nom, erreurs in form.errors.items():
        field = form.fields.get(nom)
        if field is None:  # an error of the whole form (« __all__ »)
            libelle, valeur = (ligne[:1].upper() + ligne[1:]) if ligne else "Section", None
        else:
            libelle = f"{field.label} ({ligne})" if ligne else _libelle_du_champ(nom, field.label)
            valeur = _valeur_tapee(form, nom)
        entrees[nom] = {"valeur": valeur, "libelle": libelle, "message": " ".join(erreurs)}
    return entrees
