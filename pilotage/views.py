"""« Tableau de bord »: the deposited dossiers at a glance, for the national team (every dossier) and
for the agents territoriaux (their territory's). The same number of queries whatever the number of
dossiers: session and user, the calls, then one aggregate query per figure (``indicateurs``, ``carte``).
"""

from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone

from ami.models import Appel
from candidatures.appels import appel_de_travail
from candidatures.models import Dossier, Etat
from candidatures.politique import politique
from candidatures.recevabilite import libelle
from comptes.models import TypeOrganisation
from comptes.permissions import reservee
from pilotage import graphiques, indicateurs
from pilotage.carte import carte


def jauge(libelle: str, nombre: int, montant: Decimal, enveloppe: Decimal) -> dict:
    """A line of « Subvention demandée et enveloppe »: the amount, its share of the envelope."""
    part = (montant / enveloppe * 100) if enveloppe else Decimal(0)
    return {
        "libelle": libelle,
        "nombre": nombre,
        "montant": montant,
        "part": part.quantize(Decimal("0.1")),
        "largeur": float(min(part, Decimal(100)).quantize(Decimal("0.1"))),
        "depasse": montant > enveloppe,
    }


@reservee("pilotage:tableau_de_bord")
def tableau_de_bord(request):
    user = request.user
    appel = appel_de_travail(request)  # the call's dossiers only, its envelope
    dossiers = Dossier.objects.for_user(user).filter(appel=appel)
    enveloppe = appel.enveloppe if appel else Decimal(0)

    r = indicateurs.repartition(dossiers)
    semaines = indicateurs.evolution(dossiers, r.par_etat)
    echecs = indicateurs.echecs_par_regle(dossiers)

    par_etat = [(etat.value, etat.label, r.par_etat.get(etat, 0)) for etat in indicateurs.ETATS]
    types = dict(TypeOrganisation.choices)
    par_type = [(cle, types.get(cle, cle), n) for cle, n in r.par_type.items()]
    par_type.sort(key=lambda ligne: -ligne[2])  # stable: the order of the choices between ties
    regles = [(regle, f"{regle} – {libelle(regle, appel or Appel())}", n) for regle, n in echecs.items() if n]
    regles.sort(key=lambda ligne: -ligne[2])

    contexte = {
        "agent": politique(user).territorial,
        "service": user.service_territorial if politique(user).territorial else None,
        "aujourd_hui": timezone.localdate(),
        "total": r.total,
        "en_cours": r.par_etat.get(Etat.DEPOSE, 0)
        + r.par_etat.get(Etat.EN_INSTRUCTION, 0)
        + r.par_etat.get(Etat.COMPLEMENTS, 0),
        "appel": appel,
        "enveloppe": enveloppe,
        "repartition": r,
        "par_etat": [
            {**ligne, "classe": graphiques.CLASSES_ETATS[ligne["cle"]]}
            for ligne in graphiques.barres(par_etat)
        ],
        "semaines": [
            {"debut": s.debut, "valeurs": [s.effectifs[etat] for etat in indicateurs.ETATS], "total": s.total}
            for s in semaines
        ],
        "etats": [
            {"cle": etat.value, "libelle": etat.label, "classe": graphiques.CLASSES_ETATS[etat]}
            for etat in indicateurs.ETATS
        ],
        "histogramme": graphiques.histogramme_empile(semaines),
        "par_type": graphiques.barres(par_type),
        "jauges": [
            jauge("Tous les dossiers déposés", r.total, r.subvention_deposes, enveloppe),
            jauge(
                "Dossiers recevables, proposés ou lauréats",
                r.nombre_retenus,
                r.subvention_retenus,
                enveloppe,
            ),
            jauge("Dossiers lauréats", r.nombre_laureats, r.subvention_laureats, enveloppe),
        ],
        "regles": graphiques.barres(regles),
        "carte": carte(user, dossiers),
    }
    return render(request, "pilotage/tableau_de_bord.html", contexte)
