"""Who sees what, per user: the one answer the portal gives everywhere (pages, PDF, exports, API,
dashboard). What a user may *do* to a dossier is ``candidatures.cycle`` (``cycle.refus``); which pages
he reaches is ``comptes.permissions.PAGES``; what he may *read* is here.

Call it once per request or task, then ask::

    from candidatures.politique import politique

    p = politique(request.user)
    p.dossiers()                  # the dossiers he may read (``Dossier.objects.for_user`` is this)
    p.dossiers(queryset)          #   … narrowing a Dossier queryset of yours
    p.departements()              # QuerySet[Departement] whose dossiers he reads
    p.voit_departement("59")      # a code or a Departement; cached on the user for the request
    p.territorial                 # an agent territorial: his territory only (queue, map, API « moi »)
    p.instruit                    # he does the instruction's actions (the page's « Instruction » panel)
    p.voit_notes_nationales       # the score columns and sections exist for him (not for an agent)
    p.acces_notes                 # AccesNotes: TOUJOURS, APRES_SA_NOTE (blind scoring), JAMAIS;
                                  #   the per-dossier rule and its SQL: ``instruction.visibilite_notes``
    p.evenements_visibles         # frozenset of ``cycle.Action``: the history's steps he sees
    p.version_pdf                 # "candidat", "instruction" or "territoire" (``exports.pdf``)
    p.etat_visible(dossier.etat)  # the state he reads (a porteur never reads « Proposé »)
    p.libelle_etat(dossier.etat)  #   … its label
    p.peut_gerer_brouillon(d)     # rename / delete a draft: a member of its porteur

The rules (rules.md, « Who uses the portal »): a porteur reads its organisation's dossiers, drafts
included, and of their history the state changes but the internal proposal — a « Proposé » dossier reads
« Recevable » to him, its last step he sees (``etat_visible``); its members rename or delete its drafts;
the State reads deposited dossiers only — national instructeurs and administrateurs every département, an
agent territorial those of his service (a DDETS its département, a DREETS, a commissaire or a préfecture
de région every département of its région), the whole history but the instructeurs' evaluations, never a
score.
"""

import enum
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from candidatures.cycle import EVENEMENTS, INSTRUCTEURS, Action
from comptes.models import Role
from territoires.models import Departement


class AccesNotes(enum.Enum):
    """When a user sees the scores of a dossier (« notation à l'aveugle »)."""

    TOUJOURS = "toujours"
    APRES_SA_NOTE = "après sa propre évaluation"
    JAMAIS = "jamais"


NATIONAUX = frozenset({Role.INSTRUCTEUR, Role.ADMINISTRATEUR})
ACCES_NOTES = {Role.ADMINISTRATEUR: AccesNotes.TOUJOURS, Role.INSTRUCTEUR: AccesNotes.APRES_SA_NOTE}
# The porteur: the state changes but the internal proposal to the committee; an agent: everything but
# the instructeurs' evaluations; the others (the national team): everything.
EVENEMENTS_VISIBLES = {
    Role.CANDIDAT: frozenset(set(Action) - {Action.PROPOSER} - EVENEMENTS),
    Role.AGENT: frozenset(set(Action) - {Action.NOTER}),
}
TOUS_LES_EVENEMENTS = frozenset(Action)
# The states a porteur reads otherwise: the internal proposal to the committee (« Proposé ») reads as the
# state before it, the last step of the history he sees (« Dossier déclaré recevable »).
ETATS_LUS_PAR = {Role.CANDIDAT: {"propose": "recevable"}}
# The PDF of a dossier: the porteur's (the dossier alone), the instruction's (everything the dossier page
# shows the national team), the services déconcentrés' (avis, decisions, history, never the scores).
PDF_CANDIDAT, PDF_INSTRUCTION, PDF_TERRITOIRE = "candidat", "instruction", "territoire"
VERSIONS_PDF = {
    Role.INSTRUCTEUR: PDF_INSTRUCTION,
    Role.ADMINISTRATEUR: PDF_INSTRUCTION,
    Role.AGENT: PDF_TERRITOIRE,
}


@dataclass(frozen=True)
class Politique:
    user: object

    @property
    def _role(self):
        return getattr(self.user, "role", None)

    @property
    def _actif(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)

    @property
    def territorial(self) -> bool:
        return self._role == Role.AGENT

    @property
    def instruit(self) -> bool:
        return self._role in INSTRUCTEURS

    @property
    def acces_notes(self) -> AccesNotes:
        return ACCES_NOTES.get(self._role, AccesNotes.JAMAIS)

    @property
    def voit_notes_nationales(self) -> bool:
        return self.acces_notes is not AccesNotes.JAMAIS

    @property
    def voit_appels_en_brouillon(self) -> bool:
        """The calls not published yet are the administrateurs' (``candidatures.appels.appels_pour``)."""
        return self._actif and self._role == Role.ADMINISTRATEUR

    @property
    def evenements_visibles(self) -> frozenset:
        return EVENEMENTS_VISIBLES.get(self._role, TOUS_LES_EVENEMENTS)

    @property
    def version_pdf(self) -> str:
        return VERSIONS_PDF.get(self._role, PDF_CANDIDAT)

    def etat_visible(self, etat: str) -> str:
        """The state (a ``candidatures.models.Etat`` value) this user reads for ``etat``: the badges, the
        overview, the récépissé, his list of dossiers, the PDF."""
        return ETATS_LUS_PAR.get(self._role, {}).get(etat, etat)

    def libelle_etat(self, etat: str) -> str:
        from candidatures.models import Etat

        return Etat(self.etat_visible(etat)).label

    def peut_gerer_brouillon(self, dossier) -> bool:
        """Rename or delete a draft: a member of its porteur (``cycle.refus`` says the same of the
        lifecycle's actions: the porteur's members only, their organisation's dossiers only)."""
        from candidatures.models import Etat

        return (
            self._actif
            and self._role == Role.CANDIDAT
            and bool(self.user.organisation_id)
            and self.user.organisation_id == dossier.organisation_id
            and dossier.etat == Etat.BROUILLON
        )

    def departements(self) -> QuerySet[Departement]:
        """The départements whose dossiers the user reads as a territorial or national agent."""
        if not self._actif:
            return Departement.objects.none()
        if self._role in NATIONAUX:
            return Departement.objects.all()
        if self._role == Role.AGENT and self.user.service_territorial_id:
            service = self.user.service_territorial
            if service.departement_id:
                return Departement.objects.filter(code=service.departement_id)
            return Departement.objects.filter(region_id=service.region_id)
        return Departement.objects.none()

    def voit_departement(self, departement) -> bool:
        """« May this user see a dossier of this département? » — a code or a Departement."""
        code = getattr(departement, "code", departement)
        return code in self._codes()

    def _codes(self) -> frozenset:
        # Once per request: the user object lives as long as the request.
        codes = self.user.__dict__.get("_codes_departements_visibles")
        if codes is None:
            codes = frozenset(self.departements().values_list("code", flat=True))
            self.user.__dict__["_codes_departements_visibles"] = codes
        return codes

    def dossiers(self, queryset=None):
        """The dossiers the user may read, within ``queryset`` (every dossier by default): a porteur its
        organisation's; the State deposited ones of the départements it oversees."""
        from candidatures.models import Dossier, Etat

        dossiers = Dossier.objects.all() if queryset is None else queryset
        if not self._actif:
            return dossiers.none()
        if self._role == Role.CANDIDAT:
            if not self.user.organisation_id:  # his request to join one pending or refused: nothing
                return dossiers.none()
            return dossiers.filter(organisation_id=self.user.organisation_id)
        deposes = dossiers.exclude(etat=Etat.BROUILLON)
        if self._role in NATIONAUX:
            return deposes
        if self._role == Role.AGENT:
            # A dossier over two départements is seen by the agents of both (EXISTS: no duplicate).
            lien = Dossier.departements.through.objects.filter(
                dossier_id=OuterRef("pk"), departement__in=self.departements()
            )
            return deposes.filter(Exists(lien))
        return dossiers.none()


def politique(user) -> Politique:
    """What ``user`` may read (see the module's docstring)."""
    return Politique(user)
