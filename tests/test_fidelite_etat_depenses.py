"""Issue 16, point 16: the état des dépenses as the FAQ's « modèle d'état des dépenses » writes it — its
title, its groups in its order, the « Action n° » sub-groups, its columns in its order with its labels
(the « 15% » the call's), each group's « dont dépenses en frais généraux… », the « TOTAL DEPENSES AU
TITRE DE l'AMI DEPLOIEMENT SPIE » — alike on the budget page, in the PDF and in the exports, the figures
of ``budget.totaux`` (``budget.chiffres``)."""

import csv
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ami import libelles as L
from ami.models import Appel
from budget.chiffres import Budget
from budget.models import LigneDepense
from budget.natures import GroupeDepense, NatureDepense
from budget.totaux import (
    colonnes_etat,
    etat_des_depenses,
    frais_generaux_o_n,
    libelle_dont_frais_generaux,
    libelle_frais_generaux,
    par_action,
    titre_action,
    totaux,
)
from candidatures.models import Section
from candidatures.sections import DEFINITIONS
from demo.exemples import dossier_complet
from exports import etat_depenses
from exports.ecriture import flux_csv
from exports.lignes import Selection, feuilles
from exports.pdf import html_dossier
from tests.dossier.outils import donnees_postees, url_section

D = Decimal
HTMX = {"HX-Request": "true"}
# The FAQ's model, word for word (its capitals, its apostrophes, « 15% » without a space).
COLONNES_DU_MODELE = [
    "Nature de la dépense",
    "Frais généraux éligibles dans la limite de 15% du total? O/N",
    "Unité (si pertinent)",
    "Nombre d'unités",
    "coût unitaire",
    "Date ou période",
    "Objet de la dépense",
    "Montant",
]
GROUPES_DU_MODELE = [
    "Dépenses transversales",
    "Dépenses relatives à l'axe 1",
    "Dépenses relatives à l'axe 2",
    "Dépenses relatives à l'axe 3",
]
TOTAL = "TOTAL DEPENSES AU TITRE DE l'AMI DEPLOIEMENT SPIE"
DONT = "dont dépenses en frais généraux éligibles dans la limite de 15% du total"


def ligne(groupe, montant, nature=NatureDepense.EQUIPE_ANIMATION, action=None, objet="", pk=None):
    return LigneDepense(
        pk=pk, groupe=groupe, nature=nature, montant=D(montant), numero_action=action, objet=objet
    )


# The model's words, from the call


def test_les_groupes_du_modele_dans_son_ordre_et_ses_mots():
    assert [libelle for _, libelle in GroupeDepense.choices] == GROUPES_DU_MODELE


def test_les_colonnes_du_modele_dans_son_ordre_et_ses_libelles():
    appel = Appel(frais_generaux_max=D("15"))
    assert [titre for _, titre in colonnes_etat(appel)] == COLONNES_DU_MODELE
    assert libelle_dont_frais_generaux(appel) == DONT
    assert L.ETAT_DEPENSES_TITRE == "Etat des dépenses déploiement du SPIE" and L.ETAT_DEPENSES_TOTAL == TOTAL


@pytest.mark.parametrize(
    ("taux", "ecrit"), [("15", "15%"), ("12.5", "12,5%"), ("15.00", "15%"), ("9.75", "9,75%")]
)
def test_le_taux_des_frais_generaux_est_celui_de_l_appel(taux, ecrit):
    appel = Appel(frais_generaux_max=D(taux))
    assert (
        libelle_frais_generaux(appel) == f"Frais généraux éligibles dans la limite de {ecrit} du total? O/N"
    )
    assert libelle_dont_frais_generaux(appel).endswith(f"limite de {ecrit} du total")


# The « Action n° » sub-groups and the figures (pure)


def test_les_lignes_d_un_axe_par_numero_d_action_puis_celles_sans_numero():
    lignes = [
        ligne("axe_1", 1, action=3, pk=1),
        ligne("axe_1", 2, pk=2),
        ligne("axe_1", 3, action=1, pk=3),
        ligne("axe_1", 4, action=3, pk=4),
    ]
    sous_groupes = par_action("axe_1", lignes)
    assert [(s.numero, s.titre, [d.pk for d in s.elements]) for s in sous_groupes] == [
        (1, "Action n°: 1", [3]),
        (3, "Action n°: 3", [1, 4]),  # the given order (ids) within an action
        (None, "Action n°: ---", [2]),  # the model's blank, last
    ]
    assert titre_action(None) == "Action n°: ---"


def test_les_depenses_transversales_n_ont_pas_d_actions():
    lignes = [ligne("transversal", 1, action=2, pk=1), ligne("transversal", 2, pk=2)]
    [seul] = par_action("transversal", lignes)
    assert (seul.numero, seul.titre, [d.pk for d in seul.elements]) == (None, "", [1, 2])
    assert par_action("transversal", []) == []


def test_chaque_groupe_a_son_total_et_ses_frais_generaux_ceux_de_budget_chiffres():
    appel = Appel()
    lignes = [
        ligne("transversal", "10000.00", NatureDepense.EQUIPE_ANIMATION),
        ligne("axe_1", "5000.00", NatureDepense.FRAIS_MISSION, action=1),
        ligne("axe_1", "0.01", NatureDepense.FRAIS_GENERAUX, action=2),
        ligne("axe_1", "20000.00", NatureDepense.FORMATIONS_CONJOINTES, action=1),
        ligne("axe_3", "7000.00", NatureDepense.COMMUNICATION),
    ]
    budget = Budget.des_lignes(lignes, ())
    etat = etat_des_depenses(lignes, totaux(budget, appel))
    assert [g.libelle for g in etat] == GROUPES_DU_MODELE
    figures = {g.valeur: (g.total, g.frais_generaux, g.nombre) for g in etat}
    assert figures == {
        "transversal": (D("10000.00"), D("0"), 1),
        "axe_1": (D("25000.01"), D("5000.01"), 3),  # one cent of frais généraux counts
        "axe_2": (D("0"), D("0"), 0),
        "axe_3": (D("7000.00"), D("0"), 1),
    }
    assert sum(g.total for g in etat) == budget.cout_global
    assert sum(g.frais_generaux for g in etat) == budget.frais_generaux
    # « O/N » is what the 15 % counts: the frais généraux and de mission, by nature.
    assert [frais_generaux_o_n(d) for d in lignes] == ["N", "O", "O", "N", "N"]


def test_une_ligne_d_un_groupe_inconnu_n_est_pas_perdue():
    lignes = [ligne("axe_1", "100"), ligne("=1+1", "50")]
    etat = etat_des_depenses(lignes, totaux(Budget.des_lignes(lignes, ()), Appel()))
    assert [g.libelle for g in etat][-1] == "=1+1"
    assert etat[-1].total == D("50") and sum(g.total for g in etat) == D("150")


# The budget page


@pytest.fixture
def budget(appel_ouvert, dossier):
    """The draft with 4 lines (one per group, no action number); a line of action 2 and one of action 1
    in axe 2."""
    dossier_complet(dossier, lignes=4, lettres=False)
    LigneDepense.objects.create(
        dossier=dossier, groupe="axe_2", nature=NatureDepense.FRAIS_MISSION, numero_action=2,
        objet="Déplacements", montant=D("5000"),
    )  # fmt: skip
    LigneDepense.objects.create(
        dossier=dossier, groupe="axe_2", nature=NatureDepense.COMMUNICATION, numero_action=1,
        objet="Plaquette", montant=D("1000"),
    )  # fmt: skip
    return dossier


def _groupe(html: str, valeur: str) -> str:
    motif = rf'<section class="groupe-depenses[^"]*" id="groupe-{valeur}".*?</section>'
    return unescape(re.search(motif, html, re.S)[0])


def _textes(html: str, balise: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>|[ \t\r\n]+", " ", t)).strip(" ")
        for t in re.findall(rf"<{balise}[^>]*>(.*?)</{balise}>", html, re.S)
    ]


@pytest.mark.django_db
def test_la_page_du_budget_ecrit_l_etat_des_depenses_du_modele(connecte, budget):
    html = connecte.get(url_section(budget, Section.BUDGET)).content.decode()
    assert f">{L.ETAT_DEPENSES_TITRE}</h3>" in html
    positions = [html.index(f'id="groupe-{v}"') for v in GroupeDepense.values]
    assert positions == sorted(positions)  # the model's order

    axe_2 = _groupe(html, "axe_2")
    entetes = _textes(axe_2.split("</thead>")[0], "th")
    assert entetes[0] == "Action n°" and entetes[1:9] == COLONNES_DU_MODELE
    assert entetes[-1] == "Retirer la ligne"
    # Sub-groups: action 1, action 2, then the lines without a number.
    titres = [t for t in _textes(axe_2, "th") if t.startswith("Action n°:")]
    assert titres == ["Action n°: 1", "Action n°: 2", "Action n°: ---"]
    assert axe_2.index("Plaquette") < axe_2.index("Déplacements")
    assert 'scope="rowgroup"' in axe_2
    # The group's figures, the model's words; « O » for the frais de mission.
    assert "Total — Dépenses relatives à l'axe 2</th>" in axe_2 and f"{DONT}</th>" in axe_2
    assert re.search(r'id="etat-total-axe_2">56\xa0000,00\xa0€<', axe_2)
    assert re.search(r'id="etat-frais-axe_2">5\xa0000,00\xa0€<', axe_2)
    deplacement = LigneDepense.objects.get(objet="Déplacements")
    assert re.search(rf'id="etat-fg-{deplacement.pk}"[^>]*>.*?</span>O</p>', axe_2, re.S)
    # The transversal group has no action column nor sub-group.
    transversal = _groupe(html, "transversal")
    assert _textes(transversal.split("</thead>")[0], "th")[0] == "Nature de la dépense"
    assert "Action n°" not in transversal
    assert f"{TOTAL}</th>" in unescape(html) and re.search(r'id="etat-total">206\xa0000,00\xa0€<', html)


@pytest.mark.django_db
def test_la_page_du_budget_coute_autant_de_requetes_avec_plus_de_lignes_et_d_actions(connecte, budget):
    url = url_section(budget, Section.BUDGET)
    connecte.get(url)
    with CaptureQueriesContext(connection) as peu:
        connecte.get(url)
    nature = NatureDepense.COMMUNICATION
    LigneDepense.objects.bulk_create(
        LigneDepense(dossier=budget, groupe=g, numero_action=n % 5 or None, nature=nature, montant=D("10"))
        for n, g in enumerate(GroupeDepense.values * 10)
    )
    with CaptureQueriesContext(connection) as beaucoup:
        reponse = connecte.get(url)
    assert reponse.status_code == 200
    assert len(beaucoup) == len(peu), [q["sql"][:120] for q in beaucoup.captured_queries]


@pytest.mark.django_db
def test_une_ligne_ajoutee_est_une_ligne_du_tableau_de_son_groupe(connecte, budget):
    url = reverse("candidatures:ligne_ajouter", args=[budget.pk, Section.BUDGET, "depense"])
    reponse = connecte.post(url, {"valeur": "axe_3"}, headers=HTMX)
    html = reponse.content.decode()
    nouvelle = LigneDepense.objects.latest("id")
    # a row of the table (its attributes name it for the focus and the undo: static/ami/lignes.js)
    assert html.lstrip().startswith(f'<tr class="ligne ligne--depense" id="ligne-depense-{nouvelle.pk}" ')
    assert f'name="depense-{nouvelle.pk}-numero_action"' in html  # an axe's line has its action number
    assert 'id="etat-total-axe_3" hx-swap-oob="true"' in html  # the group's figures, refreshed
    reponse = connecte.post(url, {"valeur": "transversal"}, headers=HTMX)
    assert "-numero_action" not in reponse.content.decode()


@pytest.mark.django_db
def test_l_enregistrement_automatique_rafraichit_o_n_et_les_chiffres_du_groupe(connecte, budget):
    ligne_axe_1 = LigneDepense.objects.get(dossier=budget, groupe="axe_1")
    page = connecte.get(url_section(budget, Section.BUDGET)).content.decode()
    version = re.search(r'id="version-section"[^>]*value="([^"]*)"', page)[1]
    data = donnees_postees(DEFINITIONS[Section.BUDGET], budget)
    prefixe = f"depense-{ligne_axe_1.pk}"
    data.update(
        {f"{prefixe}-nature": NatureDepense.FRAIS_GENERAUX, f"{prefixe}-numero_action": "4"},
        version=version, _autosave="1", _lignes=prefixe, _champ=f"{prefixe}-nature",
    )  # fmt: skip
    html = connecte.post(url_section(budget, Section.BUDGET), data, headers=HTMX).content.decode()
    assert re.search(rf'id="etat-fg-{ligne_axe_1.pk}" hx-swap-oob="true">.*?</span>O</p>', html, re.S)
    assert re.search(r'id="etat-frais-axe_1" hx-swap-oob="true">50\xa0000,00\xa0€<', html)
    assert re.search(r'id="etat-frais" hx-swap-oob="true">55\xa0000,00\xa0€<', html)
    ligne_axe_1.refresh_from_db()
    assert ligne_axe_1.numero_action == 4 and ligne_axe_1.frais_generaux


@pytest.mark.django_db
def test_un_numero_d_action_nul_est_refuse_et_la_saisie_gardee(connecte, budget):
    ligne_axe_1 = LigneDepense.objects.get(dossier=budget, groupe="axe_1")
    page = connecte.get(url_section(budget, Section.BUDGET)).content.decode()
    version = re.search(r'id="version-section"[^>]*value="([^"]*)"', page)[1]
    data = donnees_postees(DEFINITIONS[Section.BUDGET], budget)
    prefixe = f"depense-{ligne_axe_1.pk}"
    data.update({f"{prefixe}-numero_action": "0", f"{prefixe}-objet": "Gardé"}, version=version)
    html = connecte.post(url_section(budget, Section.BUDGET), data, headers=HTMX).content.decode()
    assert "Saisissez un numéro d’action à partir de 1." in html
    ligne_axe_1.refresh_from_db()
    assert ligne_axe_1.numero_action is None and ligne_axe_1.objet == "Gardé"


# The PDF


@pytest.mark.django_db
def test_le_pdf_ecrit_l_etat_des_depenses_du_modele(budget, candidat):
    budget = type(budget).objects.select_related("appel", "organisation").get(pk=budget.pk)
    html = html_dossier(budget, candidat)
    etat = unescape(re.search(r'<table class="depenses[^"]*">.*?</table>', html, re.S)[0])
    assert f"<caption>{L.ETAT_DEPENSES_TITRE}</caption>" in etat
    assert _textes(etat.split("</thead>")[0], "th") == COLONNES_DU_MODELE
    titres = [t for t in _textes(etat, "th") if t in GROUPES_DU_MODELE or t.startswith("Action n°")]
    assert titres == [
        "Dépenses transversales",
        "Dépenses relatives à l'axe 1",
        "Action n°: ---",
        "Dépenses relatives à l'axe 2",
        "Action n°: 1",
        "Action n°: 2",
        "Action n°: ---",
        "Dépenses relatives à l'axe 3",
        "Action n°: ---",
    ]
    assert _textes(etat, "th").count(DONT) == 5  # each group, and the total
    cellules = _textes(etat, "td")
    i = cellules.index("Déplacements")
    assert cellules[i - 6 : i + 2] == [
        "Frais de mission (déplacements, hébergement, restauration du personnel)",
        "O",
        "",
        "",
        "",
        "",
        "Déplacements",
        "5\xa0000,00\xa0€",
    ]
    assert re.search(rf"<th[^>]*>{re.escape(TOTAL)}</th><td[^>]*>206\xa0000,00\xa0€</td>", etat)


# The exports


@pytest.mark.django_db
def test_la_feuille_etat_des_depenses_suit_le_modele(budget, instructeur):
    from tests.depots import deposer_dossier

    appel = Appel.objects.courant()
    [feuille] = [f for f in feuilles(Selection(instructeur)) if f.nom == "État des dépenses"]
    assert [c.titre for c in feuille.colonnes][:5] == [
        "Numéro de dossier", "Porteur", "Ligne", "Groupe de dépenses", "Action n°",
    ]  # fmt: skip
    assert [c.titre for c in feuille.colonnes][5:13] == COLONNES_DU_MODELE
    lignes = list(etat_depenses.lignes(Selection(budget.cree_par), appel))
    cles = [c.cle for c in etat_depenses.colonnes(appel)]
    par_cle = [dict(zip(cles, ligne, strict=True)) for ligne in lignes]
    assert [(r["ligne"], r["groupe"], r["numero_action"], r["objet"]) for r in par_cle if r["groupe"] == (
        "Dépenses relatives à l'axe 2"
    )] == [
        ("Dépense", "Dépenses relatives à l'axe 2", 1, "Plaquette"),
        ("Dépense", "Dépenses relatives à l'axe 2", 2, "Déplacements"),
        ("Dépense", "Dépenses relatives à l'axe 2", None, "Action 3"),
        ("Total — Dépenses relatives à l'axe 2", "Dépenses relatives à l'axe 2", None, ""),
        (DONT, "Dépenses relatives à l'axe 2", None, ""),
    ]  # fmt: skip
    totaux_ = {(r["ligne"], r["groupe"]): r["montant"] for r in par_cle if r["ligne"] != "Dépense"}
    assert totaux_[("Total — Dépenses relatives à l'axe 2", "Dépenses relatives à l'axe 2")] == D("56000")
    assert totaux_[(DONT, "Dépenses relatives à l'axe 2")] == D("5000")
    assert totaux_[(TOTAL, "")] == D("206000") and totaux_[(DONT, "")] == D("5000")
    assert [r["ligne"] for r in par_cle][-2:] == [TOTAL, DONT]
    assert sum(r["montant"] for r in par_cle if r["ligne"] == "Dépense") == D("206000")
    assert {r["frais_generaux"] for r in par_cle if r["objet"] == "Déplacements"} == {"O"}
    deposer_dossier(budget.cree_par)  # a second dossier: its état follows the first's
    numeros = [ligne[0] for ligne in etat_depenses.lignes(Selection(budget.cree_par), appel)]
    assert numeros == sorted(numeros, key=numeros.index) and len(set(numeros)) == 2


@pytest.mark.django_db
def test_la_feuille_neutralise_les_formules(budget):
    LigneDepense.objects.filter(dossier=budget, objet="Plaquette").update(objet='=HYPERLINK("x")', unite="+1")
    appel = Appel.objects.courant()
    texte = b"".join(
        flux_csv(etat_depenses.colonnes(appel), etat_depenses.lignes(Selection(budget.cree_par), appel))
    ).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0][5:13] == [
        *COLONNES_DU_MODELE[:4],
        "coût unitaire (€)",
        *COLONNES_DU_MODELE[5:7],
        "Montant (€)",
    ]
    [plaquette] = [ligne for ligne in lignes if "HYPERLINK" in ";".join(ligne)]
    assert '\'=HYPERLINK("x")' in plaquette and "'+1" in plaquette


@pytest.mark.django_db
def test_la_feuille_coute_une_requete_par_tranche(budget):
    appel = Appel.objects.courant()
    selection = Selection(budget.cree_par)
    selection.identifiants  # noqa: B018 (the selection's own query, before)
    with CaptureQueriesContext(connection) as requetes:
        list(etat_depenses.lignes(selection, appel))
    assert len(requetes) == 1
