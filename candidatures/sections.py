"""Each section of the dossier: its main form, its rows (members, indicators, budget lines), and the
draft save with its version check — one code path for every section, autosave or button.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from budget.forms import LigneDepenseForm, LigneFinancementForm
from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense
from candidatures.differences import Difference, differences
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
)
# A financing line is added empty: its type is chosen in the row, not by the « Ajouter » button.
FINANCEMENTS = GroupeLignes("financement", LigneFinancement, LigneFinancementForm, "type", (("", ""),))


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
        return [erreur for form in self.formulaires() for erreur in form.messages_erreur]


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


@dataclass
class Conflit:
    """Another member saved the section since this page was loaded: both versions, field by field."""

    par: str
    le: object
    differences: list[Difference]  # avant: the version saved, après: what this page typed


def valeur_affichee(form, nom) -> str:
    """The value of field ``nom`` as a reader sees it: the label of a choice, « Oui »/« Non »."""
    valeur = form[nom].value()
    field = form.fields[nom]
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, Decimal):
        return number_format(valeur, use_l10n=True)  # « 35,50 », as the field is typed
    valeurs = valeur if isinstance(valeur, list | tuple) else [valeur]
    if hasattr(field, "choices"):
        libelles = {str(cle): libelle for cle, libelle in field.choices}
        valeurs = [libelles.get(str(v), v) for v in valeurs]
    return ", ".join(str(v) for v in valeurs if v is not None)


def differences_saisie(definition: Definition, dossier, data) -> list[Difference]:
    """What ``data`` changes in the stored section, form by form (``Difference.section`` empty): the
    conflict's two versions."""
    envoyees = lignes_envoyees(data)
    stockee, postee = saisie(definition, dossier, None, envoyees), saisie(definition, dossier, data, envoyees)
    avant, apres, libelles = {}, {}, {}
    for n, (stocke, poste) in enumerate(zip(stockee.formulaires(), postee.formulaires(), strict=False)):
        avant[n] = {nom: valeur_affichee(stocke, nom) for nom in stocke.fields}
        apres[n] = {nom: valeur_affichee(poste, nom) for nom in stocke.fields}
        libelles[n] = {nom: field.label for nom, field in stocke.fields.items()}
    return differences(avant, apres, titres=dict.fromkeys(avant, ""), libelles=libelles)


def enregistrer(definition: Definition, dossier, user, data, version: int, forcer: bool = False):
    """Save the section as a draft. Returns (dossier, saisie, conflit); conflit is None when saved.

    ``dossier`` is locked by the caller (``Dossier.objects.verrouiller``, or ``dossier_pour`` with
    ``verrou=True``), inside the caller's transaction."""
    with transaction.atomic(savepoint=False):
        actuelle = dossier.version(definition.section)
        # A conflict is another member's save since the page was loaded; one's own saves (autosave and
        # rows added in the same page, racing each other) never block.
        autre = dossier.versions.get(f"{definition.section}.par") != user.pk
        if version != actuelle and autre and not forcer:
            modifie_par = dossier.modifie_par
            conflit = Conflit(
                par=modifie_par.get_full_name() if modifie_par else "un autre membre",
                le=dossier.modifie_le,
                differences=differences_saisie(definition, dossier, data),
            )
            return dossier, saisie(definition, dossier, data, lignes_envoyees(data)), conflit
        courante = saisie(definition, dossier, data, lignes_envoyees(data))
        courante.valide()
        champs_dossier = []
        if courante.principal is not None:
            champs = courante.principal.copier_saisie(courante.objet)
            if courante.objet is dossier:
                champs_dossier = champs  # saved with the version, in one query
            else:
                courante.objet.save(update_fields=champs)
            courante.principal.enregistrer_liens()
        for cle, couples in courante.lignes.items():
            modele = next(g.modele for g in definition.groupes if g.cle == cle)
            changees, champs = [], set()
            for ligne, form in couples:
                if form.has_changed():
                    champs.update(form.copier_saisie(ligne))
                    ligne.version += 1
                    changees.append(ligne)
            if changees:
                modele.objects.bulk_update(changees, sorted(champs | {"version"}))
        marquer_modifie(dossier, user, definition.section, champs_dossier)
        return dossier, courante, None


def marquer_modifie(dossier, user, section: str, champs=()):
    """Bump the section's version and record who changed the dossier, when (caller holds the row lock);
    ``champs``: other fields of the dossier to save in the same query."""
    dossier.versions[section] = dossier.version(section) + 1
    dossier.versions[f"{section}.par"] = user.pk
    dossier.modifie_par = user
    dossier.modifie_le = timezone.now()
    dossier.save(update_fields=["versions", "modifie_par", "modifie_le", *champs])
