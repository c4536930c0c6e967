"""Recevabilité rules on the dossier's own answers: R02, R05–R10, R16, R17 and W02.

Each is a pure function of a ``DonneesDossier`` returning a ``Resultat`` whose message quotes
the figures and whose source quotes the call. ``champ`` is « section#ancre », the field to fix.
"""

from django.utils import timezone

from ami.regles import Resultat, Statut, pourcentage
from candidatures import libelles as L
from candidatures.donnees import DonneesDossier
from candidatures.models import EngagementSpie, OuiNon, Perimetre, Public

QUESTIONS_COMMUNES = ["objectifs", "actions", "public", "changements", "methodes", "calendrier"]
QUESTIONS_EN_PLUS = {
    2: ["organisation_suivi", "organisation_remise"],
    3: ["offre_visibilite", "offre_commune"],
}
METHODOLOGIE = ["methodologie_equipe", "methodologie_implication", "methodologie_dynamique"]
ENGAGEMENTS = list(L.ENGAGEMENTS)


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _minuscule(texte: str) -> str:
    """« Lauréat du premier AMI » → « lauréat du premier AMI »: acronyms kept."""
    return texte[:1].lower() + texte[1:]


def _liste(elements: list[str]) -> str:
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


def r02_cas_exceptionnel(d: DonneesDossier) -> Resultat:
    """R02 — sans lettre du CD, à titre exceptionnel, pour des publics spécifiques non allocataires du RSA.

    Source : AMI, II.A « A titre exceptionnel, un projet porté administrativement par un autre acteur
    de l’insertion et de l’emploi pourra être considéré comme recevable en l’absence de lettre
    d’engagement du conseil départemental s’il concerne des publics spécifiques non allocataires du
    RSA et en l’absence de candidature du conseil départemental ou de soutien du conseil départemental
    à un autre projet » ; FAQ « Comment le consortium doit-il être formalisé ? ».
    """
    source, champ = "AMI, II.A ; FAQ", "territoire#cas-exceptionnel"
    dossier = d.dossier
    if not dossier.cas_exceptionnel:
        return Resultat(
            "R02", Statut.RESPECTE, "Sans objet : le cas exceptionnel n’est pas déclaré.", source, champ
        )
    if d.porteur_type == "conseil_departemental":
        return Resultat(
            "R02",
            Statut.NON_RESPECTE,
            "Le cas exceptionnel vaut pour un porteur autre que le conseil départemental : "
            "retirez la déclaration.",
            source,
            champ,
        )
    if Public.RSA in dossier.publics:
        return Resultat(
            "R02",
            Statut.NON_RESPECTE,
            "Le cas exceptionnel concerne des publics spécifiques non allocataires du RSA, or les "
            "allocataires du RSA figurent parmi les publics du projet.",
            source,
            champ,
        )
    if not dossier.cas_exceptionnel_justification.strip():
        return Resultat("R02", Statut.A_COMPLETER, "Justifiez le cas exceptionnel déclaré.", source, champ)
    return Resultat(
        "R02",
        Statut.RESPECTE,
        "Cas exceptionnel déclaré et justifié : le dossier est signalé aux instructeurs.",
        source,
        champ,
    )


def r05_publics(d: DonneesDossier) -> Resultat:
    """R05 — les publics comprennent a minima les allocataires du RSA (sauf cas exceptionnel R02).

    Source : AMI, II.A « Concernent les personnes rencontrant des difficultés sociales et
    professionnelles dans leur accès au marché du travail, a minima l’insertion vers l’activité et
    l’emploi des allocataires du RSA ».
    """
    source, champ = "AMI, II.A", "territoire#publics"
    publics = d.dossier.publics
    if not publics:
        return Resultat(
            "R05", Statut.A_COMPLETER, "Indiquez les publics concernés par le projet.", source, champ
        )
    if Public.AUTRES in publics and not d.dossier.publics_autres.strip():
        return Resultat("R05", Statut.A_COMPLETER, "Précisez les autres publics concernés.", source, champ)
    if Public.RSA in publics:
        return Resultat(
            "R05",
            Statut.RESPECTE,
            "Les allocataires du RSA font partie des publics du projet.",
            source,
            champ,
        )
    if d.dossier.cas_exceptionnel:
        return Resultat(
            "R05",
            Statut.RESPECTE,
            "Publics spécifiques non allocataires du RSA, au titre du cas exceptionnel (R02).",
            source,
            champ,
        )
    return Resultat(
        "R05",
        Statut.NON_RESPECTE,
        "Le projet doit concerner a minima les allocataires du RSA : ajoutez-les aux publics concernés.",
        source,
        champ,
    )


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
            f"accompagnement pour : {_liste(manquants)}.",
            source,
            f"{premier}#public",
        )
    chiffres = " ; ".join(
        f"axe {axe} : {_nombre(d.axes[axe].nombre_personnes)} personnes ({pourcentage(d.axes[axe].part_population)})"
        for axe in (1, 2, 3)
    )
    return Resultat(
        "R06", Statut.RESPECTE, f"Public chiffré pour chaque axe — {chiffres}.", source, "axe_1#public"
    )


def r07_territoire(d: DonneesDossier) -> Resultat:
    """R07 — l'ensemble du département ou des bassins de vie et d'emploi nommés ; deux départements
    avec l'accord des deux conseils départementaux.

    Source : AMI, II.A « Concernent l’ensemble du département ou a minima des bassins de vie et
    d’emploi du territoire départemental » ; FAQ « Quelle est l’échelle géographique des projets ? »
    (« le porteur de projet devra obtenir l’accord des deux départements »).
    """
    source, champ = "AMI, II.A ; FAQ", "territoire#territoire"
    dossier = d.dossier
    if not dossier.perimetre or not d.departements:
        return Resultat(
            "R07",
            Statut.A_COMPLETER,
            "Indiquez le territoire concerné et son ou ses départements.",
            source,
            champ,
        )
    if len(d.departements) > 2:
        return Resultat(
            "R07",
            Statut.NON_RESPECTE,
            f"Le projet porte sur {len(d.departements)} départements ; la FAQ admet au plus deux départements, "
            "pour un bassin d’emploi qui les traverse.",
            source,
            champ,
        )
    if dossier.perimetre == Perimetre.BASSINS and not dossier.bassins.strip():
        return Resultat(
            "R07", Statut.A_COMPLETER, "Nommez les bassins de vie et d’emploi concernés.", source, champ
        )
    if len(d.departements) == 2 and not dossier.accord_deux_departements:
        return Resultat(
            "R07",
            Statut.NON_RESPECTE,
            f"Le projet porte sur deux départements ({' et '.join(d.departements)}) : l’accord des deux "
            "conseils départementaux est nécessaire.",
            source,
            champ,
        )
    territoire = (
        "l’ensemble du département" if dossier.perimetre == Perimetre.DEPARTEMENT else "des bassins nommés"
    )
    return Resultat(
        "R07", Statut.RESPECTE, f"Territoire : {territoire} ({', '.join(d.departements)}).", source, champ
    )


def r08_premier_ami(d: DonneesDossier) -> Resultat:
    """R08 — ni porteur ni membre d'un consortium lauréat du premier AMI ou des expérimentations ;
    sur un territoire SPIE, avec l'accord du porteur existant et l'articulation décrite.

    Source : AMI, II.A « Les porteurs/membres des consortiums SPIE ayant été sélectionnés dans le cadre
    du premier AMI ne peuvent pas recandidater. Toutefois, les acteurs de l’insertion et de l’emploi
    présents sur ces territoires SPIE pourront candidater, avec l’accord du porteur de l’expérimentation
    ou du lauréat du premier AMI […] L’articulation du projet […] devra alors être précisée ».
    """
    source, champ = "AMI, II.A", "territoire#engagement-spie"
    dossier = d.dossier
    exclu = next((e for e in d.exclusions if e.siret and e.siret == d.porteur_siret), None)
    if exclu or dossier.engagement_spie == EngagementSpie.LAUREAT:
        return Resultat(
            "R08",
            Statut.NON_RESPECTE,
            "Les porteurs et membres des consortiums sélectionnés dans le cadre du premier AMI ne peuvent pas "
            "recandidater" + (f" ({exclu.nom}, {_minuscule(exclu.get_nature_display())})." if exclu else "."),
            source,
            champ,
        )
    if not dossier.engagement_spie:
        return Resultat(
            "R08",
            Statut.A_COMPLETER,
            "Indiquez la situation du porteur au regard de la démarche SPIE.",
            source,
            champ,
        )
    territoires_spie = sorted({e.nom for e in d.exclusions if e.departement_id in d.departements})
    if dossier.engagement_spie == EngagementSpie.TERRITOIRE or territoires_spie:
        manque = []
        if not dossier.accord_porteur_existant:
            manque.append("l’accord du porteur de l’expérimentation ou du lauréat du premier AMI")
        if not dossier.articulation.strip():
            manque.append("l’articulation du projet avec le sien")
        if manque:
            situes = (
                f"Le territoire compte un territoire SPIE ({', '.join(territoires_spie)}) : "
                if (territoires_spie)
                else "Sur un territoire SPIE, "
            )
            return Resultat("R08", Statut.A_COMPLETER, f"{situes}indiquez {_liste(manque)}.", source, champ)
        return Resultat(
            "R08",
            Statut.RESPECTE,
            "Territoire SPIE : accord du porteur existant déclaré et articulation décrite.",
            source,
            champ,
        )
    return Resultat(
        "R08",
        Statut.RESPECTE,
        "Ni le porteur ni le consortium n’ont déjà été retenus dans la démarche SPIE.",
        source,
        champ,
    )


def _axe_sans_reponse(d: DonneesDossier, axe: int) -> list[str]:
    reponse = d.axes.get(axe)
    questions = QUESTIONS_COMMUNES + QUESTIONS_EN_PLUS.get(axe, [])
    if reponse is None:
        return questions + ["indicateurs"]
    manquantes = [q for q in questions if not getattr(reponse, q).strip()]
    if not d.indicateurs(axe):
        manquantes.append("indicateurs")
    return manquantes


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
        sans = _axe_sans_reponse(d, axe)
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


def r16_engagements(d: DonneesDossier) -> Resultat:
    """R16 — les engagements du consortium et les principes de l'annexe 1 sont acceptés.

    Source : AMI, II.A « Comportent un engagement et des propositions du consortium d’acteurs de
    l’insertion pour : Rechercher une cohérence des actions […] Contribuer à la dynamique nationale » et
    « Respectent les principes généraux de la stratégie de parcours […] présentés dans l’annexe 1 ».
    """
    source = "AMI, II.A ; annexe 1"
    manquants = [nom for nom in ENGAGEMENTS if not getattr(d.dossier, nom)]
    if manquants:
        return Resultat(
            "R16",
            Statut.A_COMPLETER,
            f"{len(manquants)} engagement(s) sur {len(ENGAGEMENTS)} reste(nt) à prendre.",
            source,
            f"engagements#{manquants[0]}",
        )
    return Resultat("R16", Statut.RESPECTE, "Les engagements du consortium sont pris.", source, "engagements")


def r17_date_limite(d: DonneesDossier) -> Resultat:
    """R17 — dépôt avant la date limite, heure du serveur, Europe/Paris, à la seconde.

    Source : AMI, « Procédure et calendrier ».
    """
    source = "AMI, « Procédure et calendrier »"
    limite = timezone.localtime(d.appel.date_limite).strftime("%d/%m/%Y à %H:%M:%S")
    depose_le = d.dossier.depose_le
    if depose_le:
        return Resultat(
            "R17",
            Statut.RESPECTE,
            f"Dossier déposé le {timezone.localtime(depose_le):%d/%m/%Y à %H:%M:%S}, avant la date limite "
            f"({limite}).",
            source,
        )
    if d.appel.est_ouvert(d.maintenant):
        return Resultat(
            "R17", Statut.RESPECTE, f"Dépôt possible jusqu’au {limite} (heure de Paris).", source, "depot"
        )
    return Resultat(
        "R17",
        Statut.NON_RESPECTE,
        f"La date limite de dépôt est passée ({limite}, heure de Paris) : le dossier ne peut plus être déposé.",
        source,
        "depot",
    )


def w02_qpv_zrr(d: DonneesDossier) -> Resultat:
    """W02 (avertissement) — le projet concerne notamment les QPV et/ou les ZRR.

    Source : AMI, II.A « Concernent notamment les quartiers identifiés « politique de la ville » et/ou
    « zone de revitalisation rurale », en conformité avec les engagements gouvernementaux en faveur des
    territoires prioritaires et leurs habitants ».
    """
    source, champ = "AMI, II.A", "territoire#qpv-zrr"
    dossier = d.dossier
    if OuiNon.OUI in (dossier.qpv, dossier.zrr):
        zones = [nom for nom, valeur in (("QPV", dossier.qpv), ("ZRR", dossier.zrr)) if valeur == OuiNon.OUI]
        return Resultat(
            "W02", Statut.RESPECTE, f"Le projet concerne des {' et des '.join(zones)}.", source, champ
        )
    message = (
        "Le projet ne mentionne ni quartier « politique de la ville » ni « zone de revitalisation rurale »."
        if dossier.qpv and dossier.zrr
        else "Indiquez si le projet concerne des QPV ou des ZRR."
    )
    statut = Statut.NON_RESPECTE if dossier.qpv and dossier.zrr else Statut.A_COMPLETER
    return Resultat("W02", statut, message, source, champ, avertissement=True)
