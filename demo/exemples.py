"""Example dossiers: a complete one ready to deposit, an incomplete one. Used by the demo command,
the benchmarks and the tests — one definition of « a complete dossier »."""

from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from pypdf import PdfWriter

from ami import libelles as L
from budget.models import LigneDepense, LigneFinancement
from budget.natures import (
    GroupeDepense,
    ModaliteFinancement,
    NatureDepense,
    StatutFinancement,
    TypeFinancement,
)
from candidatures.models import Dossier, EngagementSpie, Indicateur, OuiNon, Perimetre, Public, ReponseAxe
from consortium.models import Membre, StatutMembre, TypeMembre
from pieces import analyse
from pieces.models import NaturePiece, Piece
from pieces.rules import departements_lettre_cd

TEXTE = (
    "Le consortium s’appuie sur les instances de coordination existantes du département et associe "
    "les personnes accompagnées à chaque étape."
)


def pdf(pages: int = 1) -> bytes:
    """A valid PDF of ``pages`` blank pages."""
    ecrivain = PdfWriter()
    for _ in range(pages):
        ecrivain.add_blank_page(width=595, height=842)
    tampon = BytesIO()
    ecrivain.write(tampon)
    return tampon.getvalue()


def joindre(
    dossier, nature: str, pages: int = 1, nom: str = "lettre.pdf", user=None, departement=None
) -> Piece:
    contenu = pdf(pages)
    piece = Piece(dossier=dossier, nature=nature, nom=nom, taille=len(contenu), pages=pages, depose_par=user)
    piece.departement_id = departement  # the CD letter's (pieces.models.PAR_DEPARTEMENT)
    piece.empreinte = "0" * 64
    piece.fichier.save(nom, ContentFile(contenu), save=False)
    piece.save()
    analyse.analyser(piece.pk)  # scanned like an upload (the antivirus of the settings), here at once
    piece.refresh_from_db()
    return piece


def remplir_chef_de_file(dossier):
    dossier.nom_chef_de_file = dossier.organisation.nom
    dossier.adresse = "51 rue Gustave Delory\n59047 Lille Cedex"
    dossier.interlocuteur1_nom = "Camille Martin"
    dossier.interlocuteur1_fonction = "Directrice de l’insertion"
    dossier.interlocuteur1_telephone = "03 20 63 59 59"
    dossier.interlocuteur1_courriel = "camille.martin@exemple.fr"


def remplir_projet(dossier):
    dossier.perimetre = Perimetre.DEPARTEMENT
    dossier.publics = [Public.RSA, Public.JEUNES, Public.HANDICAP]
    dossier.qpv, dossier.zrr = OuiNon.OUI, OuiNon.NON
    dossier.qpv_zrr_precisions = "Les quartiers prioritaires de Roubaix, Tourcoing et Lille-Sud."
    dossier.engagement_spie = EngagementSpie.AUCUN
    dossier.methodologie_equipe = "Une équipe d’animation de trois personnes, dont une cheffe de projet."
    dossier.methodologie_implication = "Un comité d’usagers associé à la conception et à l’évaluation."
    dossier.methodologie_dynamique = "Participation aux séminaires nationaux et aux travaux de l’annexe 6."
    for nom in L.ENGAGEMENTS:
        setattr(dossier, nom, True)
    dossier.engagement_propositions = (
        "Un comité technique mensuel réunit les membres du consortium : il tient le répertoire commun de "
        "l’offre d’accompagnement, répartit les prescriptions et partage les données des parcours."
    )
    dossier.participation_personnes = (
        "Chaque personne construit son parcours avec son référent, le signe et participe à ses bilans ; "
        "un panel de personnes accompagnées évalue le dispositif chaque semestre."
    )
    dossier.personne_relais_nom = "Nadia Benali"
    dossier.personne_relais_fonction = "Cheffe de projet insertion"
    dossier.personne_relais_telephone = "03 20 63 59 70"
    dossier.personne_relais_courriel = "nadia.benali@exemple.fr"
    dossier.service_carnet_de_bord = True


def remplir_axes(dossier, indicateurs_par_axe: int = 2):
    for axe in (1, 2, 3):
        reponse, _ = ReponseAxe.objects.get_or_create(dossier=dossier, axe=axe)
        for nom in ("objectifs", "actions", "public", "changements", "methodes", "calendrier"):
            setattr(reponse, nom, f"Axe {axe} — {TEXTE}")
        if axe == 2:
            reponse.organisation_suivi = reponse.organisation_remise = TEXTE
        if axe == 3:
            reponse.offre_visibilite = reponse.offre_commune = TEXTE
        reponse.nombre_personnes = 1500 * axe
        reponse.part_population = Decimal("35.5")
        reponse.save()
        Indicateur.objects.bulk_create(
            Indicateur(
                reponse=reponse, type="resultats", libelle=f"Indicateur {n} de l’axe {axe}", cible="80 %"
            )
            for n in range(1, indicateurs_par_axe + 1)
        )


def ajouter_membres(dossier, nombre: int = 4):
    types = [
        (TypeMembre.POLE_EMPLOI, StatutMembre.POLE_EMPLOI),
        (TypeMembre.ASSOCIATION, StatutMembre.ASSOCIATION),
        (TypeMembre.OPERATEUR, StatutMembre.ETABLISSEMENT_PUBLIC),
        (TypeMembre.ETAT, StatutMembre.ETAT),
    ]
    Membre.objects.bulk_create(
        Membre(
            dossier=dossier,
            type=types[n % len(types)][0],
            statut=types[n % len(types)][1],
            structure=f"Structure {n + 1}",
            interlocuteur=f"Référent {n + 1}",
            telephone="03 20 12 34 56",
            courriel=f"referent{n + 1}@exemple.fr",
        )
        for n in range(nombre)
    )


def ajouter_budget(dossier, lignes: int = 8, montant_ligne: Decimal = Decimal("50000")):
    """``lignes`` expense lines of ``montant_ligne`` over the four groups, the last ones frais généraux
    (10 %), financed 80 % by the State (within 500 000 €) and the rest by autofinancement."""
    groupes = list(GroupeDepense.values)
    depenses = []
    for n in range(lignes):
        frais = n % 10 == 9
        depenses.append(
            LigneDepense(
                dossier=dossier,
                groupe=groupes[n % 4],
                nature=NatureDepense.FRAIS_GENERAUX if frais else NatureDepense.EQUIPE_ANIMATION,
                frais_generaux=frais,  # what the nature says (the database checks it)
                deja_financee_etat=OuiNon.NON,
                objet=f"Action {n + 1}",
                unite="mois",
                nombre_unites=Decimal("10"),
                cout_unitaire=montant_ligne / 10,
                date_periode="2022-2024",
                montant=montant_ligne,
            )
        )
    LigneDepense.objects.bulk_create(depenses)
    cout = montant_ligne * lignes
    etat = min(cout * Decimal("0.8"), Decimal("500000"))
    LigneFinancement.objects.bulk_create(
        [
            LigneFinancement(
                dossier=dossier,
                type=TypeFinancement.SUBVENTION_ETAT,
                financeur="État (AMI SPIE)",
                montant=etat,
            ),
            LigneFinancement(
                dossier=dossier,
                type=TypeFinancement.AUTOFINANCEMENT,
                financeur=dossier.organisation.nom,
                montant=cout - etat,
                statut=StatutFinancement.ACQUIS,
                modalite=ModaliteFinancement.NUMERAIRE,
            ),
        ]
    )


def dossier_complet(
    dossier: Dossier,
    *,
    membres: int = 4,
    lignes: int = 8,
    montant_ligne: Decimal = Decimal("50000"),
    user=None,
    lettres: bool = True,
) -> Dossier:
    """Fill every section so that the dossier passes every blocking rule (if the call is open); its budget
    ``lignes`` expense lines of ``montant_ligne``; ``lettres=False``: the letters are the caller's."""
    remplir_chef_de_file(dossier)
    remplir_projet(dossier)
    dossier.save()
    if dossier.organisation.departement_id:
        dossier.departements.add(dossier.organisation.departement_id)
    remplir_axes(dossier)
    ajouter_membres(dossier, membres)
    ajouter_budget(dossier, lignes, montant_ligne)
    if not lettres:
        return dossier
    joindre(dossier, NaturePiece.LETTRE_POLE_EMPLOI, nom="lettre-pole-emploi.pdf", user=user)
    joindre_lettres_cd(dossier, user=user)
    return dossier


def joindre_lettres_cd(dossier: Dossier, user=None) -> None:
    """The CD letters the territory asks for (``pieces.rules.departements_lettre_cd``: one per département
    whose CD is not the porteur), those not joined yet."""
    organisation = dossier.organisation
    codes = list(dossier.departements.values_list("code", flat=True))
    deja = set(dossier.pieces.filter(nature=NaturePiece.LETTRE_CD).values_list("departement_id", flat=True))
    est_cd = organisation.est_conseil_departemental
    for code in departements_lettre_cd(codes, est_cd, organisation.departement_id):
        if code not in deja:
            nom = f"lettre-conseil-departemental-{code}.pdf"
            joindre(dossier, NaturePiece.LETTRE_CD, nom=nom, user=user, departement=code)


def dossier_incomplet(dossier: Dossier) -> Dossier:
    """Chef de file and part of the project filled; no budget, no letter: what a draft looks like."""
    remplir_chef_de_file(dossier)
    dossier.interlocuteur1_telephone = "03 20 63"  # typed, not finished: kept, flagged next to the field
    dossier.perimetre = Perimetre.BASSINS
    dossier.publics = [Public.RSA]
    dossier.save()
    ajouter_membres(dossier, 2)
    return dossier
