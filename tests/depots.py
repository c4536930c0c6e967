"""The one builder of dossiers in any état, through the real services: a complete dossier deposited by
the real dépôt (``candidatures.depot.deposer``: numbered, its amounts frozen, its pièces on disk and
scanned), then taken along the lifecycle by ``candidatures.cycle`` and the instruction's services as an
instructeur, each step recorded in its history. Nothing here writes a dossier's ``etat`` or a
``Transition`` row.

- ``deposer_dossier(candidat, …)``: a deposited dossier (the candidat's porteur, or a new one of a given
  type and départements; a date of dépôt; a subvention);
- ``amener(dossier, etat, instructeur, dates=…)``: along ``CHEMINS[etat]``, each action at its date;
- ``dossier_a_l_etat(etat, …)``: both at once, a new candidat and instructeur when none is given;
- ``dossiers_a_l_etat(nombre, etat, …)``: a list of them, one candidat's, deposited an hour apart;
- ``instruire(…)``: the full instruction of a dossier (scores through the scoring form, an avis asked
  and given, recevable with a finding); ``noter``, ``donner_avis``: its steps.

Pièces go to ``PRIVATE_MEDIA_ROOT``: the ``appel_ouvert`` fixture puts it in ``tmp_path``. A dépôt's
date must fall while the call is open (``appel_ouvert`` opens it until a month from today)."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from candidatures import complements, cycle
from candidatures.cycle import Action
from candidatures.depot import deposer
from candidatures.models import Dossier, Etat
from comptes.models import TypeOrganisation
from demo.exemples import dossier_complet, joindre_lettres_cd
from instruction import avis, notation
from instruction.constats import declarer
from instruction.models import SensAvis
from tests.factories import DepartementFactory, DossierFactory, OrganisationFactory, UserFactory

# The actions that take a dossier from « déposé » to each état, in order (``cycle.chemin``).
CHEMINS = {etat: cycle.chemin(etat) for etat in Etat if etat != Etat.BROUILLON}
MOTIFS = {
    Action.DEMANDER_COMPLEMENTS: "Merci de préciser la place des associations dans le consortium.",
    Action.DECLARER_RECEVABLE: "Dossier complet et conforme.",
    Action.DECLARER_IRRECEVABLE: "La lettre d’engagement de Pôle emploi manque.",
    Action.PROPOSER: "Projet solide, consortium large.",
    Action.DECIDER_LAUREAT: "Retenu par le comité de sélection.",
    Action.DECIDER_NON_RETENU: "Non retenu par le comité de sélection.",
    Action.RETIRER: "Le consortium présentera un projet commun l’an prochain.",
}
DEBUT = datetime.datetime(2021, 9, 1, 9, 0, tzinfo=datetime.UTC)  # the dépôts in bulk, an hour apart
_heures = itertools.count()
LIGNES = 8  # expense lines of a dossier of a given subvention (dossier_complet's budget: 80 % by the State)


def deposer_dossier(
    candidat=None,
    *,
    organisation=None,
    type=TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    departements=None,
    le=None,
    subvention=None,
    publics=None,
    intitule=None,
    regles=(),
    preparer=None,
    appel=None,
    **complet,
) -> Dossier:
    """A complete dossier deposited by ``candidat`` (a new candidat of ``organisation``, or of a new
    porteur of ``type`` in ``departements[0]``, when none is given) at ``le`` (now by default).

    ``departements``: the dossier's (the porteur's first); ``subvention``: the State's, 80 % of the cost;
    ``publics``: the publics targeted (the RSA's allocataires among them, or R05 blocks the dépôt);
    ``regles``: the blocking rules the dossier misses *after* its dépôt, as a re-evaluation of the call
    leaves them (``Dossier.regles_bloquantes``: a dépôt is refused while one is missed); ``complet``:
    ``dossier_complet``'s ``membres``, ``lignes``; ``preparer(dossier)``: what the candidat changes
    before depositing (tests/charges_xss.py: every text a payload); ``appel``: its call (the default
    call, ``Appel.objects.courant``, when none is given)."""
    if candidat is None:
        if organisation is None:
            code = (departements or ("59",))[0]
            organisation = OrganisationFactory(type=type, departement=DepartementFactory(code=code))
        candidat = UserFactory(organisation=organisation)
    champs = {"intitule": intitule} if intitule else {}
    if appel is not None:
        champs["appel"] = appel
    dossier = DossierFactory(
        organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat, **champs
    )
    if subvention is not None:
        complet.setdefault("lignes", LIGNES)
        complet["montant_ligne"] = Decimal(subvention) * Decimal("1.25") / complet["lignes"]
    dossier_complet(dossier, user=candidat, **complet)
    if departements:
        dossier.departements.add(*departements)
        # R01, R07: the letter of each CD of the territory that is not the porteur (FAQ « l’accord des
        # deux départements »)
        joindre_lettres_cd(dossier, user=candidat)
    if publics is not None:
        dossier.publics = list(publics)
        dossier.save(update_fields=["publics"])
    if preparer is not None:
        preparer(dossier)
    resultat = deposer(dossier.pk, candidat, maintenant=le)
    assert resultat.depose and resultat.nouveau, (resultat.motif, resultat.bloquantes)
    dossier = resultat.dossier
    if regles:
        Dossier.objects.filter(pk=dossier.pk).update(regles_bloquantes=list(regles))
        dossier.regles_bloquantes = list(regles)
    return dossier


def amener(dossier, etat, instructeur, *, dates=(), proposition="laureat", constats=None) -> Dossier:
    """Take the deposited ``dossier`` to ``etat`` along ``CHEMINS[etat]``, every action by
    ``instructeur`` with its motivation, each at the matching date of ``dates`` (now when none is
    given; a demande de compléments is always dated now). ``constats``: the instructeur's findings,
    rule by rule, at the recevabilité (``{"R13": {"constat": "conforme", "motif": …}}``)."""
    actions = CHEMINS[etat]
    dates = list(dates) or [None] * len(actions)
    assert len(dates) == len(actions), (etat, dates)
    for action, date in zip(actions, dates, strict=True):
        if action == Action.DEMANDER_COMPLEMENTS:
            limite = timezone.localdate() + datetime.timedelta(days=15)
            complements.demander(dossier, instructeur, ["chef_de_file"], limite, MOTIFS[action])
            continue
        if action in cycle.RECEVABILITE:
            declarer(dossier, action, instructeur, MOTIFS[action], constats or {}, maintenant=date)
            continue
        donnees = None
        if action == Action.PROPOSER:
            donnees = {"proposition": proposition}
        # The porteur's own actions (the withdrawal) are done by whoever deposited it.
        par = dossier.depose_par if cycle.REGLES[action].roles == cycle.CANDIDATS else instructeur
        cycle.effectuer(dossier, action, par, MOTIFS.get(action, ""), donnees, maintenant=date)
    return dossier


def dossier_a_l_etat(
    etat=Etat.DEPOSE, *, instructeur=None, apres=(), proposition="laureat", constats=None, **depot
) -> Dossier:
    """A dossier deposited (``deposer_dossier``'s arguments) then taken to ``etat`` by ``instructeur``
    (a new one when none is given), each action at the matching date of ``apres`` (``amener``)."""
    dossier = deposer_dossier(**depot)
    if CHEMINS[etat]:
        instructeur = instructeur or UserFactory(instructeur=True)
        amener(dossier, etat, instructeur, dates=apres, proposition=proposition, constats=constats)
    return dossier


def noter(dossier, instructeur, valeur) -> None:
    """``instructeur``'s evaluation of ``dossier`` through the scoring form: every criterion at
    ``valeur`` (within its maximum)."""
    criteres = list(dossier.appel.criteres.all())
    donnees = {f"note_{c.pk}": min(valeur, c.note_max) for c in criteres}
    donnees.update(commentaire=f"Consortium large, budget cohérent ({valeur} sur chaque critère).", version=0)
    form = notation.EvaluationForm(donnees, criteres=criteres)
    assert form.is_valid(), form.errors
    evaluation, refus = notation.enregistrer(dossier, instructeur, form)
    assert evaluation, refus


def donner_avis(dossier, instructeur, agent, sens=SensAvis.RESERVES) -> None:
    """An avis requested from ``agent``'s service by ``instructeur``, and given."""
    limite = timezone.localdate() + datetime.timedelta(days=15)
    avis.demander(
        dossier, instructeur, [agent.service_territorial], limite, "Merci de votre avis sous quinze jours."
    )
    avis.donner(dossier, agent, sens, "Projet solide ; la place des associations reste à préciser.")


def instruire(dossier, instructeurs, agent, notes=(4, 3), recevable=True):
    """``dossier`` taken in instruction, scored by each of ``instructeurs`` (every criterion at the
    matching value of ``notes``), an avis requested from ``agent``'s service and given, then declared
    recevable (one rule judged apart from the automated check, motivated). The dossier, read again."""
    premier = instructeurs[0]
    cycle.effectuer(dossier, Action.PRENDRE, premier)
    for instructeur, valeur in zip(instructeurs, notes, strict=False):
        noter(dossier, instructeur, valeur)
    donner_avis(dossier, premier, agent)
    if recevable:
        constats = {
            "R13": {
                "constat": "conforme",
                "motif": "Cofinancement confirmé par la délibération du 1er juillet.",
            }
        }
        declarer(dossier, Action.DECLARER_RECEVABLE, premier, MOTIFS[Action.DECLARER_RECEVABLE], constats)
    return Dossier.objects.select_related("appel", "organisation", "depose_par").get(pk=dossier.pk)


def dossiers_a_l_etat(nombre=1, etat=Etat.DEPOSE, *, organisation=None, departements=("59",), **depot):
    """``nombre`` dossiers of one candidat (of ``organisation``, or of a new porteur in
    ``departements[0]``), deposited one hour apart from 1 September 2021, 9:00 UTC, oldest first, each
    taken to ``etat`` a minute per step after its dépôt (``dossier_a_l_etat``)."""
    if organisation is None:
        organisation = OrganisationFactory(departement=DepartementFactory(code=departements[0]))
    candidat = UserFactory(organisation=organisation)
    instructeur = UserFactory(instructeur=True) if CHEMINS[etat] else None
    dossiers = []
    for _ in range(nombre):
        le = DEBUT + datetime.timedelta(hours=next(_heures))
        apres = [le + datetime.timedelta(minutes=k + 1) for k in range(len(CHEMINS[etat]))]
        dossiers.append(
            dossier_a_l_etat(
                etat,
                candidat=candidat,
                instructeur=instructeur,
                le=le,
                apres=apres,
                departements=departements,
                **depot,
            )
        )
    return dossiers
