"""The draft save of a section with its version check: each field compared with the base the page was
loaded with, a conflict shown (never overwritten) until the person chooses — one code path for every
section, autosave or button (``candidatures.sections`` defines the sections)."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from candidatures.differences import (
    BASE,
    Difference,
    decoder_bases,
    differences,
    empreinte,
    encoder_bases,
    fusionner,
)
from candidatures.erreurs_saisie import noter_erreurs
from candidatures.sections import Definition, Saisie, lignes_envoyees, saisie


@dataclass(frozen=True)
class ChampEnConflit:
    """A field changed both in this page and by someone else since the page was loaded."""

    nom: str  # the field's name in the page (« adresse », « membre-12-structure »)
    libelle: str
    enregistree: str  # the stored version, as a reader sees it
    mienne: str  # what this page typed
    choix: str = ""  # MIENNE or ENREGISTREE when the person chose already (« champ par champ »)


@dataclass
class Conflit:
    """Someone else saved fields of the section that this page changed too, since it was loaded (another
    member, or the same person in another tab): those fields, both versions. Nothing is written until
    the person chooses (``choix_du_conflit``)."""

    par: str
    le: object
    differences: list[ChampEnConflit]  # without ``nom`` from a page that posted no base
    a_choisir: int = 0  # fields still without a choice after « Enregistrer mes choix »


MIENNE, ENREGISTREE = "mienne", "enregistree"
CHOIX = "_garder-"  # + the field's name: the choice of « champ par champ »


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


def _texte_canonique(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "1" if valeur else "0"
    if isinstance(valeur, Decimal):
        return format(valeur.normalize(), "f") if valeur.is_finite() else str(valeur)
    if isinstance(valeur, list | tuple | set):
        return "\x1f".join(sorted(_texte_canonique(v) for v in valeur))
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    return str(getattr(valeur, "pk", valeur)).replace("\r\n", "\n").strip()


_LUE = object()


def valeur_canonique(form, nom, valeur=_LUE) -> str:
    """Field ``nom``'s value (or ``valeur``, as typed), the same whether read from the stored object (an
    unbound form) or from what the page posts (a bound one): cleaned when it is valid (« 35,50 » and 35.5
    alike), as typed otherwise."""
    if valeur is _LUE:
        valeur = form[nom].value()
    with contextlib.suppress(ValidationError):
        valeur = form.fields[nom].clean(valeur)
    return _texte_canonique(valeur)


def empreintes_saisie(courante: Saisie, dossier=None) -> dict[str, str]:
    """{field's name in the page: fingerprint of its value}: the page's base (``differences.BASE``), of
    the forms the page shows; with ``dossier``, unbound forms read with the values kept as typed."""
    empreintes = {}
    for form in courante.formulaires():
        tapees = _tapees(dossier, courante.definition.section, form) if dossier is not None else {}
        for nom in form.fields:
            valeur = valeur_canonique(form, nom, tapees.get(nom, _LUE))
            empreintes[form[nom].html_name] = empreinte(valeur)
    return empreintes


def valeurs_postees(form, nom) -> list[str]:
    """What the page would post for field ``nom`` of ``form`` (an unbound form: the stored value)."""
    bound = form[nom]
    widget, valeur = bound.field.widget, bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if valeur else []
    formatee = widget.format_value(valeur)
    if getattr(widget, "allow_multiple_selected", False):
        return [str(v) for v in formatee or []]
    if isinstance(formatee, list):
        return [str(formatee[0])] if formatee else []
    return [] if formatee is None else [str(formatee)]


def _lier(definition: Definition, autre: Saisie, data) -> Saisie:
    """The same objects and rows as ``autre``, their forms bound to ``data`` (unbound when None)."""
    lignes = {
        groupe.cle: [(ligne, groupe.formulaire_pour(ligne, data)) for ligne, _ in autre.lignes[groupe.cle]]
        for groupe in definition.groupes
    }
    return Saisie(definition, autre.objet, definition.formulaire_principal(autre.objet, data), lignes)


def _champs(definition: Definition, stockee: Saisie, postee: Saisie) -> dict:
    """{name in the page: (stored form, posted form, field, label as the conflict names it)}."""
    champs = {}
    paires = []
    if stockee.principal is not None:
        paires.append((stockee.principal, postee.principal, ""))
    for groupe in definition.groupes:
        for n, ((_, stocke), (_, poste)) in enumerate(
            zip(stockee.lignes[groupe.cle], postee.lignes[groupe.cle], strict=True), start=1
        ):
            paires.append((stocke, poste, f" — ligne {n}"))
    for stocke, poste, ligne in paires:
        for nom, champ in stocke.fields.items():
            champs[stocke[nom].html_name] = (stocke, poste, nom, f"{champ.label}{ligne}")
    return champs


def _tapees(dossier, section: str, form) -> dict:
    """The values of ``form`` kept as typed with their error (``noter_erreurs``): {field: value}. They
    are what the page shows and what the section holds, in place of the stored ones."""
    notees = (getattr(dossier, "erreurs_saisie", None) or {}).get(section, {})
    entrees = notees.get(form.prefix or "", {})
    return {
        nom: e["valeur"] for nom, e in entrees.items() if nom in form.fields and e.get("valeur") is not None
    }


def choix_du_conflit(data, conflits, forcer: bool) -> dict[str, str]:
    """The person's choice for each field in conflict: « Garder ma version » (``forcer``), « Garder la
    version enregistrée » (``_resolution``), or field by field (``_resoudre``, the ``_garder-`` radios)."""
    if forcer:
        return dict.fromkeys(conflits, MIENNE)
    if data.get("_resolution") == ENREGISTREE:
        return dict.fromkeys(conflits, ENREGISTREE)
    if data.get("_resoudre") != "1":
        return {}
    choix = {nom: data.get(CHOIX + nom) for nom in conflits}
    return {nom: c for nom, c in choix.items() if c in (MIENNE, ENREGISTREE)}


def page_a_jour(courante: Saisie, data) -> bool:
    """After a save: whether the page, as typed, shows every stored value — no field left as someone else
    stored it (``repris``), none taken from the stored version (« Garder la version de … », a choice field
    by field). Then the answer need not write the form again."""
    return not courante.repris and data.get("_resolution") != ENREGISTREE and data.get("_resoudre") != "1"


def _conflit(dossier, differences, a_choisir=0) -> Conflit:
    modifie_par = dossier.modifie_par
    return Conflit(
        par=modifie_par.get_full_name() if modifie_par else "un autre membre",
        le=dossier.modifie_le,
        differences=differences,
        a_choisir=a_choisir,
    )


def differences_saisie(definition: Definition, dossier, data) -> list[Difference]:
    """What ``data`` changes in the stored section, form by form (``Difference.section`` empty): the
    conflict's two versions, for a page that posted no base (every field that differs)."""
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

    The page posts its base (``differences.BASE``): per field, what it was loaded with. Each field is
    merged on its own (``differences.fusionner``): written when this page changed it, left as stored when
    only someone else did, a conflict when both did; with a conflict nothing at all is written until
    the person chooses (``choix_du_conflit``), and the page keeps its base so that the next keystroke
    meets the same conflict. ``saisie.bases`` is the page's new base, ``saisie.repris`` the fields left
    as stored, with their old base (an autosave does not show their new value: they keep it).
    Without a base (a client that does not post it), the section's version decides, as before.

    ``dossier`` is locked by the caller (``Dossier.objects.verrouiller``, or ``dossier_pour`` with
    ``verrou=True``), inside the caller's transaction."""
    with transaction.atomic(savepoint=False):
        envoyees = lignes_envoyees(data)
        bases = decoder_bases(data.get(BASE)) if data is not None else None
        if bases is None:
            return _enregistrer_selon_la_version(definition, dossier, user, data, version, forcer)
        stockee = saisie(definition, dossier, None, envoyees)
        postee = _lier(definition, stockee, data)
        champs = _champs(definition, stockee, postee)
        tapees = {id(f): _tapees(dossier, definition.section, f) for f in stockee.formulaires()}
        enregistrees = {
            h: valeur_canonique(s, n, tapees[id(s)].get(n, _LUE)) for h, (s, _, n, _) in champs.items()
        }
        fusion = fusionner(
            bases,
            {h: empreinte(v) for h, v in enregistrees.items()},
            {h: empreinte(valeur_canonique(p, n)) for h, (_, p, n, _) in champs.items()},
        )
        choix = choix_du_conflit(data, fusion.conflits, forcer)
        if len(choix) < len(fusion.conflits):
            postee.bases, postee.repris = bases, {}
            en_conflit = [
                ChampEnConflit(
                    h,
                    champs[h][3],
                    valeur_affichee(champs[h][0], champs[h][2]),
                    valeur_affichee(champs[h][1], champs[h][2]),
                    choix.get(h, ""),
                )
                for h in fusion.conflits
            ]
            a_choisir = len(fusion.conflits) - len(choix) if data.get("_resoudre") == "1" else 0
            return dossier, postee, _conflit(dossier, en_conflit, a_choisir)
        repris = fusion.repris | {h for h, c in choix.items() if c == ENREGISTREE}
        fusionnees = data.copy()
        for h in repris:
            stocke, _, nom, _ = champs[h]
            tapee = tapees[id(stocke)].get(nom)
            if tapee is None:
                fusionnees.setlist(h, valeurs_postees(stocke, nom))
            else:
                fusionnees.setlist(h, tapee if isinstance(tapee, list) else [tapee])
        courante = _lier(definition, stockee, fusionnees)
        _ecrire(definition, dossier, user, courante)
        courante.bases = {**bases, **empreintes_saisie(_lier(definition, courante, None), dossier)}
        courante.repris = {h: bases[h] for h in fusion.repris if h in bases}
        return dossier, courante, None


def base_de_la_page(courante: Saisie, autosave: bool) -> str | None:
    """The page's new base after ``enregistrer`` (``None`` for a page that posted none). An autosave does
    not show the values it left as someone else stored them: those fields keep their old base, so that
    the next save leaves them again (and a keystroke in one of them is a conflict, not a loss)."""
    if courante.bases is None:
        return None
    return encoder_bases({**courante.bases, **courante.repris} if autosave else courante.bases)


def _enregistrer_selon_la_version(definition, dossier, user, data, version, forcer):
    """A page without base: a conflict is another member's save since the page was loaded; one's own
    saves never block."""
    actuelle = dossier.version(definition.section)
    autre = dossier.versions.get(f"{definition.section}.par") != user.pk
    if version != actuelle and autre and not forcer:
        champs = [
            ChampEnConflit("", d.libelle, d.avant, d.apres)
            for d in differences_saisie(definition, dossier, data)
        ]
        conflit = _conflit(dossier, champs)
        return dossier, saisie(definition, dossier, data, lignes_envoyees(data)), conflit
    courante = saisie(definition, dossier, data, lignes_envoyees(data))
    _ecrire(definition, dossier, user, courante)
    return dossier, courante, None


def _ecrire(definition, dossier, user, courante: Saisie):
    """Write the draft ``courante`` (valid values, texts as typed), the rows that changed, the version."""
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
        noms = sorted(champs | {"version"})
        if len(changees) == 1:  # an autosave's row: a plain UPDATE (bulk_update's CASE costs ~5 ms to build)
            ligne = changees[0]
            modele.objects.filter(pk=ligne.pk).update(**{nom: getattr(ligne, nom) for nom in noms})
        elif changees:
            modele.objects.bulk_update(changees, noms)
    if noter_erreurs(dossier, definition.section, courante):  # kept as typed until corrected
        champs_dossier = [*champs_dossier, "erreurs_saisie"]
    marquer_modifie(dossier, user, definition.section, champs_dossier)


def marquer_modifie(dossier, user, section: str, champs=()):
    """Bump the section's version and record who changed the dossier, when (caller holds the row lock);
    ``champs``: other fields of the dossier to save in the same query."""
    dossier.versions[section] = dossier.version(section) + 1
    dossier.versions[f"{section}.par"] = user.pk
    dossier.modifie_par = user
    dossier.modifie_le = timezone.now()
    dossier.save(update_fields=["versions", "modifie_par", "modifie_le", *champs])
