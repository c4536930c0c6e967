"""The rows of the four sheets, read by slices of ``TRANCHE`` dossiers: memory stays flat whatever the
number of dossiers (10 000 in ``bench/tableurs.py``), and each slice costs the same few queries (its
dossiers with their figures — ``with_budget``, ``with_avis``, ``with_note_moyenne`` —, territories,
members, axes, decisions, avis).

Which dossiers: ``Dossier.objects.for_user`` (the only scoping of the portal) narrowed by the
instruction queue's filters. Which scores: those the blind-scoring rule lets the user see
(``instruction.visibilite_notes``): an agent's rows have no score column (``nationale=False``), an
instructeur's average is « masquée » on the dossiers he has not scored."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count
from django.utils import timezone

from ami.models import Appel
from budget import chiffres
from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense, ModaliteFinancement, NatureDepense, StatutFinancement
from budget.natures import TypeFinancement as TF
from candidatures import cycle
from candidatures.models import (
    Dossier,
    EngagementSpie,
    Etat,
    Indicateur,
    OuiNon,
    Perimetre,
    Public,
    ReponseAxe,
)
from candidatures.politique import politique
from comptes.models import TypeOrganisation
from consortium.models import Membre, StatutMembre, TypeMembre
from exports import colonnes as C
from exports import etat_depenses
from instruction import requetes, visibilite_notes
from instruction.filtres import filtrer, service_du_filtre, texte_r02
from instruction.models import Avis, SensAvis
from pieces.models import REJETEES, NaturePiece, Piece

TRANCHE = 500
CHOIX = {
    "perimetre": dict(Perimetre.choices),
    "qpv": dict(OuiNon.choices),
    "zrr": dict(OuiNon.choices),
    "engagement_spie": dict(EngagementSpie.choices),
    "memes_publics": dict(OuiNon.choices),
    "memes_territoires": dict(OuiNon.choices),
}
PUBLICS = dict(Public.choices)
ETATS = dict(Etat.choices)
TYPES = dict(TypeOrganisation.choices)


@dataclass
class Selection:
    """Who exports what: the user's dossiers, the queue's filters, national scores or not;
    ``apres_tranche``, called once each slice of dossiers is written (the progress of an export)."""

    user: object
    filtres: dict = field(default_factory=dict)
    apres_tranche: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @property
    def nationale(self) -> bool:
        """Whether the sheets have the score columns (not for an agent)."""
        return politique(self.user).voit_notes_nationales

    @property
    def dossiers(self):
        return filtrer(Dossier.objects.for_user(self.user), self.filtres, service_du_filtre(self.user))

    @cached_property
    def appel(self) -> Appel | None:
        """The call of the exported dossiers (the queue's call, kept with its filters)."""
        pk = self.filtres.get("appel")
        return Appel.objects.filter(pk=pk).first() if pk else Appel.objects.courant()

    @cached_property
    def identifiants(self) -> list[int]:
        """The dossiers' ids in the order of their numbers (10 000 integers: a few hundred KB)."""
        return list(self.dossiers.order_by("numero_ordre", "pk").values_list("pk", flat=True))

    @property
    def nombre_de_tranches(self) -> int:
        return -(-len(self.identifiants) // TRANCHE)

    def tranches(self) -> Iterator[list[int]]:
        ids = self.identifiants
        for debut in range(0, len(ids), TRANCHE):
            yield ids[debut : debut + TRANCHE]
            if self.apres_tranche:  # the consumer asks for the next slice: this one is written
                self.apres_tranche()


def _oui_non(valeur) -> str:
    return "Oui" if valeur else "Non"


def _valeur(nom: str, valeur):
    if isinstance(valeur, bool):
        return _oui_non(valeur)
    if nom == "publics":
        return ", ".join(PUBLICS.get(v, v) for v in valeur or [])
    if nom in CHOIX:
        return CHOIX[nom].get(valeur, valeur)
    return valeur


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _par_dossier(lignes, cle="dossier_id") -> dict:
    groupes = defaultdict(list)
    for ligne in lignes:
        groupes[ligne[cle]].append(ligne)
    return groupes


# The budget's columns, from the figures of ``budget.chiffres`` (those of R11–R15 and the budget page).
COLONNES_BUDGET = ("cout_global", "subvention_etat", "cofinancement", "frais_generaux")
COLONNES_BUDGET += ("taux_etat", "taux_cofinancement", "taux_frais")
# What each slice's query computes besides the dossier's columns (``with_budget``, ``with_avis``,
# ``with_note_moyenne``).
CHIFFRES = (*chiffres.annotations(), "avis_recus", "avis_demandes", "moyenne", "nb_evaluations")


def _budget(d: dict) -> dict:
    """A dossier's budget columns; none for a dossier without any budget line."""
    montants = chiffres.montants_annotes(d)
    return {} if montants is None else {cle: getattr(montants, cle) for cle in COLONNES_BUDGET}


def _notes(d: dict) -> dict:
    """The average ``user`` may see (« masquée » where he may not yet) and the number of evaluations."""
    masquee = visibilite_notes.texte_masque(d["moyenne"], d["nb_evaluations"])
    return {"note_moyenne": masquee or d["moyenne"], "nb_evaluations": d["nb_evaluations"]}


def _axes(ids) -> dict:
    reponses = ReponseAxe.objects.filter(dossier_id__in=ids).values()
    indicateurs = _par_dossier(
        Indicateur.objects.filter(reponse__dossier_id__in=ids)
        .order_by("id")
        .values("reponse__dossier_id", "reponse__axe", "libelle", "cible"),
        "reponse__dossier_id",
    )
    resultat = defaultdict(dict)
    for reponse in reponses:
        axe = reponse["axe"]
        resultat[reponse["dossier_id"]].update({f"axe{axe}_{k}": _valeur(k, v) for k, v in reponse.items()})
    for dossier_id, lignes in indicateurs.items():
        for ligne in lignes:
            cible = f" (cible : {ligne['cible']})" if ligne["cible"] else ""
            cle = f"axe{ligne['reponse__axe']}_indicateurs"
            texte = resultat[dossier_id].get(cle)
            resultat[dossier_id][cle] = f"{texte}\n" if texte else ""
            resultat[dossier_id][cle] += f"{ligne['libelle']}{cible}"
    return resultat


def _instruction(ids) -> dict:
    """Recevabilité and decision (the last of each: ``derniere_decision``), and the avis given."""
    resultat = defaultdict(dict)
    decisions = (
        Dossier.objects.filter(pk__in=ids)
        .derniere_decision(cycle.RECEVABILITE, cycle.DECISIONS_FINALES)
        .values("dossier_id", "action", "le", "motif")
    )
    for t in decisions:
        ligne = resultat[t["dossier_id"]]
        # « Recevable », « Lauréat »…: the label of the état the decision leads to.
        libelle = ETATS[cycle.TRANSITIONS[t["action"]].vers]
        if t["action"] in cycle.RECEVABILITE:
            ligne.update(recevabilite=libelle, recevabilite_motif=t["motif"])
        else:
            ligne.update(decision=libelle, decision_le=_local(t["le"]), decision_motif=t["motif"])
    sens = dict(SensAvis.choices)
    for dossier_id, avis in _par_dossier(
        Avis.objects.filter(dossier_id__in=ids)
        .order_by("donne_le")
        .values("dossier_id", "service__nom", "sens")
    ).items():
        resultat[dossier_id]["avis"] = "\n".join(f"{a['service__nom']} : {sens.get(a['sens'])}" for a in avis)
    return resultat


def lignes_dossiers(selection: Selection, colonnes: list[C.Colonne]) -> Iterator[list]:
    cles = [colonne.cle for colonne in colonnes]
    nationale = selection.nationale
    for ids in selection.tranches():
        dossiers = (
            requetes.dossiers().filter(pk__in=ids).with_budget().with_avis().with_note_moyenne(selection.user)
        ).values(
            "pk",
            "numero",
            "intitule",
            "etat",
            "depose_le",
            "nb_bloquantes",
            "nb_avertissements",
            "regles_bloquantes",
            "organisation__nom",
            "organisation__siret",
            "organisation__type",
            *C.CHAMPS_DOSSIER,
            *CHIFFRES,
        )
        par_pk = {d["pk"]: d for d in dossiers}
        territoires = _par_dossier(
            Dossier.departements.through.objects.filter(dossier_id__in=ids)
            .order_by("departement__code")
            .values("dossier_id", "departement__code", "departement__nom", "departement__region__nom")
        )
        membres = dict(
            Membre.objects.filter(dossier_id__in=ids).values_list("dossier_id").annotate(n=Count("pk"))
        )
        axes, instruction = _axes(ids), _instruction(ids)
        accords_spie = set(
            Piece.objects.filter(dossier_id__in=ids, nature=NaturePiece.ACCORD_SPIE)
            .exclude(analyse__in=REJETEES)
            .values_list("dossier_id", flat=True)
        )
        for pk in ids:
            d = par_pk[pk]
            departements = territoires.get(pk, [])
            ligne = {nom: _valeur(nom, d[nom]) for nom in C.CHAMPS_DOSSIER}
            ligne.update(
                numero=d["numero"],
                intitule=d["intitule"],
                etat=ETATS.get(d["etat"], d["etat"]),
                depose_le=_local(d["depose_le"]),
                porteur=d["organisation__nom"],
                siret=d["organisation__siret"],
                type_porteur=TYPES.get(d["organisation__type"], d["organisation__type"]),
                departements="\n".join(
                    f"{t['departement__code']} {t['departement__nom']}" for t in departements
                ),
                regions="\n".join(dict.fromkeys(t["departement__region__nom"] for t in departements)),
                nb_membres=membres.get(pk, 0),
                nb_bloquantes=d["nb_bloquantes"],
                nb_avertissements=d["nb_avertissements"],
                regles_bloquantes=", ".join(d["regles_bloquantes"] or []),
                cas_exceptionnel_r02=texte_r02(d["cas_exceptionnel"], d["regles_bloquantes"]),
                lettre_accord_spie=_oui_non(pk in accords_spie),
                avis_demandes=d["avis_demandes"],
                avis_recus=d["avis_recus"],
            )
            ligne.update(_budget(d))
            if nationale:
                ligne.update(_notes(d))
            ligne.update(axes.get(pk, {}))
            ligne.update(instruction.get(pk, {}))
            yield [ligne.get(cle) for cle in cles]


def _lignes_de(selection, modele, colonnes, valeur) -> Iterator[list]:
    """The rows of ``modele`` (members, dépenses, financements) slice by slice, in the dossiers' order."""
    champs = [c.cle for c in colonnes if c.cle not in ("numero", "porteur")]
    for ids in selection.tranches():
        lignes = (
            modele.objects.filter(dossier_id__in=ids)
            .order_by("dossier__numero_ordre", "dossier_id", "id")
            .values("dossier__numero", "dossier__organisation__nom", *champs)
        )
        for ligne in lignes.iterator(chunk_size=2000):
            yield [ligne["dossier__numero"], ligne["dossier__organisation__nom"]] + [
                valeur(champ, ligne[champ]) for champ in champs
            ]


def lignes_membres(selection) -> Iterator[list]:
    choix = {"type": dict(TypeMembre.choices), "statut": dict(StatutMembre.choices)}

    def valeur(champ, v):
        if champ in choix:
            return choix[champ].get(v, v)
        return _oui_non(v) if isinstance(v, bool) else v

    return _lignes_de(selection, Membre, C.COLONNES_MEMBRES, valeur)


def lignes_depenses(selection) -> Iterator[list]:
    choix = {
        "groupe": dict(GroupeDepense.choices),
        "nature": dict(NatureDepense.choices),
        "deja_financee_etat": dict(OuiNon.choices),
    }

    def valeur(champ, v):
        if champ == "frais_generaux":
            return "O" if v else "N"
        return choix[champ].get(v, v) if champ in choix else v

    return _lignes_de(selection, LigneDepense, C.COLONNES_DEPENSES, valeur)


def lignes_financements(selection) -> Iterator[list]:
    choix = {
        "type": dict(TF.choices),
        "statut": dict(StatutFinancement.choices),
        "modalite": dict(ModaliteFinancement.choices),
    }
    return _lignes_de(
        selection,
        LigneFinancement,
        C.COLONNES_FINANCEMENTS,
        lambda c, v: choix[c].get(v, v) if c in choix else v,
    )


@dataclass(frozen=True)
class Feuille:
    nom: str
    colonnes: list
    lignes: Iterator[list]


def feuilles(selection: Selection) -> list[Feuille]:
    """The four sheets; their rows are generators, read when written."""
    colonnes = C.colonnes_dossiers(selection.nationale)
    appel = selection.appel
    return [
        Feuille("Dossiers", colonnes, lignes_dossiers(selection, colonnes)),
        Feuille("Membres du consortium", C.COLONNES_MEMBRES, lignes_membres(selection)),
        # The FAQ's modèle d'état des dépenses, with its totals (``exports.etat_depenses``).
        Feuille("État des dépenses", etat_depenses.colonnes(appel), etat_depenses.lignes(selection, appel)),
        Feuille("Plan de financement", C.COLONNES_FINANCEMENTS, lignes_financements(selection)),
    ]
