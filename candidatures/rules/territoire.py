"""R02, R05, R07, R08 and W02: the territory, the publics and the candidat's declarations (AMI, II.A)."""

from candidatures.donnees import DonneesDossier
from candidatures.models import EngagementSpie, OuiNon, Perimetre, Public
from core.format import liste_fr, minuscule_initiale
from core.resultats import Resultat, Statut


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
    if d.porteur_est_cd:
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
            "recandidater"
            + (f" ({exclu.nom}, {minuscule_initiale(exclu.get_nature_display())})." if exclu else "."),
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
            return Resultat("R08", Statut.A_COMPLETER, f"{situes}indiquez {liste_fr(manque)}.", source, champ)
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
