"""R06, R09 and R10: the answers to the axes 1 to 3 and to the methodology (AMI, II.A and III.C)."""

from candidatures.donnees import DonneesDossier
from core.format import liste_fr, nombre_fr, pourcentage
from core.resultats import Resultat, Statut

QUESTIONS_COMMUNES = ["objectifs", "actions", "public", "changements", "methodes", "calendrier"]
QUESTIONS_EN_PLUS = {
    2: ["organisation_suivi", "organisation_remise"],
    3: ["offre_visibilite", "offre_commune"],
}
METHODOLOGIE = ["methodologie_equipe", "methodologie_implication", "methodologie_dynamique"]


def questions_sans_reponse(d: DonneesDossier, axe: int) -> list[str]:
    """The questions of ``axe`` without an answer (field names, « indicateurs » for the list)."""
    reponse = d.axes.get(axe)
    questions = QUESTIONS_COMMUNES + QUESTIONS_EN_PLUS.get(axe, [])
    if reponse is None:
        return questions + ["indicateurs"]
    manquantes = [q for q in questions if not getattr(reponse, q).strip()]
    if not d.indicateurs(axe):
        manquantes.append("indicateurs")
    return manquantes


def r06_nombre_significatif(d: DonneesDossier) -> Resultat:
    """R06 — un nombre significatif de personnes : nombre et % de la population à accompagner, par axe.

    Source : AMI, II.A « Concernent un nombre significatif de personnes accompagnées sur le territoire
    par rapport aux personnes ayant besoin de cet accompagnement » ; FAQ « Quelles précisions sont
    attendues pour la description du public ? ».
    """
    source = "AMI, II.A ; FAQ"
    manquants = []
    for axe in (1, 2, 3):
        reponse = d.axes.get(axe)
        if not reponse or not reponse.nombre_personnes or reponse.part_population is None:
            manquants.append(f"axe {axe}")
    if manquants:
        premier = manquants[0].replace("axe ", "axe_")
        return Resultat(
            "R06",
            Statut.A_COMPLETER,
            f"Indiquez le nombre de personnes concernées et leur part dans la population qui a besoin d’un "
            f"accompagnement pour : {liste_fr(manquants)}.",
            source,
            f"{premier}#public",
        )
    chiffres = " ; ".join(
        f"axe {axe} : {nombre_fr(d.axes[axe].nombre_personnes)} personnes ({pourcentage(d.axes[axe].part_population)})"
        for axe in (1, 2, 3)
    )
    return Resultat(
        "R06", Statut.RESPECTE, f"Public chiffré pour chaque axe — {chiffres}.", source, "axe_1#public"
    )


def r09_questions_repondues(d: DonneesDossier) -> Resultat:
    """R09 — chaque question des axes 1, 2, 3 et de la méthodologie a sa réponse.

    Source : AMI, II.A « Mettent en œuvre l’ensemble des 3 axes […] ainsi que les attendus
    méthodologiques présentés dans l’annexe 6 ; NB : les projets qui ne porteront que sur une partie
    des axes ne seront pas retenus » ; FAQ « Un champ obligatoire est à remplir obligatoirement pour
    chacune des questions ».
    """
    source = "AMI, II.A ; FAQ"
    manques, champ = [], ""
    for axe in (1, 2, 3):
        sans = questions_sans_reponse(d, axe)
        if sans:
            manques.append(f"axe {axe} : {len(sans)} question(s) sans réponse")
            champ = champ or f"axe_{axe}#{sans[0]}"
    methodo = [nom for nom in METHODOLOGIE if not getattr(d.dossier, nom).strip()]
    if methodo:
        manques.append(f"axe 4 (méthodologie) : {len(methodo)} élément(s) sans réponse")
        champ = champ or f"axe_4#{methodo[0]}"
    if manques:
        return Resultat(
            "R09",
            Statut.A_COMPLETER,
            "Répondez à chaque question des 4 axes — " + " ; ".join(manques) + ".",
            source,
            champ,
        )
    return Resultat(
        "R09", Statut.RESPECTE, "Toutes les questions des 4 axes ont une réponse.", source, "axe_1"
    )


def r10_objectifs_par_axe(d: DonneesDossier) -> Resultat:
    """R10 — objectifs quantitatifs et qualitatifs pour chacun des 3 axes : nombre de personnes en cible,
    changements attendus, indicateurs (au moins un ; plus de 5 par axe : avertissement).

    Source : AMI, II.A « Précisent les objectifs quantitatifs et qualitatifs que le consortium se fixe
    pour chacun des 3 axes (nombre de personnes concernées en cible, changements attendus, impacts
    attendus pour les usagers, indicateurs) » ; III.C et FAQ (« 5 indicateurs maximum par axe »).
    """
    source = "AMI, II.A et III.C ; FAQ"
    manques, trop, champ = [], [], ""
    for axe in (1, 2, 3):
        reponse = d.axes.get(axe)
        indicateurs = d.indicateurs(axe)
        absent = []
        if not reponse or not reponse.nombre_personnes:
            absent.append("nombre de personnes en cible")
        if not reponse or not reponse.changements.strip():
            absent.append("changements attendus")
        if not indicateurs:
            absent.append("indicateurs")
        if absent:
            manques.append(f"axe {axe} : {', '.join(absent)}")
            champ = champ or f"axe_{axe}#indicateurs"
        if len(indicateurs) > d.appel.indicateurs_max_par_axe:
            trop.append(f"axe {axe} : {len(indicateurs)} indicateurs")
    if manques:
        return Resultat(
            "R10", Statut.A_COMPLETER, "Objectifs à préciser — " + " ; ".join(manques) + ".", source, champ
        )
    if trop:
        return Resultat(
            "R10",
            Statut.NON_RESPECTE,
            f"Il est recommandé de retenir {d.appel.indicateurs_max_par_axe} indicateurs au maximum par axe — "
            + " ; ".join(trop)
            + ".",
            source,
            "axe_1#indicateurs",
            avertissement=True,
        )
    nombres = " ; ".join(f"axe {axe} : {len(d.indicateurs(axe))}" for axe in (1, 2, 3))
    return Resultat(
        "R10",
        Statut.RESPECTE,
        f"Cible, changements attendus et indicateurs pour chaque axe (indicateurs — {nombres}).",
        source,
        "axe_1#indicateurs",
    )
