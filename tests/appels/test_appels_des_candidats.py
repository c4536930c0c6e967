"""Several calls on one portal (issue 19), the candidats and the figures: « Mes dossiers » by call, a
dossier started from another call's, each call's home page, and every figure (rules, budget, pièces,
home page, decision mail) from the dossier's own call."""

import datetime

import pytest
from django.urls import reverse

from ami.models import EtatAppel
from candidatures.depot import deposer
from candidatures.models import Dossier
from tests.depots import DEBUT, deposer_dossier
from tests.factories import AppelFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_un_candidat_ne_cree_pas_de_dossier_dans_un_brouillon(client, candidat, vague2):
    brouillon = AppelFactory(etat=EtatAppel.BROUILLON, date_limite_depot=datetime.date(2099, 1, 1))
    client.force_login(candidat)
    reponse = client.post(
        reverse("candidatures:creer"), {"appel": brouillon.pk, "intitule": "Essai"}, follow=True
    )
    assert "Cet appel n’existe pas" in reponse.content.decode()
    assert not Dossier.objects.filter(appel=brouillon).exists()


def test_mes_dossiers_groupes_par_appel(client, candidat, vague2, vague3):
    DossierFactory(organisation=candidat.organisation, appel=vague2, intitule="Dossier de la vague 2")
    DossierFactory(organisation=candidat.organisation, appel=vague3, intitule="Dossier de la vague 3")
    client.force_login(candidat)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    v3, v2 = (page.index(f'<h2 id="appel-{appel.pk}-titre"') for appel in (vague3, vague2))
    assert v3 < page.index("Dossier de la vague 3") < v2 < page.index("Dossier de la vague 2")


def test_repartir_d_un_dossier_d_un_appel_precedent(client, candidat, vague2):
    from budget.models import LigneDepense
    from candidatures.models import Etat, Indicateur
    from pieces.models import Piece

    ancien = deposer_dossier(candidat, departements=("59", "62"), le=DEBUT, appel=vague2)
    assert ancien.membres.exists() and ancien.axes.exists() and ancien.pieces.exists()
    assert LigneDepense.objects.filter(dossier=ancien).exists() and ancien.engagement_coherence
    vague3 = AppelFactory(
        nom_court="Vague 3",
        date_ouverture=datetime.date(2022, 1, 1),
        date_limite_depot=datetime.date(2099, 1, 1),
    )
    client.force_login(candidat)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert (
        f'<option value="{ancien.pk}">{ancien.intitule} (AMI SPIE — vague 2, {ancien.numero})</option>'
        in page
    )
    reponse = client.post(
        reverse("candidatures:creer"),
        {"appel": vague3.pk, "intitule": "SPIE vague 3", "depuis": ancien.pk},
        follow=True,
    )
    assert "est créé à partir de « " in reponse.content.decode()
    nouveau = Dossier.objects.get(intitule="SPIE vague 3")
    assert (nouveau.appel, nouveau.etat, nouveau.numero) == (vague3, Etat.BROUILLON, None)
    assert (nouveau.nom_chef_de_file, nouveau.adresse, nouveau.publics) == (
        ancien.nom_chef_de_file,
        ancien.adresse,
        ancien.publics,
    )
    assert set(nouveau.departements.values_list("code", flat=True)) == {"59", "62"}
    champs = ("type", "structure", "interlocuteur", "courriel")
    assert list(nouveau.membres.values_list(*champs)) == list(ancien.membres.values_list(*champs))
    assert list(nouveau.axes.values_list("axe", "objectifs")) == list(
        ancien.axes.values_list("axe", "objectifs")
    )
    assert Indicateur.objects.filter(reponse__dossier=nouveau).count() == (
        Indicateur.objects.filter(reponse__dossier=ancien).count()
    )
    # never the pièces, the budget, the state, the engagements' boxes
    assert not Piece.objects.filter(dossier=nouveau).exists()
    assert not LigneDepense.objects.filter(dossier=nouveau).exists()
    assert not nouveau.engagement_coherence
    # the earlier dossier is untouched
    ancien.refresh_from_db()
    assert ancien.etat == Etat.DEPOSE and ancien.membres.count() == nouveau.membres.count()
    # another porteur's dossier is not a choice
    autre = deposer_dossier(UserFactory(), le=DEBUT, appel=vague2)
    reponse = client.post(
        reverse("candidatures:creer"), {"appel": vague3.pk, "intitule": "Intrus", "depuis": autre.pk}
    )
    assert reponse.status_code == 422 and not Dossier.objects.filter(intitule="Intrus").exists()


def test_les_regles_d_un_dossier_lisent_les_parametres_de_son_appel(candidat, vague2):
    """The same budget (80 % État, 20 % cofinancement) deposits in vague 2 and not in a call at 70 / 30."""
    from tests.depots import dossier_complet

    vague3 = AppelFactory(
        nom_court="Vague 3",
        date_limite_depot=datetime.date(2099, 1, 1),
        part_etat_max=70,
        cofinancement_min=30,
    )
    bloquantes = {}
    for appel in (vague2, vague3):
        dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, appel=appel)
        dossier_complet(dossier, user=candidat)
        bloquantes[appel.nom_court] = deposer(dossier.pk, candidat, maintenant=DEBUT).bloquantes
    assert not any(r.startswith(("R12", "R13")) for r in bloquantes["AMI SPIE — vague 2"])
    assert "R12 — Subvention de l’État : 70\xa0% et 500\xa0000\xa0€ au maximum" in bloquantes["Vague 3"]
    assert "R13 — Cofinancement : 30\xa0% au minimum" in bloquantes["Vague 3"]


# Vague 2's figures as the portal writes them (no-break spaces, or none in the annexe's wording); the
# dossier's own texts may hold a plain « 80 % » (an indicator's target).
AUTRES_CHIFFRES = (
    "80\u00a0%",
    "80%",
    "500\u00a0000",
    "500 000",
    "20\u00a0%",
    "20%",
    "15\u00a0%",
    "15%",
    "10 pages",
)


def _sans_les_chiffres_de_l_autre_appel(texte: str, ou: str) -> None:
    trouves = [c for c in AUTRES_CHIFFRES if c in texte]
    for chiffre in trouves:
        i = texte.index(chiffre)
        print(ou, repr(texte[max(0, i - 200) : i + 60]))
    assert not trouves, (ou, trouves)


def test_chaque_chiffre_vient_de_l_appel_du_dossier(client, candidat, vague2):
    """A call at 70 % / 30 % / 12 % / 300 000 € / 8 pages: its dossier's pages show none of vague 2's."""
    from demo.exemples import dossier_complet

    autre = AppelFactory(
        nom_court="Vague 3",
        date_ouverture=datetime.date(2022, 1, 1),
        date_limite_depot=datetime.date(2099, 1, 1),
        part_etat_max=70,
        cofinancement_min=30,
        frais_generaux_max=12,
        subvention_etat_max=300000,
        annexe_pages_max=8,
    )
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat, appel=autre), user=candidat
    )
    from budget.models import LigneFinancement, TypeFinancement

    # its own figures apart from both calls': 65 % by the State, 35 % cofinanced (of 400 000 €)
    LigneFinancement.objects.filter(dossier=dossier, type=TypeFinancement.SUBVENTION_ETAT).update(
        montant=260000
    )
    LigneFinancement.objects.filter(dossier=dossier, type=TypeFinancement.AUTOFINANCEMENT).update(
        montant=140000
    )
    client.force_login(candidat)
    for section in ("budget", "apercu", "depot", "pieces"):
        url = (
            reverse("candidatures:apercu", args=[dossier.pk])
            if section == "apercu"
            else reverse("candidatures:depot", args=[dossier.pk])
            if section == "depot"
            else reverse("candidatures:section", args=[dossier.pk, section])
        )
        page = client.get(url).content.decode()
        assert "70\u00a0%" in page or section == "pieces", section
        _sans_les_chiffres_de_l_autre_appel(page, section)
    client.logout()
    page = client.get(reverse("accueil")).content.decode()  # the default call: the most recent open one
    assert "300\u00a0000" in page and "70\u00a0%" in page
    _sans_les_chiffres_de_l_autre_appel(page, "accueil")


def test_le_courriel_de_decision_dit_l_echeancier_de_l_appel(candidat, vague2):
    from django.template.loader import render_to_string

    from candidatures.models import Etat

    autre = AppelFactory(
        nom_court="Vague 3",
        versement_initial=50,
        echeance_versement_initial="au début de l’année 2027",
        versement_solde=50,
        echeance_versement_solde="à la fin de l’année 2028",
    )
    dossier = Dossier(
        pk=10**6,
        organisation=candidat.organisation,
        appel=autre,
        etat=Etat.LAUREAT,
        numero="V3-1",
        intitule="SPIE",
    )
    texte = render_to_string(
        "instruction/courriels/decision.txt", {"dossier": dossier, "transition": {"motif": "Projet solide."}}
    )
    assert "50 % au début de l’année 2027, 50 % à la fin de l’année 2028 (AMI, III.A.3)" in texte
    assert "2022" not in texte and "2024" not in texte and "60 %" not in texte


def test_chaque_appel_a_sa_page_d_accueil(client, vague2, vague3):
    brouillon = AppelFactory(
        nom_court="Secret", etat=EtatAppel.BROUILLON, date_ouverture=datetime.date(2030, 1, 1)
    )
    page = client.get(reverse("accueil")).content.decode()
    assert f'href="/?appel={vague2.pk}">AMI SPIE — vague 2</a>' in page and "Secret" not in page
    page = client.get(reverse("accueil"), {"appel": vague2.pk}).content.decode()
    assert f'href="/?appel={vague3.pk}">AMI SPIE — vague 3</a>' in page
    assert "Secret" not in client.get(reverse("accueil"), {"appel": brouillon.pk}).content.decode()
