"""Demo data for the instruction queue: forty more porteurs over thirteen régions (``demo.porteurs``),
each with a candidat account and a complete dossier, deposited through ``candidatures.depot.deposer`` on a
day of the last seven weeks, then moved along its lifecycle (``candidatures.cycle``) by the instructeur,
with the other events of its instruction (scores, avis: ``demo.evaluations``) in the order of their dates:
each through its service, in the state the dossier was in that day.

Deterministic (seeded), idempotent: a porteur is found by its SIRET, its dossier by its intitulé, and a
dossier that exists is left as it is. No e-mail: the dépôt's receipts are dropped (``sans_courriels``).
"""

import datetime
import functools
import hashlib
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ami.models import ExclusionR08
from budget.models import LigneFinancement
from budget.natures import ModaliteFinancement, StatutFinancement, TypeFinancement
from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.depot import deposer
from candidatures.models import Dossier, EngagementSpie, Etat, OuiNon, Perimetre, Public, ReponseAxe
from comptes.models import Organisation, Role, TypeOrganisation, User
from consortium.models import Membre, StatutMembre, TypeMembre
from core.format import en_euros, pourcentage, taux
from demo import porteurs as D
from demo.exemples import ajouter_budget, pdf, remplir_axes, remplir_chef_de_file, remplir_projet
from instruction.constats import declarer
from instruction.forms import Constat, constat_automatique
from pieces import analyse
from pieces.models import NaturePiece, Piece
from pieces.rules import departements_lettre_cd
from territoires.models import Departement

A = cycle.Action
SEMENCE = 2021
JOURS = 49  # deposits over the last seven weeks, never today
# How many dossiers end in each state; the oldest deposits are, roughly, the furthest along.
REPARTITION = [
    (Etat.PROPOSE, 2),
    (Etat.RECEVABLE, 10),
    (Etat.IRRECEVABLE, 3),
    (Etat.COMPLEMENTS, 3),
    (Etat.EN_INSTRUCTION, 12),
    (Etat.DEPOSE, 10),
]
ALLER_RETOUR = [A.DEMANDER_COMPLEMENTS, A.TRANSMETTRE_COMPLEMENTS]  # after PRENDRE, for some dossiers
AUTRES_PUBLICS = [Public.JEUNES, Public.HANDICAP, Public.JUSTICE, Public.REFUGIES]


@dataclass(frozen=True)
class Plan:
    porteur: D.Porteur
    numero: int  # 1 to 40, its line of ``TABLE_PORTEURS``: its account is porteur01@…
    jours: int  # its dépôt, so many days ago
    etat: str
    variante: int  # the how-many-th dossier of this state: which motivation


def planifier() -> list[Plan]:
    """The forty dossiers in the order of their dépôt, each with its day and final state."""
    rng = random.Random(SEMENCE)  # noqa: S311 — demo data, not a secret
    porteurs = list(enumerate(D.porteurs(), start=1))
    rng.shuffle(porteurs)
    jours = sorted(rng.sample(range(1, JOURS + 1), len(porteurs)), reverse=True)
    etats = [etat for etat, nombre in REPARTITION for _ in range(nombre)]
    traites = len(etats) - dict(REPARTITION)[Etat.DEPOSE]  # the latest deposits are not taken yet
    bruit = [rang + rng.uniform(-8, 8) for rang in range(traites)]
    etats[:traites] = [etat for _, etat in sorted(zip(bruit, etats[:traites], strict=True))]
    vus: dict[str, int] = {}
    plans = []
    for (numero, porteur), jour, etat in zip(porteurs, jours, etats, strict=True):
        vus[etat] = vus.get(etat, -1) + 1
        plans.append(Plan(porteur, numero, jour, etat, vus[etat]))
    return plans


@contextmanager
def sans_courriels():
    """The dépôt mails each candidat of the porteur when the transaction commits: not for demo data (the
    demo's terminal would print forty receipts after its summary, a real mail server would send them)."""
    connexion = transaction.get_connection()
    if not connexion.in_atomic_block:
        raise RuntimeError("Les données de démonstration se créent dans une transaction.")
    avant = len(connexion.run_on_commit)
    yield
    del connexion.run_on_commit[avant:]


# A moment and what happens then: an event of a dossier's instruction, done in the order of the dates.
Evenement = tuple[datetime.datetime, Callable[[], object]]
# The dossier's state changes, from its dépôt: (when, which action, to which state).
Etapes = list[tuple[datetime.datetime, str, str]]


def creer_file(
    appel,
    instructeur: User,
    empreinte_mot_de_passe: str,
    animer: Callable[[Dossier, Plan, Etapes], list[Evenement]] | None = None,
) -> None:
    """Create what is missing of the forty porteurs, accounts and dossiers (in the caller's transaction).
    ``animer``: the other events of a new dossier's instruction, given its state changes (scores, avis:
    ``demo.evaluations.animation``)."""
    contenu = pdf()  # one PDF for every letter of engagement
    lettre = (contenu, hashlib.sha256(contenu).hexdigest())
    departements = Departement.objects.in_bulk()
    exclus = set(ExclusionR08.objects.filter(appel=appel).values_list("departement_id", flat=True))
    with sans_courriels():
        for plan in planifier():
            rng = random.Random(f"{SEMENCE}-{plan.numero}")  # noqa: S311 — one per porteur: idempotent
            user, feminin = creer_compte(plan, empreinte_mot_de_passe, rng)
            intitule = rng.choice(D.INTITULES).format(t=plan.porteur.territoire)
            if not Dossier.objects.filter(organisation=user.organisation, intitule=intitule).exists():
                dossier = Dossier.objects.creer(appel, user.organisation, intitule, user)
                remplir(dossier, plan.porteur, user, feminin, rng, departements, exclus)
                consortium(dossier, plan.porteur, rng, departements[plan.porteur.departements[0]])
                ajouter_budget(dossier, rng.randint(6, 28), Decimal(rng.randrange(12, 61) * 1000))
                cofinancer(dossier, rng)
                joindre(dossier, NaturePiece.LETTRE_POLE_EMPLOI, "lettre-engagement-pole-emploi.pdf", lettre)
                for code in lettres_cd_demandees(user.organisation, plan.porteur.departements):
                    nom = f"lettre-engagement-departement-{code}.pdf"
                    joindre(dossier, NaturePiece.LETTRE_CD, nom, lettre, departement=code)
                if exclus.intersection(plan.porteur.departements):  # R08: the existing porteur agrees
                    joindre(dossier, NaturePiece.ACCORD_SPIE, "lettre-accord-porteur-spie.pdf", lettre)
                deposer_et_instruire(dossier, plan, user, instructeur, rng, animer)


def creer_compte(plan: Plan, empreinte_mot_de_passe: str, rng) -> tuple[User, bool]:
    """The porteur (by its SIRET) and its candidat account (by its e-mail), created or updated."""
    porteur = plan.porteur
    organisation, _ = Organisation.objects.update_or_create(
        siret=D.siret(porteur, plan.numero),
        defaults={"nom": porteur.nom, "type": porteur.type, "departement_id": porteur.departements[0]},
    )
    email = f"porteur{plan.numero:02d}@demo.ami-spie.fr"
    user = User.objects.filter(email=email).first() or User(email=email)
    user.first_name, user.last_name, feminin = D.personne(rng)
    user.role, user.organisation, user.password = Role.CANDIDAT, organisation, empreinte_mot_de_passe
    user.save()
    return user, feminin


def deposer_et_instruire(dossier, plan: Plan, user, instructeur, rng, animer=None):
    jour = timezone.localdate() - datetime.timedelta(days=plan.jours)
    depot = a_heure(jour, rng)
    fini = depot - datetime.timedelta(minutes=rng.randint(5, 600))  # written before it was deposited
    Dossier.objects.filter(pk=dossier.pk).update(
        cree_le=depot - datetime.timedelta(days=rng.randint(12, 60)), modifie_le=fini
    )
    Piece.objects.filter(dossier=dossier).update(depose_le=fini)
    resultat = deposer(dossier.pk, user, maintenant=depot)
    if not resultat.depose:
        raise RuntimeError(f"Dépôt de « {dossier.intitule} » refusé : {resultat.motif} {resultat.bloquantes}")
    etapes = instruction_prevue(plan, jour, rng)
    evenements: list[Evenement] = [
        (quand, functools.partial(instruire, dossier.pk, plan, action, quand, instructeur, user))
        for quand, action in etapes
    ]
    if animer is not None:
        parcours = [(depot, A.DEPOSER, Etat.DEPOSE)]
        parcours += [(quand, action, cycle.REGLES[action].vers) for quand, action in etapes]
        evenements += animer(dossier, plan, parcours)
    for _, faire in sorted(evenements, key=lambda evenement: evenement[0]):
        faire()


def a_heure(jour: datetime.date, rng) -> datetime.datetime:
    """A moment of office hours on ``jour``, heure de Paris."""
    return timezone.make_aware(
        datetime.datetime.combine(jour, datetime.time(rng.randint(8, 18), rng.randrange(60)))
    )


def remplir(dossier, porteur, user, feminin, rng, departements, exclus):
    remplir_chef_de_file(dossier)
    remplir_projet(dossier)
    dossier.adresse = f"{rng.randint(1, 120)} {rng.choice(D.RUES)}\n{porteur.code_postal} {porteur.ville}"
    dossier.interlocuteur1_nom = user.get_full_name()
    dossier.interlocuteur1_fonction = rng.choice(D.FONCTIONS)[0 if feminin else 1]
    dossier.interlocuteur1_telephone = D.telephone(departements[porteur.departements[0]], rng)
    dossier.interlocuteur1_courriel = D.courriel(user.first_name, user.last_name)
    relais(dossier, porteur, departements[porteur.departements[0]])
    dossier.publics = [Public.RSA, *rng.sample(AUTRES_PUBLICS, rng.randint(0, 3))]
    dossier.qpv, dossier.zrr = rng.choice(D.ZONES)
    zones = []
    if dossier.qpv == OuiNon.OUI:
        zones.append(f"les quartiers prioritaires de {porteur.ville}")
    if dossier.zrr == OuiNon.OUI:
        zones.append(f"les communes classées en zone de revitalisation rurale ({porteur.territoire})")
    precisions = " et ".join(zones)
    dossier.qpv_zrr_precisions = f"{precisions[:1].upper()}{precisions[1:]}." if zones else ""
    if porteur.type != TypeOrganisation.CONSEIL_DEPARTEMENTAL or len(porteur.departements) > 1:
        dossier.perimetre = Perimetre.BASSINS
        dossier.bassins = f"Bassin de vie et d’emploi : {porteur.territoire}."
        dossier.pertinence_territoire = (
            f"{porteur.territoire} : une échelle où les partenariats sont pertinents en raison de la "
            "proximité pour les personnes et d’actions communes déjà amorcées entre les acteurs de "
            "l’insertion."
        )
    if exclus.intersection(porteur.departements):  # R08: a SPIE territory of the first wave
        dossier.engagement_spie = EngagementSpie.TERRITOIRE
        dossier.memes_publics = OuiNon.NON  # its letter of agreement: ``creer_file``
        dossier.articulation = "Le projet complète l’expérimentation existante, avec l’accord de son porteur."
    dossier.save()
    dossier.departements.add(*porteur.departements)
    remplir_axes(dossier, rng.randint(1, 4))
    reponses = list(ReponseAxe.objects.filter(dossier=dossier))
    base = rng.randrange(400, 5000, 50)
    for reponse in reponses:
        reponse.nombre_personnes = base * (5 - reponse.axe) // 2
        reponse.part_population = Decimal(rng.randrange(150, 650)) / 10
    ReponseAxe.objects.bulk_update(reponses, ["nombre_personnes", "part_population"])


def relais(dossier, porteur, departement):
    """The personne relais of the numeric services (annexe 5) and the services the territory opts in to,
    drawn apart from the demo's sequence (``rng``): the other choices of the demo stay as they were."""
    tirage = random.Random(f"relais {porteur.nom}")  # noqa: S311 — demo data, not a secret
    prenom, nom, feminin = D.personne(tirage)
    dossier.personne_relais_nom = f"{prenom} {nom}"
    dossier.personne_relais_fonction = f"{'Cheffe' if feminin else 'Chef'} de projet insertion"
    dossier.personne_relais_telephone = D.telephone(departement, tirage)
    dossier.personne_relais_courriel = D.courriel(prenom, nom)
    dossier.service_carnet_de_bord = tirage.random() < 0.5
    dossier.service_cartographie = tirage.random() < 0.4
    dossier.service_data_insertion = tirage.random() < 0.6


def consortium(dossier, porteur, rng, departement):
    """Pôle emploi and the CAF, most often an association (else W01), a few others; the CD when it is not
    the porteur."""
    membres = list(D.MEMBRES_SOCLE)
    if rng.random() < 0.85:
        membres += rng.sample(D.MEMBRES_ASSOCIATIONS, rng.randint(1, 3))
    autres = [m for m in D.MEMBRES_AUTRES if not porteur.nom.startswith(m[1].split(" {")[0])]
    membres += rng.sample(autres, rng.randint(1, 6))
    if porteur.type != TypeOrganisation.CONSEIL_DEPARTEMENTAL:
        membres.insert(
            0, (TypeMembre.COLLECTIVITE, "Conseil départemental ({d})", StatutMembre.CONSEIL_DEPARTEMENTAL)
        )
    noms = {"t": porteur.territoire, "d": departement.nom, "v": porteur.ville}
    lignes = []
    for type_, structure, statut in membres:
        prenom, nom, _ = D.personne(rng)
        lignes.append(
            Membre(
                dossier=dossier,
                type=type_,
                structure=structure.format(**noms),
                statut=statut,
                interlocuteur=f"{prenom} {nom}",
                telephone=D.telephone(departement, rng),
                courriel=D.courriel(prenom, nom),
            )
        )
    Membre.objects.bulk_create(lignes)


def cofinancer(dossier, rng):
    """The State's share of ``ajouter_budget`` (80 %) lowered for some, a public cofinancer for others."""
    etat, autofinancement = dossier.financements.order_by("id")
    cout = etat.montant + autofinancement.montant
    etat.montant = min(etat.montant, (cout * rng.choice([80, 80, 75, 70, 60]) / 100).quantize(Decimal("1")))
    autofinancement.montant = cout - etat.montant
    etat.save(update_fields=["montant"])
    if rng.random() < 0.4:
        part = (autofinancement.montant * rng.randrange(30, 70) / 100).quantize(Decimal("1"))
        autofinancement.montant -= part
        financeur = rng.choice(D.COFINANCEURS)
        LigneFinancement.objects.create(
            dossier=dossier,
            type=TypeFinancement.FSE if "FSE" in financeur else TypeFinancement.COFINANCEMENT_PUBLIC,
            financeur=financeur,
            montant=part,
            statut=rng.choice([StatutFinancement.ACQUIS, StatutFinancement.DEMANDE]),
            modalite=ModaliteFinancement.NUMERAIRE,
        )
    autofinancement.save(update_fields=["montant"])


def lettres_cd_demandees(organisation, departements) -> list[str]:
    """One CD letter per département of the territory whose CD is not the porteur (R01, R07)."""
    return departements_lettre_cd(
        departements, organisation.est_conseil_departemental, organisation.departement_id
    )


def joindre(dossier, nature, nom, lettre, departement=None):
    contenu, empreinte = lettre
    piece = Piece(dossier=dossier, nature=nature, nom=nom, taille=len(contenu), pages=1, empreinte=empreinte)
    piece.departement_id = departement
    piece.depose_par = dossier.cree_par
    piece.fichier.save(nom, ContentFile(contenu), save=False)
    piece.save()
    analyse.analyser(piece.pk)  # the demo's antivirus is « aucun »: the pièce is « non analysée »


def instruction_prevue(plan: Plan, jour_depot: datetime.date, rng) -> list[tuple[datetime.datetime, str]]:
    """The instructeur's actions leading the dossier to its state, on later days (never today)."""
    actions = cycle.chemin(plan.etat)
    if plan.etat in (Etat.EN_INSTRUCTION, Etat.RECEVABLE) and rng.random() < 0.3:
        actions[1:1] = ALLER_RETOUR
    jours = sorted(rng.sample(range(1, plan.jours), len(actions)))
    return [
        (a_heure(jour_depot + datetime.timedelta(days=jour), rng), action)
        for action, jour in zip(actions, jours, strict=True)
    ]


def instruire(pk, plan: Plan, action: str, quand: datetime.datetime, instructeur, candidat) -> None:
    """One state change of the dossier, ``quand``, through ``candidatures.cycle`` (the recevabilité:
    ``instruction.constats.declarer``)."""
    demande, reponse = D.COMPLEMENTS[plan.variante % len(D.COMPLEMENTS)]
    with transaction.atomic():
        dossier = Dossier.objects.verrouiller(pk)
        motif, donnees = "", None
        if action == A.DEMANDER_COMPLEMENTS:
            motif = demande
        elif action == A.TRANSMETTRE_COMPLEMENTS:
            motif = reponse
        elif action == A.DECLARER_IRRECEVABLE:
            regle, constat, motif = D.IRRECEVABILITES[plan.variante % len(D.IRRECEVABILITES)]
            donnees = constats(dossier, regle, constat)
        elif action in (A.DECLARER_RECEVABLE, A.PROPOSER):
            modeles = D.RECEVABILITES if action == A.DECLARER_RECEVABLE else D.PROPOSITIONS
            motif = modeles[plan.variante % len(modeles)].format(**chiffres(dossier, plan.porteur))
            donnees = constats(dossier) if action == A.DECLARER_RECEVABLE else None
        par = candidat if action == A.TRANSMETTRE_COMPLEMENTS else instructeur
        if action in cycle.RECEVABILITE:
            declarer(dossier, action, par, motif, donnees, maintenant=quand)
        else:
            cycle.effectuer(dossier, action, par, motif=motif, maintenant=quand)


def constats(dossier, regle: str = "", motif: str = "") -> dict:
    """What the recevabilité form records: the automated checklist, ``regle`` judged non conforme."""
    return {
        ligne.regle: {
            "automatique": str(ligne.statut),
            "constat": Constat.NON_CONFORME if ligne.regle == regle else constat_automatique(ligne),
            "motif": motif if ligne.regle == regle else "",
        }
        for ligne in bilan(dossier).recevabilite.lignes
    }


def chiffres(dossier, porteur) -> dict:
    cout, subvention = dossier.cout_global, dossier.subvention_demandee
    return {
        "t": porteur.territoire,
        "membres": dossier.membres.count(),
        "cout": en_euros(cout),
        "subvention": en_euros(subvention),
        "taux": pourcentage(taux(cout - subvention, cout).quantize(Decimal("1"))),
    }
