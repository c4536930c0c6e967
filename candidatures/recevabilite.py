"""The one place that runs every recevabilité rule (R01–R18, W01–W02) on a dossier.

The checklist, the dépôt, and later the instruction and the exports all call ``evaluer``.
``charger`` reads a dossier's data with a fixed number of queries, whatever its size.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from budget import rules as budget_rules
from budget.chiffres import Budget, Depense, Financement
from candidatures import rules as dossier_rules
from candidatures.donnees import DonneesDossier
from consortium import rules as consortium_rules
from core.format import en_euros, pourcentage
from core.resultats import Resultat, Statut
from pieces import rules as pieces_rules


def _budget(regle):
    def appliquer(d: DonneesDossier) -> Resultat:
        return regle(d.budget, d.appel)

    appliquer.__name__ = regle.__name__
    appliquer.__doc__ = regle.__doc__
    return appliquer


REGLES = [
    pieces_rules.r01_porteur_et_conseil_departemental,
    dossier_rules.r02_cas_exceptionnel,
    pieces_rules.r03_lettre_pole_emploi,
    consortium_rules.r04_consortium_elargi,
    dossier_rules.r05_publics,
    dossier_rules.r06_nombre_significatif,
    dossier_rules.r07_territoire,
    dossier_rules.r08_premier_ami,
    dossier_rules.r09_questions_repondues,
    dossier_rules.r10_objectifs_par_axe,
    *(_budget(regle) for regle in budget_rules.REGLES_BUDGET),
    dossier_rules.r16_engagements,
    dossier_rules.r17_date_limite,
    pieces_rules.r18_annexe_10_pages,
    consortium_rules.w01_associations,
    dossier_rules.w02_qpv_zrr,
]

# Budget rules name the part of the budget, not the page.
ANCRES_BUDGET = {
    "budget": "budget#depenses",
    "depenses": "budget#depenses",
    "financements": "budget#financements",
}

LIBELLES = {
    "R01": "Porteur : conseil départemental, ou lettre d’engagement du conseil départemental",
    "R02": "Cas exceptionnel sans lettre du conseil départemental",
    "R03": "Lettre d’engagement de Pôle emploi",
    "R04": "Consortium au-delà du conseil départemental et de Pôle emploi",
    "R05": "Publics : a minima les allocataires du RSA",
    "R06": "Nombre significatif de personnes, par axe",
    "R07": "Territoire : département ou bassins de vie et d’emploi",
    "R08": "Premier AMI et expérimentations SPIE",
    "R09": "Réponse à chaque question des 4 axes",
    "R10": "Objectifs quantitatifs et qualitatifs par axe",
    "R11": "Budget équilibré",
    "R12": "Subvention de l’État : {part_etat_max} et {subvention_etat_max} au maximum",
    "R13": "Cofinancement : {cofinancement_min} au minimum",
    "R14": "Frais généraux et de mission : {frais_generaux_max} au maximum",
    "R15": "Dépenses éligibles",
    "R16": "Engagement et propositions du consortium, participation des personnes, personne relais",
    "R17": "Date limite de dépôt",
    "R18": "Pièce jointe facultative : {annexe_pages_max} pages au maximum",
    "W01": "Associations dans le consortium",
    "W02": "Quartiers prioritaires (QPV) et zones de revitalisation rurale (ZRR)",
}


def libelle(regle: str, appel) -> str:
    """The rule's title, with the figures of ``appel`` (the call's parameters, never the 2021 values)."""
    return LIBELLES[regle].format(
        part_etat_max=pourcentage(appel.part_etat_max),
        subvention_etat_max=en_euros(appel.subvention_etat_max),
        cofinancement_min=pourcentage(appel.cofinancement_min),
        frais_generaux_max=pourcentage(appel.frais_generaux_max),
        annexe_pages_max=appel.annexe_pages_max,
    )


@dataclass(frozen=True)
class Ligne:
    """A rule's result as the checklist shows it: its title and the link to the field to fix."""

    resultat: Resultat
    libelle: str
    dossier_pk: int

    @cached_property
    def lien(self) -> str:
        """Reversed when shown only: an autosave's answer shows the lines that changed."""
        return lien_champ(self.dossier_pk, self.resultat.champ)

    @property
    def section(self) -> str:
        """The section of the field to fix (« depot », « budget »…; empty when none): a section's page
        shows its own rules in full, the others' in one line (``partials/recevabilite.html``)."""
        return ANCRES_BUDGET.get(self.resultat.champ, self.resultat.champ).partition("#")[0]

    def __getattr__(self, nom):
        return getattr(self.resultat, nom)


@dataclass(frozen=True)
class Recevabilite:
    lignes: tuple[Ligne, ...]

    @cached_property
    def bloquantes(self) -> list[Ligne]:
        return [ligne for ligne in self.lignes if ligne.resultat.bloquant]

    @cached_property
    def avertissements(self) -> list[Ligne]:
        return [
            ligne
            for ligne in self.lignes
            if ligne.resultat.avertissement and ligne.resultat.statut != Statut.RESPECTE
        ]

    @property
    def recevable(self) -> bool:
        return not self.bloquantes

    @property
    def respectees(self) -> int:
        return sum(ligne.resultat.statut == Statut.RESPECTE for ligne in self.lignes)

    def resultat(self, regle: str) -> Resultat:
        return next(ligne.resultat for ligne in self.lignes if ligne.resultat.regle == regle)


def lien_champ(dossier_pk: int, champ: str) -> str:
    champ = ANCRES_BUDGET.get(champ, champ)
    section, _, ancre = champ.partition("#")
    if not section:
        return ""
    if section == "depot":
        return reverse("candidatures:depot", args=[dossier_pk])
    url = reverse("candidatures:section", args=[dossier_pk, section])
    return f"{url}#{ancre}" if ancre else url


def charger(dossier, maintenant=None) -> DonneesDossier:
    """The snapshot the rules read. Queries: axes, indicateurs, départements, membres, dépenses,
    financements, pièces, exclusions — 8, whatever the number of rows (appel and organisation are
    expected select_related on ``dossier``)."""
    from ami.models import ExclusionR08
    from candidatures.models import Indicateur

    axes = {
        reponse.axe: reponse
        for reponse in dossier.axes.all().prefetch_related(
            Prefetch("indicateurs", queryset=Indicateur.objects.order_by("id"))
        )
    }
    organisation = dossier.organisation
    departements = dict(dossier.departements.order_by("code").values_list("code", "nom"))
    return DonneesDossier(
        dossier=dossier,
        appel=dossier.appel,
        # A deposited dossier is judged as it was at its dépôt (R17 « avant la date limite »), not today.
        maintenant=maintenant or dossier.depose_le or timezone.now(),
        porteur_type=organisation.type,
        porteur_siret=organisation.siret,
        porteur_departement=organisation.departement_id or "",
        departements=tuple(departements),
        noms_departements=departements,
        axes=axes,
        indicateurs_par_axe={axe: tuple(reponse.indicateurs.all()) for axe, reponse in axes.items()},
        membres=tuple(dossier.membres.all()),
        budget=Budget(
            # Plain values, no model instance: the budget has the most rows of the dossier.
            depenses=tuple(
                Depense(groupe, nature, montant or Decimal("0"), objet, deja_financee, action)
                for groupe, nature, montant, objet, deja_financee, action in dossier.depenses.order_by(
                    "id"
                ).values_list("groupe", "nature", "montant", "objet", "deja_financee_etat", "numero_action")
            ),
            financements=tuple(
                Financement(type_, montant or Decimal("0"), financeur, statut, modalite)
                for type_, montant, financeur, statut, modalite in dossier.financements.order_by(
                    "id"
                ).values_list("type", "montant", "financeur", "statut", "modalite")
            ),
        ),
        # Infected or refused pièces are absent (pieces.rules); pending ones count, flagged; a replacement
        # counts once accepted, the pièce it replaces until then.
        pieces={
            piece.cle: piece for piece in dossier.pieces.all() if piece.retenue and piece.remplace_id is None
        },
        exclusions=tuple(ExclusionR08.objects.filter(appel_id=dossier.appel_id)),
    )


def evaluer(dossier=None, *, donnees: DonneesDossier | None = None, maintenant=None) -> Recevabilite:
    donnees = donnees or charger(dossier, maintenant)
    pk = donnees.dossier.pk
    lignes = []
    for regle in REGLES:
        resultat = regle(donnees)
        lignes.append(Ligne(resultat, libelle(resultat.regle, donnees.appel), pk))
    return Recevabilite(tuple(lignes))
