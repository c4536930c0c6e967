"""``evaluer`` and ``charger``: the complete snapshot respects every rule, in order; on stored
dossiers, the whole chain (CALPAE, système d'information, exclusions, annex) and a constant number
of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami.models import ExclusionR08, NatureExclusion
from budget.models import LigneFinancement as LigneFinancementModele
from budget.natures import NatureDepense, TypeFinancement
from candidatures.models import Dossier
from candidatures.recevabilite import REGLES, charger, evaluer
from comptes.models import TypeOrganisation
from core.resultats import Statut
from demo.exemples import dossier_complet, joindre
from pieces.models import NaturePiece
from tests.factories import AppelFactory, DepartementFactory, OrganisationFactory, UserFactory
from tests.instantanes import (
    CD,
    NBSP,
    ORDRE,
    SECONDE,
    donnees,
    verifier,
)

# --- The complete snapshot respects every rule (the baseline every other test departs from) --------


@pytest.mark.parametrize("regle", REGLES, ids=lambda regle: regle.__name__)
def test_instantane_complet_respecte_chaque_regle(regle):
    resultat = regle(donnees())
    verifier(resultat, resultat.regle, Statut.RESPECTE, bloquant=False)


def test_evaluer_sur_un_instantane_sans_base():
    recevabilite = evaluer(donnees=donnees())
    assert [ligne.regle for ligne in recevabilite.lignes] == ORDRE
    assert recevabilite.recevable
    assert recevabilite.respectees == 20
    assert recevabilite.avertissements == []


# --- With the database: evaluer and charger on a stored dossier --------------------------------------


@pytest.fixture
def fichiers(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def creer_dossier(type_porteur=CD, appel_=None, **complet):
    organisation = OrganisationFactory(type=type_porteur)
    user = UserFactory(organisation=organisation)
    nouveau = Dossier.objects.create(
        appel=appel_ or AppelFactory(), organisation=organisation, intitule="SPIE du Nord 2022-2024"
    )
    dossier_complet(nouveau, user=user, **complet)
    return Dossier.objects.select_related("appel", "organisation").get(pk=nouveau.pk)


def avant_la_limite(d):
    return d.appel.date_limite - datetime.timedelta(days=1)


@pytest.mark.django_db
@pytest.mark.parametrize("type_porteur", [CD, TypeOrganisation.ASSOCIATION])
def test_dossier_complet_recevable(fichiers, type_porteur):
    d = creer_dossier(type_porteur)
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.lignes] == ORDRE
    assert [ligne.statut for ligne in recevabilite.lignes] == [Statut.RESPECTE] * 20, [
        (ligne.regle, ligne.message) for ligne in recevabilite.lignes if ligne.statut != Statut.RESPECTE
    ]
    assert recevabilite.recevable
    assert recevabilite.bloquantes == []
    assert recevabilite.avertissements == []
    assert recevabilite.respectees == 20
    assert recevabilite.resultat("R01").statut == Statut.RESPECTE
    assert all(ligne.libelle for ligne in recevabilite.lignes)


@pytest.mark.django_db
def test_dossier_complet_apres_la_date_limite_non_recevable(fichiers):
    d = creer_dossier()
    recevabilite = evaluer(d, maintenant=d.appel.date_limite + SECONDE)
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R17"]
    assert not recevabilite.recevable
    assert recevabilite.bloquantes[0].lien == reverse("candidatures:depot", args=[d.pk])


@pytest.mark.django_db
def test_calpae_refuse_comme_cofinancement(fichiers):
    d = creer_dossier()
    # 8 lines of 50 000 € : 400 000 €, the State 320 000 €, the porteur 80 000 €. Replace 20 000 € of the
    # State's subsidy by CALPAE credits: the budget stays balanced and the cofinancement is still 20 %.
    etat = d.financements.get(type=TypeFinancement.SUBVENTION_ETAT)
    etat.montant -= Decimal("20000")
    etat.save()
    LigneFinancementModele.objects.create(
        dossier=d, type=TypeFinancement.DISPOSITIF_ETAT, financeur="CALPAE", montant=Decimal("20000")
    )
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R13"]
    r13 = recevabilite.resultat("R13")
    assert r13.statut == Statut.NON_RESPECTE
    assert "CALPAE" in r13.message
    assert f"20{NBSP}000{NBSP}€ à retirer" in r13.message
    assert "demande au moins" not in r13.message
    assert recevabilite.resultat("R11").statut == Statut.RESPECTE
    assert not recevabilite.recevable


@pytest.mark.django_db
def test_systeme_d_information_refuse(fichiers):
    d = creer_dossier()
    ligne = d.depenses.order_by("id").first()
    ligne.nature = NatureDepense.SYSTEME_INFORMATION
    ligne.save()
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R15"]
    r15 = recevabilite.resultat("R15")
    assert r15.statut == Statut.NON_RESPECTE
    assert (
        f"1 ligne(s) de dépense non éligible(s), pour 50{NBSP}000{NBSP}€ (« Action 1 ») : "
        "Système d'information." in r15.message
    )
    assert not recevabilite.recevable


@pytest.mark.django_db
def test_r08_exclusions_chargees_de_l_appel_du_dossier(fichiers):
    d = creer_dossier()
    autre_appel = AppelFactory()
    nord = DepartementFactory()
    ExclusionR08.objects.create(
        appel=autre_appel, nature=NatureExclusion.LAUREAT_AMI1, nom="Autre appel", siret=d.organisation.siret
    )
    assert evaluer(d, maintenant=avant_la_limite(d)).resultat("R08").statut == Statut.RESPECTE

    ExclusionR08.objects.create(
        appel=d.appel, nature=NatureExclusion.EXPERIMENTATION, nom="Expérimentation du Nord", departement=nord
    )
    r08 = evaluer(d, maintenant=avant_la_limite(d)).resultat("R08")
    assert r08.statut == Statut.A_COMPLETER
    assert "Expérimentation du Nord" in r08.message

    d.memes_publics = "non"
    d.articulation = "Un autre public que celui de l’expérimentation : les jeunes de l’ASE."
    d.save()
    assert "joignez la lettre d’accord" in evaluer(d, maintenant=avant_la_limite(d)).resultat("R08").message
    joindre(d, NaturePiece.ACCORD_SPIE, nom="accord.pdf")  # R08: the existing porteur's letter, a pièce
    assert evaluer(d, maintenant=avant_la_limite(d)).resultat("R08").statut == Statut.RESPECTE

    ExclusionR08.objects.create(
        appel=d.appel, nature=NatureExclusion.LAUREAT_AMI1, nom=d.organisation.nom, siret=d.organisation.siret
    )
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert recevabilite.resultat("R08").statut == Statut.NON_RESPECTE
    assert d.organisation.nom in recevabilite.resultat("R08").message
    assert not recevabilite.recevable


@pytest.mark.django_db
def test_annexe_stockee_11_pages(fichiers):
    # An 11-page annex is refused at its upload (issue 16, point 1): R18 judges one joined before the
    # call's maximum was lowered.
    d = creer_dossier()
    d.appel.annexe_pages_max = 20
    d.appel.save(update_fields=["annexe_pages_max"])
    joindre(d, NaturePiece.ANNEXE, pages=11, nom="annexe.pdf")  # accepted under a 20-page maximum
    d.appel.annexe_pages_max = 10
    d.appel.save(update_fields=["annexe_pages_max"])
    recevabilite = evaluer(d, maintenant=avant_la_limite(d))
    assert [ligne.regle for ligne in recevabilite.bloquantes] == ["R18"]
    assert "11 pages" in recevabilite.resultat("R18").message


@pytest.mark.django_db
def test_charger_nombre_de_requetes_constant(fichiers):
    appel_ = AppelFactory()
    petit = creer_dossier(appel_=appel_)
    grand = creer_dossier(appel_=appel_, membres=30, lignes=80)
    for d in (petit, grand):
        joindre(d, NaturePiece.ANNEXE, pages=3, nom="annexe.pdf")
        for reponse_axe in d.axes.all():
            for n in range(4):
                reponse_axe.indicateurs.create(libelle=f"Indicateur supplémentaire {n}")
    ExclusionR08.objects.create(
        appel=appel_, nature=NatureExclusion.LAUREAT_AMI1, nom="Lauréat", siret="1" * 14
    )

    requetes = []
    instantanes = []
    for d in (petit, grand):
        d = Dossier.objects.select_related("appel", "organisation").get(pk=d.pk)
        with CaptureQueriesContext(connection) as capture:
            instantanes.append(charger(d, maintenant=avant_la_limite(d)))
        requetes.append(len(capture))

    petit_instantane, grand_instantane = instantanes
    assert (len(petit_instantane.membres), len(petit_instantane.budget.depenses)) == (4, 8)
    assert (len(grand_instantane.membres), len(grand_instantane.budget.depenses)) == (30, 80)
    assert set(grand_instantane.pieces) == {NaturePiece.LETTRE_POLE_EMPLOI, NaturePiece.ANNEXE}
    assert len(grand_instantane.exclusions) == 1
    assert grand_instantane.departements == ("59",)
    assert [len(grand_instantane.indicateurs(axe)) for axe in (1, 2, 3)] == [6, 6, 6]
    assert requetes[0] == requetes[1]
    # Axes, their indicators (prefetch), départements, membres, dépenses, financements, pièces, exclusions.
    assert requetes[0] <= 8

    # The rules themselves never query: evaluer on a snapshot runs no query.
    with CaptureQueriesContext(connection) as capture:
        recevabilite = evaluer(donnees=grand_instantane)
    assert len(capture) == 0
    assert [ligne.regle for ligne in recevabilite.lignes] == ORDRE
