"""Each section of the dossier: its main form, its rows (members, indicators, budget lines), and the
draft save with its version check — one code path for every section, autosave or button.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from budget.forms import LigneDepenseForm, LigneFinancementForm
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
    """A kind of row of a section, each row a small form prefixed « <cle>-<pk> »."""

    cle: str
    modele: type
    formulaire: type
    attribut: str  # what ``creer`` takes from the request: type of member, group of expense…
    choix: tuple = ()

    def lignes(self, dossier, contexte, pks=None):
        """The rows of the dossier (or of the axe answer), all of them or those of ``pks``."""
        if self.modele is Indicateur:
            lignes = Indicateur.objects.filter(reponse=contexte)
        else:
            lignes = self.modele.objects.filter(dossier=dossier)
        if pks is not None:
            lignes = lignes.filter(pk__in=pks)
        return list(lignes.order_by("id"))

    def creer(self, dossier, contexte, valeur):
        if self.modele is Indicateur:
            return Indicateur.objects.create(reponse=contexte)
        if valeur not in {c for c, _ in self.choix}:
            return None
        return self.modele.objects.create(dossier=dossier, **{self.attribut: valeur})

    def formulaire_pour(self, ligne, data=None):
        return self.formulaire(data, instance=ligne, prefix=f"{self.cle}-{ligne.pk}")


MEMBRES = GroupeLignes("membre", Membre, MembreForm, "type", tuple(TypeMembre.choices))
INDICATEURS = GroupeLignes("indicateur", Indicateur, IndicateurForm, "")
DEPENSES = GroupeLignes("depense", LigneDepense, LigneDepenseForm, "groupe", tuple(GroupeDepense.choices))
# A financing line is added empty: its type is chosen in the row, not by the « Ajouter » button.
FINANCEMENTS = GroupeLignes("financement", LigneFinancement, LigneFinancementForm, "type", (("", ""),))


@dataclass
class Definition:
    section: str
    gabarit: str
    formulaire: type | None = None
    groupes: list = field(default_factory=list)

    def contexte(self, dossier):
        """The object the main form edits: the dossier, or its answer to an axe."""
        if self.section in (Section.AXE_1, Section.AXE_2, Section.AXE_3):
            axe = int(self.section[-1])
            reponse, _ = ReponseAxe.objects.get_or_create(dossier=dossier, axe=axe)
            return reponse
        return dossier

    def formulaire_principal(self, dossier, contexte, data=None):
        if self.formulaire is None:
            return None
        if self.formulaire is TerritoireForm:
            codes = [] if data is not None else list(dossier.departements.values_list("code", flat=True))
            return TerritoireForm(data, instance=dossier, departements_choisis=codes)
        return self.formulaire(data, instance=contexte)


DEFINITIONS = {
    definition.section: definition
    for definition in [
        Definition(Section.CHEF_DE_FILE, "candidatures/sections/chef_de_file.html", ChefDeFileForm),
        Definition(Section.CONSORTIUM, "consortium/section.html", None, [MEMBRES]),
        Definition(Section.TERRITOIRE, "candidatures/sections/territoire.html", TerritoireForm),
        Definition(Section.AXE_1, "candidatures/sections/axe.html", AxeForm, [INDICATEURS]),
        Definition(Section.AXE_2, "candidatures/sections/axe.html", AxeForm, [INDICATEURS]),
        Definition(Section.AXE_3, "candidatures/sections/axe.html", AxeForm, [INDICATEURS]),
        Definition(Section.AXE_4, "candidatures/sections/axe_4.html", Axe4Form),
        Definition(Section.ENGAGEMENTS, "candidatures/sections/engagements.html", EngagementsForm),
        Definition(Section.BUDGET, "budget/section.html", None, [DEPENSES, FINANCEMENTS]),
    ]
}


@dataclass
class Saisie:
    """The section's forms, bound to what was posted or to the stored values."""

    definition: Definition
    contexte: object
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
    contexte = definition.contexte(dossier)
    lignes = {}
    for groupe in definition.groupes:
        pks = None if envoyees is None else envoyees.get(groupe.cle, set())
        lignes[groupe.cle] = [
            (ligne, groupe.formulaire_pour(ligne, data)) for ligne in groupe.lignes(dossier, contexte, pks)
        ]
    return Saisie(definition, contexte, definition.formulaire_principal(dossier, contexte, data), lignes)


@dataclass
class Conflit:
    """Another member saved the section since this page was loaded: both versions, field by field."""

    par: str
    le: object
    differences: list  # (libellé, version enregistrée, votre saisie)


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


def differences(definition: Definition, dossier, data) -> list[tuple[str, str, str]]:
    envoyees = lignes_envoyees(data)
    stockee, postee = saisie(definition, dossier, None, envoyees), saisie(definition, dossier, data, envoyees)
    resultat = []
    for avant, apres in zip(stockee.formulaires(), postee.formulaires(), strict=False):
        for nom in avant.fields:
            enregistree, tapee = valeur_affichee(avant, nom), valeur_affichee(apres, nom)
            if enregistree.strip() != tapee.strip():
                resultat.append((avant.fields[nom].label, enregistree, tapee))
    return resultat


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
                differences=differences(definition, dossier, data),
            )
            return dossier, saisie(definition, dossier, data, lignes_envoyees(data)), conflit
        courante = saisie(definition, dossier, data, lignes_envoyees(data))
        courante.valide()
        champs_dossier = []
        if courante.principal is not None:
            champs = courante.principal.appliquer(courante.contexte)
            if courante.contexte is dossier:
                champs_dossier = champs  # saved with the version, in one query
            else:
                courante.contexte.save(update_fields=champs)
            if definition.formulaire is TerritoireForm:
                dossier.departements.set(courante.principal.departements())
        for cle, couples in courante.lignes.items():
            modele = next(g.modele for g in definition.groupes if g.cle == cle)
            changees, champs = [], set()
            for ligne, form in couples:
                if form.has_changed():
                    champs.update(form.appliquer(ligne))
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
