"""A demo porteur's complete dossier, filled through the same forms and rows as a candidat's: the
chef de file, the territory, the consortium with its personne relais, the axes, the budget with its
cofinancements, the engagement letters (``demo.instruction`` deposits and instructs it)."""

import random
from decimal import Decimal

from django.core.files.base import ContentFile

from budget.models import LigneFinancement
from budget.natures import ModaliteFinancement, StatutFinancement, TypeFinancement
from candidatures.models import (
    EngagementSpie,
    OuiNon,
    Perimetre,
    Public,
    ReponseAxe,
)
from comptes.models import TypeOrganisation
from consortium.models import Membre, StatutMembre, TypeMembre
from core.format import en_euros, pourcentage, taux
from demo import porteurs as D
from demo.exemples import remplir_axes, remplir_chef_de_file, remplir_projet
from pieces import analyse
from pieces.models import Piece
from pieces.rules import departements_lettre_cd

AUTRES_PUBLICS = [Public.JEUNES, Public.HANDICAP, Public.JUSTICE, Public.REFUGIES]


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


def chiffres(dossier, porteur) -> dict:
    cout, subvention = dossier.cout_global, dossier.subvention_demandee
    return {
        "t": porteur.territoire,
        "membres": dossier.membres.count(),
        "cout": en_euros(cout),
        "subvention": en_euros(subvention),
        "taux": pourcentage(taux(cout - subvention, cout).quantize(Decimal("1"))),
    }
