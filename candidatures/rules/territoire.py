"""R02, R05, R07, R08 and W02: the territory, the publics and the candidat's declarations (AMI, II.A)."""

import unicodedata
from dataclasses import dataclass

from candidatures.donnees import DonneesDossier
from candidatures.models import EngagementSpie, OuiNon, Perimetre, Public
from core.format import liste_fr, minuscule_initiale
from core.resultats import Resultat, Statut
from pieces.models import NaturePiece
from pieces.rules import ancre_lettre, lettres_a_joindre, lettres_cd_manquantes, nommer


@dataclass(frozen=True)
class CasExceptionnel:
    """R02's judgement: ``admis`` is what R01, R05 and R07 read (``DonneesDossier.cas_exceptionnel_admis``)."""

    statut: Statut
    message: str

    @property
    def admis(self) -> bool:
        return self.statut == Statut.RESPECTE and self.message != SANS_OBJET


SANS_OBJET = "Sans objet : le cas exceptionnel n’est pas déclaré."
SOURCE_R02 = "AMI, II.A ; FAQ"


def cas_exceptionnel(d: DonneesDossier) -> CasExceptionnel:
    """Whether the exceptional case of R02 is admitted: declared, by a porteur that is not the CD, for
    publics that do not include the allocataires du RSA, and justified. The one judgement of the
    exception: R01 (no CD letter), R02, R05 (no RSA) and R07 (no letter of the other département) read
    it, never the declaration's box alone."""
    dossier = d.dossier
    if not dossier.cas_exceptionnel:
        return CasExceptionnel(Statut.RESPECTE, SANS_OBJET)
    if d.porteur_est_cd:
        return CasExceptionnel(
            Statut.NON_RESPECTE,
            "Le cas exceptionnel vaut pour « un projet porté administrativement par un autre acteur de "
            "l’insertion et de l’emploi » que le conseil départemental : retirez la déclaration.",
        )
    if Public.RSA in dossier.publics:
        return CasExceptionnel(
            Statut.NON_RESPECTE,
            "Le cas exceptionnel vaut pour un projet qui « concerne des publics spécifiques non "
            "allocataires du RSA », or les allocataires du RSA figurent parmi les publics du projet : "
            "retirez-les des publics ou retirez la déclaration (et joignez la lettre du conseil "
            "départemental).",
        )
    if not dossier.cas_exceptionnel_justification.strip():
        return CasExceptionnel(Statut.A_COMPLETER, "Justifiez le cas exceptionnel déclaré.")
    return CasExceptionnel(
        Statut.RESPECTE,
        "Cas exceptionnel déclaré et justifié : le dossier est signalé aux instructeurs.",
    )


def r02_cas_exceptionnel(d: DonneesDossier) -> Resultat:
    """R02 — sans lettre du CD, à titre exceptionnel, pour des publics spécifiques non allocataires du RSA.

    Source : AMI, II.A « A titre exceptionnel, un projet porté administrativement par un autre acteur
    de l’insertion et de l’emploi pourra être considéré comme recevable en l’absence de lettre
    d’engagement du conseil départemental s’il concerne des publics spécifiques non allocataires du
    RSA et en l’absence de candidature du conseil départemental ou de soutien du conseil départemental
    à un autre projet » ; FAQ « Comment le consortium doit-il être formalisé ? ». The judgement is
    ``cas_exceptionnel``, shared with R01, R05 and R07.
    """
    jugement = cas_exceptionnel(d)
    return Resultat("R02", jugement.statut, jugement.message, SOURCE_R02, "territoire#cas-exceptionnel")


def r05_publics(d: DonneesDossier) -> Resultat:
    """R05 — les publics comprennent a minima les allocataires du RSA (sauf cas exceptionnel R02 admis).

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
    if d.cas_exceptionnel_admis:
        return Resultat(
            "R05",
            Statut.RESPECTE,
            "Publics spécifiques non allocataires du RSA, au titre du cas exceptionnel admis (R02).",
            source,
            champ,
        )
    message = (
        "Le projet doit concerner « a minima l’insertion vers l’activité et l’emploi des allocataires du "
        "RSA » : ajoutez-les aux publics concernés."
    )
    if d.dossier.cas_exceptionnel:
        message += " Le cas exceptionnel déclaré n’est pas admis (voir R02)."
    return Resultat("R05", Statut.NON_RESPECTE, message, source, champ)


def r07_territoire(d: DonneesDossier) -> Resultat:
    """R07 — l'ensemble du département ou des bassins de vie et d'emploi nommés, dont la pertinence est
    dite ; sur deux départements, l'accord de chacun (la lettre d'engagement de chaque conseil
    départemental qui n'est pas le porteur) ; un conseil départemental porteur candidate sur son
    propre département.

    Sources : AMI, II.A « Concernent l’ensemble du département ou a minima des bassins de vie et
    d’emploi du territoire départemental, pertinents en matière d’insertion » ; FAQ « Quelle est
    l’échelle géographique des projets ? » (« il est possible qu’un projet soit déployé sur deux
    départements différents. Dans ce cas, le porteur de projet devra obtenir l’accord des deux
    départements ») and the FAQ on the bassins (« Les candidats sont alors invités à préciser en quoi le
    territoire proposé est pertinent en matière d’insertion de leur point de vue »). The letters are
    those of ``pieces.rules.lettres_cd_manquantes``, which R01 reads too.
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
    noms = nommer(d, d.departements)
    if len(d.departements) > 2:
        return Resultat(
            "R07",
            Statut.NON_RESPECTE,
            f"Le projet porte sur {len(d.departements)} départements ({noms}). Le projet doit être « soit "
            "à l’échelle départementale, soit à l’échelle d’un bassin d’emploi » ; la FAQ prévoit qu’un "
            "bassin d’emploi situé sur plusieurs départements permette « qu’un projet soit déployé sur "
            "deux départements différents » : indiquez le ou les deux départements du projet.",
            source,
            champ,
        )
    if d.porteur_est_cd and d.porteur_departement not in d.departements:
        return Resultat(
            "R07",
            Statut.NON_RESPECTE,
            f"Le porteur est le conseil départemental {nommer(d, [d.porteur_departement])} : un conseil "
            "départemental porteur candidate sur son propre département (« l’ensemble du département ou "
            f"a minima des bassins de vie et d’emploi du territoire départemental »), or le territoire "
            f"indiqué ({noms}) ne le comprend pas.",
            source,
            champ,
        )
    if dossier.perimetre == Perimetre.BASSINS:
        if not dossier.bassins.strip():
            return Resultat(
                "R07", Statut.A_COMPLETER, "Nommez les bassins de vie et d’emploi concernés.", source, champ
            )
        if not dossier.pertinence_territoire.strip():
            return Resultat(
                "R07",
                Statut.A_COMPLETER,
                "Le projet porte sur des bassins de vie et d’emploi : « les candidats sont alors invités à "
                "préciser en quoi le territoire proposé est pertinent en matière d’insertion » (FAQ).",
                source,
                "territoire#pertinence",
            )
    if len(d.departements) == 2:
        manquantes = lettres_cd_manquantes(d)
        if manquantes:
            return Resultat(
                "R07",
                Statut.A_COMPLETER,
                f"Le projet porte sur deux départements ({noms}) : « le porteur de projet devra obtenir "
                f"l’accord des deux départements » (FAQ). Joignez {lettres_a_joindre(d, manquantes)} "
                "(5. Pièces jointes).",
                source,
                ancre_lettre(manquantes),
            )
    territoire = (
        "l’ensemble du département" if dossier.perimetre == Perimetre.DEPARTEMENT else "des bassins nommés"
    )
    accord = ""
    if len(d.departements) == 2:
        accord = (
            " ; sans lettre du conseil départemental, au titre du cas exceptionnel admis (R02)"
            if d.cas_exceptionnel_admis
            else " ; l’accord des deux départements est joint"
        )
    return Resultat(
        "R07",
        Statut.RESPECTE,
        f"Territoire : {territoire} ({', '.join(d.departements)}){accord}.",
        source,
        champ,
    )


def _nom_simple(nom: str) -> str:
    """« Département du Nord » and « DEPARTEMENT DU NORD » alike: no accent, no case, no punctuation."""
    sans_accents = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in sans_accents).split())


def _homonyme(d: DonneesDossier):
    """An exclusion saved without SIRET whose name is the chef de file's: a hint for the instructeur,
    never a refusal (a name is not an identifier; the SIRET is)."""
    nom = _nom_simple(d.dossier.nom_chef_de_file)
    if not nom:
        return None
    return next((e for e in d.exclusions if not e.siret and _nom_simple(e.nom) == nom), None)


def r08_premier_ami(d: DonneesDossier) -> Resultat:
    """R08 — le porteur d'une expérimentation SPIE ou d'un lauréat du premier AMI ne candidate pas ; un
    acteur d'un territoire SPIE candidate avec l'accord (une lettre) du porteur existant, pas sur les mêmes
    publics sauf si les territoires sont différents, l'articulation décrite.

    Source : AMI, II.A « Les porteurs/membres des consortiums SPIE ayant été sélectionnés dans le cadre
    du premier AMI ne peuvent pas recandidater. Toutefois, les acteurs de l’insertion et de l’emploi
    présents sur ces territoires SPIE pourront candidater, avec l’accord du porteur de l’expérimentation
    ou du lauréat du premier AMI. Cette possibilité est ouverte à condition que le projet ne porte pas sur
    les mêmes publics sauf si les territoires sont différents. L’articulation du projet avec celui de
    l’expérimentation ou du lauréat du premier AMI devra alors être précisée dans la candidature » ; FAQ
    « Les porteurs de projets des 14 expérimentations SPIE en cours et les 31 lauréats du premier AMI ne
    peuvent pas candidater, mais peuvent-ils donner leur accord… ? » (« C’est possible »).

    The excluded one is the porteur (by its SIRET, or by its own declaration): a member of an existing
    consortium, or Pôle emploi, is an actor of that territory, on the conditions above.
    """
    source, champ = "AMI, II.A ; FAQ", "territoire#engagement-spie"
    dossier = d.dossier
    exclu = next((e for e in d.exclusions if e.siret and e.siret == d.porteur_siret), None)
    if exclu or dossier.engagement_spie == EngagementSpie.LAUREAT:
        return Resultat(
            "R08",
            Statut.NON_RESPECTE,
            "Les porteurs des expérimentations SPIE et des projets lauréats du premier AMI ne peuvent pas "
            "candidater de nouveau"
            + (f" ({exclu.nom}, {minuscule_initiale(exclu.get_nature_display())})" if exclu else "")
            + " : « Les porteurs/membres des consortiums SPIE ayant été sélectionnés dans le cadre du "
            "premier AMI ne peuvent pas recandidater » (AMI, II.A).",
            source,
            champ,
        )
    homonyme = _homonyme(d)
    a_verifier = (
        f" À vérifier par l’instructeur : le chef de file porte le nom de « {homonyme.nom} » "
        f"({minuscule_initiale(homonyme.get_nature_display())}), exclusion enregistrée sans SIRET."
        if homonyme
        else ""
    )
    if not dossier.engagement_spie:
        return Resultat(
            "R08",
            Statut.A_COMPLETER,
            "Indiquez la situation du porteur au regard de la démarche SPIE." + a_verifier,
            source,
            champ,
        )
    territoires_spie = sorted({e.nom for e in d.exclusions if e.departement_id in d.departements})
    if dossier.engagement_spie != EngagementSpie.TERRITOIRE and not territoires_spie:
        return Resultat(
            "R08",
            Statut.RESPECTE,
            "Le porteur n’a été retenu ni pour une expérimentation SPIE ni au premier AMI et n’intervient pas "
            "sur un territoire SPIE." + a_verifier,
            source,
            champ,
        )
    situe = (
        f"Le territoire du projet compte un territoire SPIE ({', '.join(territoires_spie)})"
        if territoires_spie
        else "Sur un territoire SPIE"
    )
    if dossier.memes_publics == OuiNon.OUI and dossier.memes_territoires == OuiNon.OUI:
        return Resultat(
            "R08",
            Statut.NON_RESPECTE,
            f"{situe}, le projet ne peut pas porter sur les mêmes publics et les mêmes territoires que "
            "l’expérimentation ou le lauréat du premier AMI : « à condition que le projet ne porte pas sur "
            "les mêmes publics sauf si les territoires sont différents » (AMI, II.A)." + a_verifier,
            source,
            champ,
        )
    manque = []
    if not dossier.memes_publics:
        manque.append("indiquez si le projet porte sur les mêmes publics que le projet existant")
    elif dossier.memes_publics == OuiNon.OUI and not dossier.memes_territoires:
        manque.append("indiquez si le projet couvre les mêmes territoires")
    lettre = d.pieces.get(NaturePiece.ACCORD_SPIE)
    if lettre is None:
        manque.append(
            "joignez la lettre d’accord du porteur de l’expérimentation ou du lauréat du premier AMI"
        )
    if not dossier.articulation.strip():
        manque.append("décrivez l’articulation du projet avec le sien")
    if manque:
        seule_lettre = lettre is None and len(manque) == 1
        return Resultat(
            "R08",
            Statut.A_COMPLETER,
            f"{situe} (AMI, II.A) : {liste_fr(manque)}." + a_verifier,
            source,
            "pieces#accord_spie" if seule_lettre else champ,
        )
    if lettre.en_cours:
        return Resultat(
            "R08",
            Statut.A_COMPLETER,
            "La lettre d’accord du porteur existant est jointe ; son analyse antivirus est en cours : elle ne "
            "comptera que si le fichier est déclaré sain." + a_verifier,
            source,
            "pieces#accord_spie",
            avertissement=True,
        )
    publics = (
        "des publics différents"
        if dossier.memes_publics == OuiNon.NON
        else "les mêmes publics sur des territoires différents"
    )
    return Resultat(
        "R08",
        Statut.RESPECTE,
        f"Territoire SPIE : lettre d’accord du porteur existant jointe, {publics}, articulation décrite."
        + a_verifier,
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
