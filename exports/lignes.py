"""The rows of the four sheets, read by slices of ``TRANCHE`` dossiers: memory stays flat whatever the
number of dossiers (10 000 in ``bench/tableurs.py``), and each slice costs the same dozen queries.

Which dossiers: ``Dossier.objects.for_user`` (the only scoping of the portal) narrowed by the
instruction queue's filters. Which scores: those the blind-scoring rule lets the user see
(``instruction.visibilite_notes``): an agent's rows have no score column (``nationale=False``), an
instructeur's average is « masquée » on the dossiers he has not scored."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.utils import timezone

from budget.models import LigneDepense, LigneFinancement
from budget.natures import NATURES_FRAIS_GENERAUX, TYPES_COFINANCEMENT, GroupeDepense, NatureDepense
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
    Transition,
)
from comptes.models import TypeOrganisation
from consortium.models import Membre, TypeMembre
from core.format import taux
from exports import colonnes as C
from instruction import visibilite_notes
from instruction.file import filtrer
from instruction.models import Avis, DemandeAvis, SensAvis

TRANCHE = 500
ZERO = Decimal("0")
CHOIX = {
    "perimetre": dict(Perimetre.choices),
    "qpv": dict(OuiNon.choices),
    "zrr": dict(OuiNon.choices),
    "engagement_spie": dict(EngagementSpie.choices),
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
        return visibilite_notes.voit_des_notes(self.user)

    @property
    def dossiers(self):
        return filtrer(Dossier.objects.for_user(self.user), self.filtres)

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


def _budget(ids) -> dict:
    """Per dossier: coût global, subvention de l'État, cofinancement, frais généraux (as R10–R14)."""
    frais = Q(frais_generaux=True) | Q(nature__in=NATURES_FRAIS_GENERAUX)
    depenses = (
        LigneDepense.objects.filter(dossier_id__in=ids)
        .values("dossier_id")
        .annotate(cout=Sum("montant"), frais=Sum("montant", filter=frais))
    )
    financements = (
        LigneFinancement.objects.filter(dossier_id__in=ids)
        .values("dossier_id")
        .annotate(
            etat=Sum("montant", filter=Q(type=TF.SUBVENTION_ETAT)),
            cofinancement=Sum("montant", filter=Q(type__in=TYPES_COFINANCEMENT)),
        )
    )
    resultat = defaultdict(dict)
    for ligne in depenses:
        resultat[ligne["dossier_id"]].update(
            cout_global=ligne["cout"] or ZERO, frais_generaux=ligne["frais"] or ZERO
        )
    for ligne in financements:
        resultat[ligne["dossier_id"]].update(
            subvention_etat=ligne["etat"] or ZERO, cofinancement=ligne["cofinancement"] or ZERO
        )
    for montants in resultat.values():
        cout = montants.setdefault("cout_global", ZERO)
        for cle, partie in (("taux_etat", "subvention_etat"), ("taux_cofinancement", "cofinancement")):
            montants[cle] = taux(montants.setdefault(partie, ZERO), cout) if cout else None
        montants["taux_frais"] = taux(montants.setdefault("frais_generaux", ZERO), cout) if cout else None
    return resultat


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
        resultat[reponse["dossier_id"]].update({f"axe{axe}_{k}": v for k, v in reponse.items()})
    for dossier_id, lignes in indicateurs.items():
        for ligne in lignes:
            cible = f" (cible : {ligne['cible']})" if ligne["cible"] else ""
            cle = f"axe{ligne['reponse__axe']}_indicateurs"
            texte = resultat[dossier_id].get(cle)
            resultat[dossier_id][cle] = f"{texte}\n" if texte else ""
            resultat[dossier_id][cle] += f"{ligne['libelle']}{cible}"
    return resultat


def _instruction(ids, user) -> dict:
    """Recevabilité and decision (the last of each), avis, and the scores ``user`` may see."""
    resultat = defaultdict(dict)
    for t in (
        Transition.objects.filter(dossier_id__in=ids, action__in=cycle.DECISIONS)
        .order_by("le", "id")
        .values("dossier_id", "action", "le", "motif")
    ):
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
        resultat[dossier_id].update(
            avis_recus=len(avis), avis="\n".join(f"{a['service__nom']} : {sens.get(a['sens'])}" for a in avis)
        )
    for ligne in DemandeAvis.objects.filter(dossier_id__in=ids).values("dossier_id").annotate(n=Count("pk")):
        resultat[ligne["dossier_id"]]["avis_demandes"] = ligne["n"]
    if visibilite_notes.voit_des_notes(user):
        for ligne in (
            Dossier.objects.filter(pk__in=ids)
            .annotate(moyenne=visibilite_notes.note_moyenne(user), n=visibilite_notes.nombre_evaluations())
            .values("pk", "moyenne", "n")
        ):
            moyenne = ligne["moyenne"]
            masquee = visibilite_notes.texte_masque(moyenne, ligne["n"])
            resultat[ligne["pk"]].update(note_moyenne=masquee or moyenne, nb_evaluations=ligne["n"])
    return resultat


def lignes_dossiers(selection: Selection, colonnes: list[C.Colonne]) -> Iterator[list]:
    cles = [colonne.cle for colonne in colonnes]
    for ids in selection.tranches():
        dossiers = Dossier.objects.filter(pk__in=ids).values(
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
        budget, axes = _budget(ids), _axes(ids)
        instruction = _instruction(ids, selection.user)
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
                avis_demandes=0,
                avis_recus=0,
            )
            ligne.update(budget.get(pk, {}))
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
    types = dict(TypeMembre.choices)
    return _lignes_de(
        selection,
        Membre,
        C.COLONNES_MEMBRES,
        lambda champ, v: types.get(v, v) if champ == "type" else (_oui_non(v) if isinstance(v, bool) else v),
    )


def lignes_depenses(selection) -> Iterator[list]:
    choix = {"groupe": dict(GroupeDepense.choices), "nature": dict(NatureDepense.choices)}

    def valeur(champ, v):
        if champ == "frais_generaux":
            return "O" if v else "N"
        return choix[champ].get(v, v) if champ in choix else v

    return _lignes_de(selection, LigneDepense, C.COLONNES_DEPENSES, valeur)


def lignes_financements(selection) -> Iterator[list]:
    types = dict(TF.choices)
    return _lignes_de(
        selection,
        LigneFinancement,
        C.COLONNES_FINANCEMENTS,
        lambda c, v: types.get(v, v) if c == "type" else v,
    )


@dataclass(frozen=True)
class Feuille:
    nom: str
    colonnes: list
    lignes: Iterator[list]


def feuilles(selection: Selection) -> list[Feuille]:
    """The four sheets; their rows are generators, read when written."""
    colonnes = C.colonnes_dossiers(selection.nationale)
    return [
        Feuille("Dossiers", colonnes, lignes_dossiers(selection, colonnes)),
        Feuille("Membres du consortium", C.COLONNES_MEMBRES, lignes_membres(selection)),
        Feuille("Dépenses", C.COLONNES_DEPENSES, lignes_depenses(selection)),
        Feuille("Plan de financement", C.COLONNES_FINANCEMENTS, lignes_financements(selection)),
    ]
