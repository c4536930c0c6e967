"""How complete each section of the dossier is: what the side menu and the dépôt show.

A field counts as filled only when its value is valid (a telephone number in the French format,
an e-mail address that is one). Read from the same snapshot as the rules, no query of its own.

Each control returns what is missing: a field's name (of ``Dossier``, or of ``ReponseAxe`` for the axes),
or a ``Manque`` already worded. ``completude`` turns a field's name into its label — the field's
``verbose_name`` (annexe 7, word for word: ``ami/libelles.py``), the question for an axe — and a link to
the field, so that a field added to a section is listed by its label without a word here.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from ami import libelles as L
from candidatures.donnees import DonneesDossier
from candidatures.models import Dossier, Perimetre, Public, ReponseAxe, Section
from candidatures.rules import METHODOLOGIE, questions_sans_reponse
from candidatures.rules.axes import constats_public
from candidatures.rules.engagements import engagements_manquants
from core.validators import courriel_valide, telephone_valide
from pieces.models import NaturePiece, cle
from pieces.rules import lettres_cd_manquantes


@dataclass(frozen=True)
class Manque:
    """A missing answer as the candidat reads it: its label and the field it links to (« section#ancre »,
    ``recevabilite.lien_champ``; the section alone when there is no field)."""

    libelle: str
    champ: str = ""

    def __str__(self):
        return self.libelle


@dataclass(frozen=True)
class EtatSection:
    section: str
    libelle: str
    manques: tuple[Manque, ...]

    @property
    def complete(self) -> bool:
        return not self.manques

    @property
    def liens(self) -> list[tuple[Manque, str]]:
        """(missing answer, its link) for the dépôt page; the link is reversed here, when shown."""
        from candidatures.recevabilite import lien_champ

        return [(m, lien_champ(self.dossier_pk, m.champ or self.section)) for m in self.manques]

    dossier_pk: int = 0


# Where a field sits in its page when its input's id (``id_<name>``) is not the place to go to: a group
# of radio buttons or of boxes has no input of that id (the section's templates give these ids).
ANCRES = {
    "perimetre": "territoire",
    "departements": "id_departement",
    "publics": "publics",
    "qpv": "qpv-zrr",
    "zrr": "qpv-zrr",
    "engagement_spie": "engagement-spie",
    "indicateurs": "indicateurs",
}
# The wrappers of the axes' questions, of the methodology and of the engagements bear the field's name.
SECTIONS_ANCRE_NOM = {Section.AXE_1, Section.AXE_2, Section.AXE_3, Section.AXE_4, Section.ENGAGEMENTS}


def libelle_champ(nom: str, modele=Dossier, axe: int | None = None) -> str | None:
    """The label of field ``nom`` as its form shows it; ``None`` when ``nom`` is not a field."""
    if axe is not None:
        if nom == "objectifs":
            return L.OBJECTIFS[axe]
        if nom in L.QUESTIONS:
            return L.QUESTIONS[nom]
    try:
        champ = modele._meta.get_field(nom)
    except FieldDoesNotExist:
        return None
    libelle = str(champ.verbose_name)
    return libelle[:1].upper() + libelle[1:]


def manque(section: str, item, modele=Dossier, axe: int | None = None) -> Manque:
    """``item`` (a field's name, a ``Manque`` or a text already worded) as a ``Manque`` of ``section``."""
    if isinstance(item, Manque):
        return item
    libelle = libelle_champ(item, modele, axe)
    if libelle is None:
        return Manque(str(item)[:1].upper() + str(item)[1:], section)
    ancre = ANCRES.get(item, item if section in SECTIONS_ANCRE_NOM else f"id_{item}")
    return Manque(libelle, f"{section}#{ancre}")


def _interlocuteur(dossier, n: int, obligatoire: bool) -> list[Manque]:
    champs = {c: f"interlocuteur{n}_{c}" for c in ("nom", "fonction", "telephone", "courriel")}
    valeurs = {c: getattr(dossier, nom).strip() for c, nom in champs.items()}
    if not obligatoire and not any(valeurs.values()):
        return []
    manquants = [c for c in ("nom", "fonction") if not valeurs[c]]
    if not telephone_valide(valeurs["telephone"]):
        manquants.append("telephone")
    if not courriel_valide(valeurs["courriel"]):
        manquants.append("courriel")
    return [
        Manque(f"Interlocuteur {n} — {libelle_champ(champs[c])}", f"{Section.CHEF_DE_FILE}#id_{champs[c]}")
        for c in manquants
    ]


def chef_de_file(d: DonneesDossier) -> list:
    dossier = d.dossier
    manques = [nom for nom in ("nom_chef_de_file", "adresse") if not getattr(dossier, nom).strip()]
    for n in (1, 2, 3):
        manques += _interlocuteur(dossier, n, obligatoire=n == 1)
    return manques


def consortium(d: DonneesDossier) -> list:
    if not d.membres:
        return [Manque("Aucun membre du consortium", Section.CONSORTIUM)]
    manques = []
    for rang, membre in enumerate(d.membres, 1):
        if not membre.structure.strip() or not membre.interlocuteur.strip():
            manques.append(Manque(f"Membre {rang} : structure ou interlocuteur référent", Section.CONSORTIUM))
        elif not membre.nature:
            manques.append(Manque(f"Membre {rang} : {L.MEMBRE_STATUT.lower()}", Section.CONSORTIUM))
        elif not telephone_valide(membre.telephone) or not courriel_valide(membre.courriel):
            manques.append(Manque(f"Membre {rang} : numéro de téléphone ou adresse mail", Section.CONSORTIUM))
    return manques


def territoire(d: DonneesDossier) -> list:
    dossier = d.dossier
    manques = []
    if not dossier.perimetre:
        manques.append("perimetre")
    if not d.departements:
        manques.append("departements")
    if dossier.perimetre == Perimetre.BASSINS and not dossier.bassins.strip():
        manques.append("bassins")
    if dossier.perimetre == Perimetre.BASSINS and not dossier.pertinence_territoire.strip():
        manques.append("pertinence_territoire")  # FAQ « en quoi le territoire proposé est pertinent » (R07)
    if not dossier.publics:
        manques.append("publics")
    if Public.AUTRES in dossier.publics and not dossier.publics_autres.strip():
        manques.append("publics_autres")
    manques += [nom for nom in ("qpv", "zrr") if not getattr(dossier, nom)]
    if not dossier.engagement_spie:
        manques.append("engagement_spie")
    if dossier.cas_exceptionnel and not dossier.cas_exceptionnel_justification.strip():
        manques.append("cas_exceptionnel_justification")
    return manques


def axe(numero: int):
    def manques(d: DonneesDossier) -> list:
        sans = questions_sans_reponse(d, numero)
        # the public's figures as R06 reads them: a % or « donnée non disponible » with its reason
        return sans + [c.champ for c in constats_public(d.axes.get(numero)) if c.manque]

    manques.modele, manques.axe = ReponseAxe, numero
    return manques


def axe_4(d: DonneesDossier) -> list:
    return [nom for nom in METHODOLOGIE if not getattr(d.dossier, nom).strip()]


def engagements(d: DonneesDossier) -> list:
    return engagements_manquants(d.dossier)  # R16's: boxes, proposals, participation, personne relais


def budget(d: DonneesDossier) -> list:
    manques = []
    if not d.budget.depenses:
        manques.append(Manque("Lignes de dépenses", f"{Section.BUDGET}#depenses"))
    if not d.budget.financements:
        manques.append(Manque("Plan de financement", f"{Section.BUDGET}#financements"))
    incompletes = [ligne for ligne in d.budget.depenses if not ligne.nature or not ligne.montant]
    if incompletes:
        manques.append(
            Manque(
                f"{len(incompletes)} ligne(s) de dépense sans nature ou sans montant",
                f"{Section.BUDGET}#depenses",
            )
        )
    if any(not ligne.type or not ligne.montant for ligne in d.budget.financements):
        manques.append(
            Manque("Ligne(s) de financement sans type ou sans montant", f"{Section.BUDGET}#financements")
        )
    return manques


def pieces(d: DonneesDossier) -> list:
    manques = []
    if NaturePiece.LETTRE_POLE_EMPLOI not in d.pieces:
        manques.append(Manque(str(NaturePiece.LETTRE_POLE_EMPLOI.label), Section.PIECES))
    # The CD letters R01 and R07 ask for (one per département whose CD is not the porteur, none under an
    # admitted R02) and an annex within the call's maximum (R18): the rules' judgement (pieces.rules).
    for code in lettres_cd_manquantes(d):
        libelle = f"{NaturePiece.LETTRE_CD.label} ({d.noms_departements.get(code, code)})"
        manques.append(Manque(libelle, f"{Section.PIECES}#{cle(NaturePiece.LETTRE_CD, code)}"))
    annexe = d.pieces.get(NaturePiece.ANNEXE)
    if annexe is not None and annexe.pages and annexe.pages > d.appel.annexe_pages_max:
        libelle = f"{NaturePiece.ANNEXE.label} : {d.appel.annexe_pages_max} pages au maximum"
        manques.append(Manque(libelle, f"{Section.PIECES}#{NaturePiece.ANNEXE}"))
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
    etats = []
    for section in Section:
        controle = CONTROLES[section]
        modele, axe_ = getattr(controle, "modele", Dossier), getattr(controle, "axe", None)
        manques = tuple(manque(section.value, item, modele, axe_) for item in controle(d))
        etats.append(EtatSection(section.value, section.label, manques, d.dossier.pk))
    return etats


def pourcentage_complet(etats: list[EtatSection]) -> int:
    return round(100 * sum(e.complete for e in etats) / len(etats))
