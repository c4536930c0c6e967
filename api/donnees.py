"""From the portal's rows to the API's JSON (``api.schemas``): plain dicts, built from rows loaded with
a fixed number of queries: the list's rows, and the parts of a dossier served alone (members, budget,
history). What a token sees is what its titulaire sees on the portal: the dossiers of
``Dossier.objects.for_user``, the history without the evaluations for an agent."""

import functools
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q

from budget.chiffres import Budget
from budget.models import LigneDepense, LigneFinancement
from budget.natures import (
    GroupeDepense,
    ModaliteFinancement,
    NatureDepense,
    StatutFinancement,
    TypeFinancement,
)
from budget.natures import OuiNon as OuiNonBudget
from budget.totaux import totaux
from candidatures import cycle
from candidatures.models import Dossier, Etat, Transition
from candidatures.politique import politique
from comptes.models import TypeOrganisation
from consortium.models import StatutMembre, TypeMembre
from instruction import filtres
from territoires.models import Departement

# What a row of the list shows: not the dossier's texts nor its JSON columns.
COLONNES_LISTE = (
    "numero",
    "intitule",
    "etat",
    "depose_le",
    "modifie_le",
    "cout_global",
    "subvention_demandee",
    "nb_bloquantes",
    "nb_avertissements",
    "appel_id",
    "organisation__nom",
    "organisation__siret",
    "organisation__type",
)
# A list, not a manager per row (a related manager costs more to build than the row itself).
DEPARTEMENTS = Prefetch(
    "departements", queryset=Departement.objects.select_related("region"), to_attr="departements_api"
)


@functools.cache
def _libelles(choix) -> dict:
    return dict(choix.choices)


def code(valeur: str, choix) -> dict | None:
    """{code, libelle} of a value of ``choix`` (a TextChoices); None when empty."""
    if valeur in (None, ""):
        return None
    return {"code": valeur, "libelle": str(_libelles(choix).get(valeur, valeur))}


def montant(valeur) -> str | None:
    return None if valeur is None else f"{Decimal(valeur):.2f}"


def nom(user) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


def filtrer(dossiers, modifie_depuis=None, **parametres):
    """The instruction queue's filters named in ``parametres`` (``instruction.filtres.FiltresDossiers``:
    état, département, région…) and ``modifie_depuis``: its content, or a step of its instruction
    (history), since then."""
    dossiers = filtres.filtrer(dossiers, parametres)
    if modifie_depuis is not None:
        etapes = Transition.objects.filter(dossier_id=OuterRef("pk"), le__gte=modifie_depuis)
        dossiers = dossiers.filter(Q(modifie_le__gte=modifie_depuis) | Exists(etapes))
    return dossiers


def page(dossiers, numero: int, taille: int) -> list[Dossier]:
    """The rows of page ``numero``: porteur joined, départements and région in one prefetch."""
    debut = (numero - 1) * taille
    lignes = dossiers.select_related("organisation").only(*COLONNES_LISTE).prefetch_related(DEPARTEMENTS)
    return list(lignes.order_by("depose_le", "id")[debut : debut + taille])


def dernieres_decisions(dossiers: list[Dossier]) -> dict[int, Transition]:
    """The last decision of each dossier of the page (``derniere_decision``), in one query."""
    decisions = Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).derniere_decision()
    return {t.dossier_id: t for t in decisions.select_related("par")}


def transition(t: Transition) -> dict:
    return {
        "action": {"code": t.action, "libelle": t.libelle},
        "depuis": code(t.depuis, Etat),
        "vers": code(t.vers, Etat),
        "par": nom(t.par),
        "le": t.le,
        "motif": t.motif,
    }


def departement(d: Departement) -> dict:
    return {"code": d.code, "nom": d.nom, "region": {"code": d.region.code, "nom": d.region.nom}}


def resume(dossier: Dossier, decision: Transition | None, url: str) -> dict:
    porteur = dossier.organisation
    return {
        "id": dossier.pk,
        "appel": dossier.appel_id,
        "numero": dossier.numero,
        "intitule": dossier.intitule,
        "etat": code(dossier.etat, Etat),
        "porteur": {"nom": porteur.nom, "siret": porteur.siret, "type": code(porteur.type, TypeOrganisation)},
        "departements": [departement(d) for d in dossier.departements_api],
        "dates": {"depot": dossier.depose_le, "modification": dossier.modifie_le},
        "cout_global": montant(dossier.cout_global),
        "subvention_demandee": montant(dossier.subvention_demandee),
        "nb_bloquantes": dossier.nb_bloquantes,
        "nb_avertissements": dossier.nb_avertissements,
        "decision": transition(decision) if decision else None,
        "url": url,
    }


def membres(dossier: Dossier) -> list[dict]:
    return [
        {
            "id": m.pk,
            "type": code(m.type, TypeMembre),
            "structure": m.structure,
            "statut": code(m.nature, StatutMembre),
            "est_conseil_departemental": m.est_conseil_departemental,
            "interlocuteur": m.interlocuteur,
            "telephone": m.telephone,
            "courriel": m.courriel,
        }
        for m in dossier.membres.all()
    ]


def budget(dossier: Dossier) -> dict:
    depenses = list(LigneDepense.objects.filter(dossier=dossier))
    financements = list(LigneFinancement.objects.filter(dossier=dossier))
    calcul = Budget.des_lignes(depenses, financements)
    parts = totaux(calcul, dossier.appel)
    return {
        "depenses": [
            {
                "id": d.pk,
                "groupe": code(d.groupe, GroupeDepense),
                "nature": code(d.nature, NatureDepense),
                "frais_generaux": d.frais_generaux,
                "deja_financee_etat": code(d.deja_financee_etat, OuiNonBudget),
                "objet": d.objet,
                "unite": d.unite,
                "nombre_unites": montant(d.nombre_unites),
                "cout_unitaire": montant(d.cout_unitaire),
                "date_periode": d.date_periode,
                "montant": montant(d.montant),
            }
            for d in depenses
        ],
        "financements": [
            {
                "id": f.pk,
                "type": code(f.type, TypeFinancement),
                "financeur": f.financeur,
                "montant": montant(f.montant),
                "statut": code(f.statut, StatutFinancement),
                "modalite": code(f.modalite, ModaliteFinancement),
            }
            for f in financements
        ],
        "totaux": {
            "cout_global": montant(calcul.cout_global),
            "total_financements": montant(calcul.total_financements),
            "subvention_etat": montant(calcul.subvention_etat),
            "cofinancement": montant(calcul.cofinancement),
            "frais_generaux": montant(calcul.frais_generaux),
            "taux_etat": montant(parts["taux_etat"]),
            "taux_cofinancement": montant(parts["taux_cofinancement"]),
            "taux_frais_generaux": montant(parts["taux_frais"]),
            "par_groupe": [
                {
                    "groupe": {"code": g["valeur"], "libelle": g["libelle"]},
                    "total": montant(g["total"]),
                    "frais_generaux": montant(g["frais_generaux"]),
                }
                for g in parts["groupes"]
            ],
        },
    }


def historique(dossier: Dossier, user) -> dict:
    """The steps of the history this profile sees on the portal (an agent: not the evaluations)."""
    visibles = politique(user).evenements_visibles
    etapes = list(dossier.transitions.filter(action__in=visibles).select_related("par"))
    return {
        "decisions": [transition(t) for t in etapes if t.action in cycle.DECISIONS],
        "historique": [transition(t) for t in etapes],
    }
