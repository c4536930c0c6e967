"""The whole dossier as label/value pairs, in the order of annexe 7: the summary before dépôt, the
récépissé, and later the instruction's read-only view and the PDF."""

from ami import libelles as L
from candidatures.forms import Axe4Form, AxeForm, ChefDeFileForm, EngagementsForm, TerritoireForm
from candidatures.fusion import valeur_affichee
from candidatures.models import Etat, ReponseAxe, Section
from core.format import en_euros


def _paires(form, noms=None):
    return [(form.fields[nom].label, valeur_affichee(form, nom)) for nom in (noms or form.fields)]


def _bloc(section, titre, paires=(), **drapeaux) -> dict:
    """A part of the summary; ``membres``, ``budget`` or ``pieces`` say which table follows it."""
    return {"section": section, "titre": titre, "paires": list(paires), **drapeaux}


def _indicateur(indicateur) -> str:
    """« Taux de sortie en emploi (indicateur de résultats, cible : 40 %) »."""
    if not indicateur.type:
        return indicateur.libelle
    cible = f", cible : {indicateur.cible}" if indicateur.cible else ""
    return f"{indicateur.libelle} ({indicateur.get_type_display().lower()}{cible})"


def resume(donnees) -> list[dict]:
    dossier = donnees.dossier
    chef = ChefDeFileForm(instance=dossier)
    paires = _paires(chef, ["nom_chef_de_file", "adresse"])
    for n in (1, 2, 3):
        interlocuteur = _paires(
            chef, [f"interlocuteur{n}_{c}" for c in ("nom", "fonction", "telephone", "courriel")]
        )
        if any(v for _, v in interlocuteur):
            paires += [(f"Interlocuteur {n} — {libelle}", valeur) for libelle, valeur in interlocuteur]
    blocs = [
        _bloc(Section.CHEF_DE_FILE, Section.CHEF_DE_FILE.label, paires),
        _bloc(Section.CONSORTIUM, Section.CONSORTIUM.label, membres=True),
        _bloc(
            Section.TERRITOIRE,
            Section.TERRITOIRE.label,
            _paires(
                TerritoireForm(
                    instance=dossier,
                    departements_choisis=donnees.departements,
                    noms_departements=donnees.noms_departements,
                )
            ),
        ),
    ]
    for axe in (1, 2, 3):
        form = AxeForm(instance=donnees.axes.get(axe) or ReponseAxe(dossier=dossier, axe=axe))
        paires = _paires(form, form.noms_lus(f.name for f in form.champs_avant_indicateurs()))
        paires.append((L.QUESTIONS["indicateurs"], "\n".join(map(_indicateur, donnees.indicateurs(axe)))))
        paires += _paires(form, [f.name for f in form.champs_apres_indicateurs() + form.champs_en_plus()])
        blocs.append(_bloc(f"axe_{axe}", L.AXES[axe], paires))
    return blocs + [
        _bloc(Section.AXE_4, L.AXE_4, _paires(Axe4Form(instance=dossier))),
        _bloc(Section.ENGAGEMENTS, Section.ENGAGEMENTS.label, _paires(EngagementsForm(instance=dossier))),
        _bloc(Section.BUDGET, Section.BUDGET.label, budget=True),
        _bloc(Section.PIECES, Section.PIECES.label, pieces=True),
    ]


def instantane(donnees) -> dict:
    """The dossier as a reader sees it, section by section ({section: {label: value}}), JSON-ready:
    kept when compléments are requested, to show the instructeur what the porteur changed."""
    parties = {
        bloc["section"]: {libelle: str(valeur) for libelle, valeur in bloc["paires"]}
        for bloc in resume(donnees)
    }
    parties[Section.CONSORTIUM] = {
        f"Membre {n} — {membre.get_type_display()}": (
            f"{membre.structure} — {membre.statut_libelle or 'statut non indiqué'} ({membre.interlocuteur})"
        )
        for n, membre in enumerate(donnees.membres, start=1)
    }
    budget = donnees.budget
    parties[Section.BUDGET] = {
        "Coût global du projet": en_euros(budget.cout_global),
        "Subvention de l’État demandée": en_euros(budget.subvention_etat),
        "Nombre de lignes de dépenses": str(len(budget.depenses)),
    }
    parties[Section.PIECES] = {
        piece.libelle: f"{piece.nom} ({piece.pages} pages)" for piece in donnees.pieces.values()
    }
    return parties


def decision_visible(dossier, visibles: frozenset) -> dict | None:
    """The last decision on ``dossier`` its reader may see (``visibles``: ``Politique.evenements_visibles``)
    — its recevabilité, the final decision, or the porteur's withdrawal — with its motivation, for the
    overview and the récépissé; ``None`` for a draft or a dossier nobody decided on yet (one query)."""
    from candidatures import cycle

    if dossier.etat == Etat.BROUILLON:
        return None
    actions = (cycle.DECISIONS | {cycle.Action.RETIRER}) & visibles
    transition = dossier.transitions.filter(action__in=actions).order_by("-le", "-id").first()
    if transition is None:
        return None
    favorable = transition.vers in (Etat.RECEVABLE, Etat.LAUREAT, Etat.PROPOSE)
    return {
        "libelle": transition.libelle,
        "etat": Etat(transition.vers).label,
        "motif": transition.motif,
        "le": transition.le,
        "favorable": favorable,
        "retrait": transition.action == cycle.Action.RETIRER,
    }
