"""R06, R09 and R10: the answers to the axes 1 to 3 and to the methodology (AMI, II.A and III.C)."""

from dataclasses import dataclass

from candidatures.donnees import DonneesDossier
from core.format import liste_fr, pourcentage, quantite
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


@dataclass(frozen=True)
class Constat:
    """What is wrong with the figures of an axe's public, said once for the rule, the form and the menu."""

    champ: str  # the field to fix: nombre_personnes, part_population, chiffres_explication
    regle: str  # R06's words, after « axe N : »
    formulaire: str  # the error shown next to the field (a draft still saves); none for a blank field
    manque: bool  # missing (à compléter, and in ``candidatures.completude``) or not significant


def constats_public(reponse) -> list[Constat]:
    """The figures of an axe's public (R06): a number of persons above 0, and a % above 0 — or, in its
    place, « donnée non disponible » with an explanation (FAQ « Si certaines données ne sont pas
    disponibles, les candidats peuvent le préciser dans le dossier »). ``reponse``: a ``ReponseAxe``,
    saved or not, or ``None``."""
    nombre = reponse.nombre_personnes if reponse else None
    part = reponse.part_population if reponse else None
    indisponible = bool(reponse and reponse.chiffres_non_disponibles)
    constats = []
    if nombre is None:
        constats.append(
            Constat(
                "nombre_personnes",
                "nombre de personnes concernées non indiqué",
                "",
                True,
            )
        )
    elif nombre == 0:
        constats.append(
            Constat(
                "nombre_personnes",
                f"{quantite(0, 'personne')} n’est pas un nombre significatif",
                "0 personne n’est pas un nombre significatif (AMI, II.A) : indiquez un ordre de grandeur.",
                False,
            )
        )
    if indisponible and part is not None:
        constats.append(
            Constat(
                "part_population",
                "un % est indiqué alors que la donnée est déclarée non disponible",
                "Vous avez coché « donnée non disponible » : retirez ce % ou décochez la case.",
                True,
            )
        )
    elif indisponible and not reponse.chiffres_explication.strip():
        constats.append(
            Constat(
                "chiffres_explication",
                "% déclaré non disponible sans en préciser la raison",
                "Précisez pourquoi le % n’est pas disponible : la FAQ demande de « le préciser dans le dossier ».",
                True,
            )
        )
    elif not indisponible and part is None:
        constats.append(
            Constat(
                "part_population",
                "% de la population qui a besoin d’un accompagnement non indiqué (s’il n’est pas disponible, "
                "cochez « donnée non disponible » et précisez pourquoi)",
                "",
                True,
            )
        )
    elif not indisponible and part == 0:
        constats.append(
            Constat(
                "part_population",
                f"{pourcentage(part)} n’est pas une part significative",
                "0 % n’est pas une part significative (AMI, II.A) : indiquez une estimation ou, si elle "
                "n’est pas disponible, cochez « donnée non disponible ».",
                False,
            )
        )
    return constats


def _par_constat(constats: list[tuple[int, Constat]]) -> list[str]:
    """« axes 1, 2 et 3 : nombre de personnes concernées non indiqué »: each finding once, with its axes."""
    axes_par_constat: dict[str, list[str]] = {}
    for axe, constat in constats:
        axes_par_constat.setdefault(constat.regle, []).append(str(axe))
    return [
        f"{'axe' if len(axes) == 1 else 'axes'} {liste_fr(axes)} : {regle}"
        for regle, axes in axes_par_constat.items()
    ]


def _chiffres(reponse) -> str:
    """« 1 500 personnes (35,5 %) », « 1 personne (% non disponible : raison précisée) »."""
    part = (
        "% non disponible : raison précisée"
        if reponse.chiffres_non_disponibles
        else pourcentage(reponse.part_population)
    )
    return f"{quantite(reponse.nombre_personnes, 'personne')} ({part})"


def r06_nombre_significatif(d: DonneesDossier) -> Resultat:
    """R06 — un nombre significatif de personnes : nombre et % de la population à accompagner, par axe ;
    un % non disponible peut être déclaré tel, la raison précisée. 0 personne ou 0 % n'est pas
    « significatif ».

    Source : AMI, II.A « Concernent un nombre significatif de personnes accompagnées sur le territoire
    par rapport aux personnes ayant besoin de cet accompagnement » ; FAQ « Quelles précisions sont
    attendues pour la description du public ? » : « Si certaines données ne sont pas disponibles, les
    candidats peuvent le préciser dans le dossier ».
    """
    source = "AMI, II.A ; FAQ"
    constats = [(axe, c) for axe in (1, 2, 3) for c in constats_public(d.axes.get(axe))]
    if constats:
        axe, premier = constats[0]
        statut = Statut.A_COMPLETER if any(c.manque for _, c in constats) else Statut.NON_RESPECTE
        faq = (
            " « Si certaines données ne sont pas disponibles, les candidats peuvent le préciser dans le "
            "dossier » (FAQ)."
            if any(c.champ != "nombre_personnes" for _, c in constats)
            else ""
        )
        return Resultat(
            "R06",
            statut,
            "L’AMI demande « un nombre significatif de personnes accompagnées sur le territoire par rapport "
            "aux personnes ayant besoin de cet accompagnement » (II.A) — "
            + " ; ".join(_par_constat(constats))
            + "."
            + faq,
            source,
            f"axe_{axe}#{premier.champ}",
        )
    chiffres = " ; ".join(f"axe {axe} : {_chiffres(d.axes[axe])}" for axe in (1, 2, 3))
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
            manques.append(
                f"axe {axe} : {quantite(len(sans), 'question sans réponse', 'questions sans réponse')}"
            )
            champ = champ or f"axe_{axe}#{sans[0]}"
    methodo = [nom for nom in METHODOLOGIE if not getattr(d.dossier, nom).strip()]
    if methodo:
        manques.append(
            f"axe 4 (méthodologie) : {quantite(len(methodo), 'élément sans réponse', 'éléments sans réponse')}"
        )
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
    attendus pour les usagers, indicateurs) » ; III.C « Les candidats sont incités à proposer un nombre
    limité d’indicateurs par axe (maximum 5) » ; FAQ « préconisation : environ 5 indicateurs par axe ».
    """
    source = "AMI, II.A et III.C ; FAQ"
    manques, trop, champ = [], [], ""
    for axe in (1, 2, 3):
        reponse = d.axes.get(axe)
        indicateurs = d.indicateurs(axe)
        absent = {}  # field → what is missing
        if not reponse or not reponse.nombre_personnes:
            absent["nombre_personnes"] = "nombre de personnes en cible"
        if not reponse or not reponse.changements.strip():
            absent["changements"] = "changements attendus"
        if not indicateurs:
            absent["indicateurs"] = "indicateurs"
        if absent:
            manques.append(f"axe {axe} : {', '.join(absent.values())}")
            champ = champ or f"axe_{axe}#{next(iter(absent))}"
        if len(indicateurs) > d.appel.indicateurs_max_par_axe:
            trop.append((axe, f"axe {axe} : {quantite(len(indicateurs), 'indicateur')}"))
    if manques:
        return Resultat(
            "R10",
            Statut.A_COMPLETER,
            "L’AMI demande « les objectifs quantitatifs et qualitatifs que le consortium se fixe pour chacun "
            "des 3 axes » (II.A) — objectifs à préciser : " + " ; ".join(manques) + ".",
            source,
            champ,
        )
    if trop:
        return Resultat(
            "R10",
            Statut.NON_RESPECTE,
            "« Les candidats sont incités à proposer un nombre limité d’indicateurs par axe » (AMI, III.C) : "
            f"{quantite(d.appel.indicateurs_max_par_axe, 'indicateur')} au maximum par axe — "
            + " ; ".join(t for _, t in trop)
            + ".",
            source,
            f"axe_{trop[0][0]}#indicateurs",
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
