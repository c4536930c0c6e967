"""Issue 16, points 8, 9 and 11 (budget) on stored dossiers: the new questions in the lines' forms, « frais
généraux O/N » derived from the nature and held by the database, the same O/N on the page, in the exports
and the API, and the budget page's labels from an Appel at 70 % / 30 %."""

import html
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from api import donnees as api_donnees
from budget.forms import LigneDepenseForm, LigneFinancementForm
from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense, NatureDepense, TypeFinancement
from candidatures.models import Section
from candidatures.recevabilite import evaluer
from candidatures.sections import DEFINITIONS
from demo.exemples import dossier_complet
from exports.lignes import Selection, lignes_depenses, lignes_financements
from tests.dossier.outils import donnees_postees, url_section

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_frais_generaux_o_n_suit_la_nature_a_chaque_enregistrement(dossier):
    ligne = LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1, nature="frais_mission")
    assert LigneDepense.objects.get(pk=ligne.pk).frais_generaux is True
    ligne.nature = NatureDepense.COMMUNICATION
    ligne.save(update_fields=["nature"])
    assert LigneDepense.objects.get(pk=ligne.pk).frais_generaux is False


def test_la_base_refuse_un_o_n_contraire_a_la_nature(dossier):
    """The one source of truth, whatever the path (bulk_create, update): the database checks it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        LigneDepense.objects.bulk_create(
            [
                LigneDepense(
                    dossier=dossier, groupe=GroupeDepense.AXE_1, nature="communication", frais_generaux=True
                )
            ]
        )
    ligne = LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1, nature="frais_generaux")
    with pytest.raises(IntegrityError), transaction.atomic():
        LigneDepense.objects.filter(pk=ligne.pk).update(frais_generaux=False)


def test_le_formulaire_de_depense_ne_saisit_pas_o_n_mais_demande_le_financement_etat(dossier):
    ligne = LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1)
    form = LigneDepenseForm(instance=ligne)
    assert "frais_generaux" not in form.fields
    assert form.fields["deja_financee_etat"].required  # for the dépôt (R15); a draft saves without
    assert form.fields["nature"].required
    natures = [valeur for valeur, _ in form.fields["nature"].choices]
    assert NatureDepense.DEJA_FINANCE_ETAT not in natures  # replaced by the question
    assert [v for v, _ in form.fields["deja_financee_etat"].choices] == ["oui", "non"]


def test_une_ligne_ancienne_garde_sa_nature_deja_financee(dossier):
    ligne = LigneDepense.objects.create(
        dossier=dossier, groupe=GroupeDepense.AXE_1, nature=NatureDepense.DEJA_FINANCE_ETAT
    )
    natures = [valeur for valeur, _ in LigneDepenseForm(instance=ligne).fields["nature"].choices]
    assert NatureDepense.DEJA_FINANCE_ETAT in natures


def test_le_type_de_financement_dit_si_les_credits_viennent_de_l_etat(dossier):
    form = LigneFinancementForm(instance=LigneFinancement(dossier=dossier))
    groupes = dict(form.fields["type"].choices[1:])
    assert [v for v, _ in groupes["Crédits de l'État"]] == ["subvention_etat", "dispositif_etat"]
    hors_etat = [v for v, _ in groupes["Cofinancement : hors crédits de l'État"]]
    assert "cofinancement_public" in hors_etat and "fse" in hors_etat
    assert "subvention_etat" not in hors_etat and "dispositif_etat" not in hors_etat


def test_la_migration_reprend_les_lignes_existantes(dossier):
    migration = import_module("budget.migrations.0004_budget_fidelite")
    ancienne = LigneDepense.objects.create(
        dossier=dossier, groupe=GroupeDepense.AXE_1, nature=NatureDepense.DEJA_FINANCE_ETAT
    )
    autre = LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1, nature="communication")
    migration.deriver(apps, None)
    assert LigneDepense.objects.get(pk=ancienne.pk).deja_financee_etat == "oui"
    assert LigneDepense.objects.get(pk=autre.pk).deja_financee_etat == "non"


def test_un_dossier_complet_de_la_demo_reste_recevable(candidat, appel_ouvert):
    from tests.factories import DossierFactory

    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    recevabilite = evaluer(dossier)
    assert [ligne.regle for ligne in recevabilite.bloquantes] == []
    assert recevabilite.resultat("R15").statut == "respecté"


def test_o_n_le_meme_sur_la_page_les_exports_et_l_api(connecte, candidat, dossier, appel_ouvert):
    """A line of nature « frais de mission » typed « N » before: « O » everywhere now, counted in the 15 %."""
    ligne = LigneDepense.objects.create(
        dossier=dossier, groupe=GroupeDepense.TRANSVERSAL, nature="equipe_animation", montant=Decimal("100")
    )
    data = donnees_postees(DEFINITIONS[Section.BUDGET], dossier)
    data.update(
        {
            "version": str(dossier.version(Section.BUDGET)),
            f"depense-{ligne.pk}-nature": "frais_mission",
            f"depense-{ligne.pk}-deja_financee_etat": "non",
            "_autosave": "1",
            "_champ": f"depense-{ligne.pk}-nature",
        }
    )
    reponse = connecte.post(url_section(dossier, Section.BUDGET), data, headers=HTMX)
    assert reponse.status_code == 200
    ligne.refresh_from_db()
    assert ligne.frais_generaux is True and ligne.deja_financee_etat == "non"
    assert f'id="etat-fg-{ligne.pk}" hx-swap-oob="true"' in reponse.content.decode()

    page = connecte.get(url_section(dossier, Section.BUDGET)).content.decode()
    cellule = page.split(f'id="etat-fg-{ligne.pk}"', 1)[1].split("</p>", 1)[0]
    assert cellule.rstrip().endswith("O")
    assert api_donnees.budget(dossier)["depenses"][0]["frais_generaux"] is True
    assert api_donnees.budget(dossier)["totaux"]["frais_generaux"] == "100.00"
    [export] = list(lignes_depenses(Selection(user=candidat)))
    assert "O" in export and "Non" in export


def test_les_exports_et_l_api_disent_acquis_ou_demande_et_la_modalite(candidat, dossier):
    LigneFinancement.objects.create(
        dossier=dossier,
        type=TypeFinancement.FSE,
        financeur="DREETS (FSE+)",
        montant=Decimal("1000"),
        statut="demande",
        modalite="numeraire",
    )
    [export] = list(lignes_financements(Selection(user=candidat)))
    assert "Fonds social européen (FSE+)" in export
    assert "Demandé (demande formelle déjà déposée)" in export and "En numéraire" in export
    [ligne] = api_donnees.budget(dossier)["financements"]
    assert ligne["statut"]["code"] == "demande" and ligne["modalite"]["code"] == "numeraire"


def test_la_page_du_budget_suit_l_appel_a_70_30(connecte, dossier, appel_ouvert):
    appel_ouvert.part_etat_max, appel_ouvert.cofinancement_min = Decimal("70"), Decimal("30")
    appel_ouvert.subvention_etat_max, appel_ouvert.frais_generaux_max = Decimal("300000"), Decimal("12.5")
    appel_ouvert.save()
    LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1, montant=Decimal("1000"))
    LigneFinancement.objects.create(dossier=dossier, type=TypeFinancement.AUTOFINANCEMENT)
    page = html.unescape(connecte.get(url_section(dossier, Section.BUDGET)).content.decode())
    assert "(70% maximum et 300\u00a0000€ maximum)" in page
    assert "(cofinancement de 30% minimum)" in page
    assert "Frais généraux et frais de mission (12,5 % maximum)" in page
    for ancien in ("80% maximum", "80 % maximum", "500 000", "500\u00a0000", "20% minimum", "20 % minimum"):
        assert ancien not in page, ancien
    assert "Ce financement est-il acquis ou demandé ?" in page
    assert "Apporté en numéraire ou en nature ?" in page
    assert "Cette dépense est-elle déjà financée par un autre dispositif de l'État (CALPAE…) ?" in page
    assert '<optgroup label="Crédits de l\'État">' in page


def test_la_page_du_budget_refuse_les_credits_politique_de_la_ville_en_cofinancement(
    connecte, candidat, appel_ouvert
):
    """The issue's probe on the page: 20 000 € of « Crédits politique de la ville » typed as public
    cofinancing; R13 was « respecté », it is now refused under the totals, its source quoted."""
    from tests.factories import DossierFactory

    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat, lignes=4)
    etat = dossier.financements.get(type=TypeFinancement.SUBVENTION_ETAT)
    etat.montant -= Decimal("20000")
    etat.save()
    LigneFinancement.objects.create(
        dossier=dossier,
        type=TypeFinancement.COFINANCEMENT_PUBLIC,
        financeur="Crédits politique de la ville",
        montant=Decimal("20000"),
        statut="acquis",
        modalite="numeraire",
    )
    assert [ligne.regle for ligne in evaluer(dossier).bloquantes] == ["R13"]
    page = html.unescape(connecte.get(url_section(dossier, Section.BUDGET)).content.decode())
    message = page.split('id="budget-R13">', 1)[1].split("</p>", 1)[0]
    assert "« Crédits politique de la ville » (20\u00a0000\u00a0€) vient de l'État" in message
    assert "(Source : AMI, II.A et III.A.2 ; FAQ)" in message


def test_acquis_ou_demande_est_demande_aux_cofinancements_pas_a_la_subvention_de_l_ami(dossier):
    subvention = LigneFinancement(dossier=dossier, type=TypeFinancement.SUBVENTION_ETAT)
    autofinancement = LigneFinancement(dossier=dossier, type=TypeFinancement.AUTOFINANCEMENT)
    assert not LigneFinancementForm(instance=subvention).fields["statut"].required
    assert LigneFinancementForm(instance=autofinancement).fields["statut"].required
    assert LigneFinancementForm(instance=autofinancement).fields["modalite"].required


def test_les_exports_et_l_api_arrondissent_comme_la_page_aux_limites(dossier):
    """19 999,99 € of cofinancement and 15 000,01 € of frais généraux on 100 000 €: « 19,99 % » and
    « 15,01 % » in the exports' columns (SQL, ``montants_annotes``) and the API as on the page."""
    from budget.chiffres import annotations, montants_annotes
    from candidatures.models import Dossier

    for nature, montant in (("equipe_animation", "84999.99"), ("frais_mission", "15000.01")):
        LigneDepense.objects.create(
            dossier=dossier, groupe=GroupeDepense.AXE_1, nature=nature, montant=montant
        )
    for type_, montant in (
        (TypeFinancement.SUBVENTION_ETAT, "80000.01"),
        (TypeFinancement.AUTOFINANCEMENT, "19999.99"),
    ):
        LigneFinancement.objects.create(dossier=dossier, type=type_, montant=Decimal(montant))
    ligne = Dossier.objects.with_budget().values(*annotations()).get(pk=dossier.pk)
    export = montants_annotes(ligne)
    assert (export.taux_cofinancement, export.taux_frais, export.taux_etat) == (
        Decimal("19.99"),
        Decimal("15.01"),
        Decimal("80.01"),
    )
    totaux = api_donnees.budget(dossier)["totaux"]
    assert (totaux["taux_cofinancement"], totaux["taux_frais_generaux"], totaux["taux_etat"]) == (
        "19.99",
        "15.01",
        "80.01",
    )
