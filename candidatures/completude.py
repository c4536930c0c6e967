"""How complete each section of the dossier is: what the side menu and the dépôt show.

A field counts as filled only when its value is valid (a telephone number in the French format,
an e-mail address that is one). Read from the same snapshot as the rules, no query of its own.
"""

from dataclasses import dataclass

from ami import libelles as L
from candidatures.donnees import DonneesDossier
from candidatures.models import Perimetre, Public, Section
from candidatures.rules import ENGAGEMENTS, METHODOLOGIE, questions_sans_reponse
from core.validators import courriel_valide, telephone_valide
from pieces.models import NaturePiece


@dataclass(frozen=True)
class EtatSection:
    section: str
    libelle: str
    manques: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.manques


def _interlocuteur(dossier, n: int, obligatoire: bool) -> list[str]:
    nom, fonction, telephone, courriel = (
        getattr(dossier, f"interlocuteur{n}_{c}").strip()
        for c in ("nom", "fonction", "telephone", "courriel")
    )
    if not obligatoire and not any((nom, fonction, telephone, courriel)):
        return []
    manques = [libelle for libelle, valeur in ((L.NOM_PRENOM, nom), (L.FONCTION, fonction)) if not valeur]
    if not telephone_valide(telephone):
        manques.append(L.TELEPHONE)
    if not courriel_valide(courriel):
        manques.append(L.COURRIEL)
    return [f"interlocuteur {n} : {m.lower()}" for m in manques]


def chef_de_file(d: DonneesDossier) -> list[str]:
    dossier = d.dossier
    manques = [
        m
        for m, v in ((L.NOM_CHEF_DE_FILE, dossier.nom_chef_de_file), (L.ADRESSE, dossier.adresse))
        if not v.strip()
    ]
    for n in (1, 2, 3):
        manques += _interlocuteur(dossier, n, obligatoire=n == 1)
    return manques


def consortium(d: DonneesDossier) -> list[str]:
    if not d.membres:
        return ["aucun membre"]
    manques = []
    for rang, membre in enumerate(d.membres, 1):
        if not membre.structure.strip() or not membre.interlocuteur.strip():
            manques.append(f"membre {rang} : structure ou interlocuteur")
        elif not telephone_valide(membre.telephone) or not courriel_valide(membre.courriel):
            manques.append(f"membre {rang} : coordonnées")
    return manques


def territoire(d: DonneesDossier) -> list[str]:
    dossier = d.dossier
    manques = []
    if not dossier.perimetre:
        manques.append("territoire concerné")
    if not d.departements:
        manques.append("département(s)")
    if dossier.perimetre == Perimetre.BASSINS and not dossier.bassins.strip():
        manques.append("bassins de vie et d’emploi")
    if not dossier.publics:
        manques.append("publics concernés")
    if Public.AUTRES in dossier.publics and not dossier.publics_autres.strip():
        manques.append("autres publics")
    if not dossier.qpv or not dossier.zrr:
        manques.append("QPV / ZRR")
    if not dossier.engagement_spie:
        manques.append("situation au regard de la démarche SPIE")
    if dossier.cas_exceptionnel and not dossier.cas_exceptionnel_justification.strip():
        manques.append("justification du cas exceptionnel")
    return manques


def axe(numero: int):
    def manques(d: DonneesDossier) -> list[str]:
        sans = questions_sans_reponse(d, numero)
        reponse = d.axes.get(numero)
        if not reponse or not reponse.nombre_personnes:
            sans.append("nombre de personnes")
        if not reponse or reponse.part_population is None:
            sans.append("% de la population")
        return sans

    return manques


def axe_4(d: DonneesDossier) -> list[str]:
    return [nom for nom in METHODOLOGIE if not getattr(d.dossier, nom).strip()]


def engagements(d: DonneesDossier) -> list[str]:
    return [nom for nom in ENGAGEMENTS if not getattr(d.dossier, nom)]


def budget(d: DonneesDossier) -> list[str]:
    manques = []
    if not d.budget.depenses:
        manques.append("lignes de dépenses")
    if not d.budget.financements:
        manques.append("plan de financement")
    incompletes = [ligne for ligne in d.budget.depenses if not ligne.nature or not ligne.montant]
    if incompletes:
        manques.append(f"{len(incompletes)} ligne(s) de dépense sans nature ou sans coût")
    if any(not ligne.type or not ligne.montant for ligne in d.budget.financements):
        manques.append("ligne(s) de financement sans type ou sans montant")
    return manques


def pieces(d: DonneesDossier) -> list[str]:
    manques = []
    if NaturePiece.LETTRE_POLE_EMPLOI not in d.pieces:
        manques.append("lettre d’engagement de Pôle emploi")
    if not d.porteur_est_cd and not d.dossier.cas_exceptionnel and NaturePiece.LETTRE_CD not in d.pieces:
        manques.append("lettre d’engagement du conseil départemental")
    return manques


CONTROLES = {
    Section.CHEF_DE_FILE: chef_de_file,
    Section.CONSORTIUM: consortium,
    Section.TERRITOIRE: territoire,
    Section.AXE_1: axe(1),
    Section.AXE_2: axe(2),
    Section.AXE_3: axe(3),
    Section.AXE_4: axe_4,
    Section.ENGAGEMENTS: engagements,
    Section.BUDGET: budget,
    Section.PIECES: pieces,
}


def completude(d: DonneesDossier) -> list[EtatSection]:
    return [EtatSection(section.value, section.label, tuple(CONTROLES[section](d))) for section in Section]


def pourcentage_complet(etats: list[EtatSection]) -> int:
    return round(100 * sum(e.complete for e in etats) / len(etats))
