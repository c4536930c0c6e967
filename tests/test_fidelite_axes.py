"""Issue 16, points 5 and 15, through the real pages: « donnée non disponible » on an axe (FAQ « Si
certaines données ne sont pas disponibles, les candidats peuvent le préciser dans le dossier ») — the
form's errors next to the field while the draft still saves, the side menu, the checklist, the dépôt,
the summary, the PDF's blocks, the API and the exports; the FAQ's « conseils de remplissage » as help
next to the questions; the French plural of the rules' messages."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from ami import libelles as L
from candidatures.forms import AxeForm
from candidatures.models import Dossier, ReponseAxe, Section
from candidatures.recevabilite import charger
from candidatures.resume import resume
from core.format import quantite
from tests.api.outils import ClientApi, emettre
from tests.depots import deposer_dossier
from tests.exports.demandes import demander, telecharger
from tests.saisie.hostile import erreurs_du_champ, page

pytestmark = pytest.mark.django_db

RAISON = "Le nombre de jeunes NEET n’est pas connu à l’échelle des bassins retenus."
INDISPONIBLE = {"part_population": "", "chiffres_non_disponibles": "on", "chiffres_explication": RAISON}


@pytest.fixture(autouse=True)
def _appel_ouvert(appel_ouvert):
    return appel_ouvert


def _version(dossier, section):
    return str(Dossier.objects.get(pk=dossier.pk).version(section))


def _poster(client, dossier, section="axe_1", **champs):
    """The axe's section as its page posts it (every field of the form, ``champs`` changed), by the
    autosave (htmx): the answer is the section's fragment with the errors next to the fields."""
    reponse = ReponseAxe.objects.get(dossier=dossier, axe=int(section[-1]))
    donnees = {
        nom: ("on" if valeur else "") if isinstance(valeur, bool) else ("" if valeur is None else str(valeur))
        for nom, valeur in ((n, getattr(reponse, n)) for n in AxeForm(instance=reponse).fields)
    }
    donnees = {n: v for n, v in donnees.items() if v != ""} | {"version": _version(dossier, section)}
    donnees |= {"_autosave": "1"} | champs
    donnees = {n: v for n, v in donnees.items() if not (n == "chiffres_non_disponibles" and v == "")}
    url = reverse("candidatures:section", args=[dossier.pk, section])
    return client.post(url, donnees, headers={"HX-Request": "true"})


@pytest.fixture
def dossier_complet_du_candidat(candidat):
    from demo.exemples import dossier_complet
    from tests.factories import DossierFactory

    return dossier_complet(DossierFactory(organisation=candidat.organisation, cree_par=candidat))


def _r06(dossier):
    d = charger(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk))
    from candidatures.rules import r06_nombre_significatif

    return r06_nombre_significatif(d)


# --- The form: what R06 finds wrong is said next to the field, and the draft keeps it -----------------


def test_donnee_non_disponible_expliquee_respecte_r06_et_se_garde(connecte, dossier_complet_du_candidat):
    dossier = dossier_complet_du_candidat
    reponse = _poster(connecte, dossier, **INDISPONIBLE)
    assert reponse.status_code == 200
    doc = page(reponse.content)
    assert erreurs_du_champ(doc, "id_chiffres_explication") == ""
    assert erreurs_du_champ(doc, "id_part_population") == ""
    axe = ReponseAxe.objects.get(dossier=dossier, axe=1)
    assert (axe.part_population, axe.chiffres_non_disponibles, axe.chiffres_explication) == (
        None,
        True,
        RAISON,
    )
    resultat = _r06(dossier)
    assert resultat.statut == "respecté", resultat.message
    assert "axe 1 : 1\u202f500 personnes (% non disponible : raison précisée)" in resultat.message


def test_case_cochee_sans_raison_erreur_a_cote_du_champ_brouillon_enregistre(
    connecte, dossier_complet_du_candidat
):
    dossier = dossier_complet_du_candidat
    reponse = _poster(connecte, dossier, **(INDISPONIBLE | {"chiffres_explication": "  "}))
    doc = page(reponse.content)
    assert "Précisez pourquoi le % n’est pas disponible" in erreurs_du_champ(doc, "id_chiffres_explication")
    assert ReponseAxe.objects.get(dossier=dossier, axe=1).chiffres_non_disponibles is True  # saved anyway
    resultat = _r06(dossier)
    assert resultat.statut == "à compléter" and resultat.champ == "axe_1#chiffres_explication"


def test_case_cochee_et_pourcentage_donne_erreur_le_pourcentage_est_garde(
    connecte, dossier_complet_du_candidat
):
    dossier = dossier_complet_du_candidat
    reponse = _poster(connecte, dossier, **(INDISPONIBLE | {"part_population": "12,5"}))
    doc = page(reponse.content)
    assert "retirez ce % ou décochez la case" in erreurs_du_champ(doc, "id_part_population")
    assert ReponseAxe.objects.get(dossier=dossier, axe=1).part_population == Decimal("12.5")


@pytest.mark.parametrize(
    ("champ", "tape", "message"),
    [
        ("nombre_personnes", "0", "0 personne n’est pas un nombre significatif"),
        ("part_population", "0", "0 % n’est pas une part significative"),
        ("part_population", "0,00", "0 % n’est pas une part significative"),
    ],
)
def test_zero_refuse_a_cote_du_champ_et_garde(connecte, dossier_complet_du_candidat, champ, tape, message):
    dossier = dossier_complet_du_candidat
    doc = page(_poster(connecte, dossier, **{champ: tape}).content)
    assert message in erreurs_du_champ(doc, f"id_{champ}")
    assert getattr(ReponseAxe.objects.get(dossier=dossier, axe=1), champ) == 0  # the draft keeps it
    assert _r06(dossier).statut == "non respecté"


@pytest.mark.parametrize(("champ", "tape"), [("nombre_personnes", "1"), ("part_population", "0,01")])
def test_la_plus_petite_valeur_non_nulle_passe(connecte, dossier_complet_du_candidat, champ, tape):
    dossier = dossier_complet_du_candidat
    doc = page(_poster(connecte, dossier, **{champ: tape}).content)
    assert erreurs_du_champ(doc, f"id_{champ}") == ""
    assert _r06(dossier).statut == "respecté"


def test_un_brouillon_vide_n_a_pas_d_erreur(connecte, candidat):
    from tests.factories import DossierFactory

    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat)
    ReponseAxe.objects.create(dossier=dossier, axe=2)
    doc = page(_poster(connecte, dossier, "axe_2", objectifs="Orienter").content)
    for champ in AxeForm.CHIFFRES:
        assert erreurs_du_champ(doc, f"id_{champ}") == "", champ


# --- The side menu, the dépôt, the summary, the PDF's blocks, the API, the exports -------------------


def test_menu_et_completude_suivent_la_regle(client, candidat, dossier_complet_du_candidat):
    from candidatures.completude import CONTROLES

    dossier = dossier_complet_du_candidat
    ReponseAxe.objects.filter(dossier=dossier, axe=3).update(part_population=None)
    d = charger(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk))
    assert CONTROLES[Section.AXE_3](d) == ["part_population"]
    ReponseAxe.objects.filter(dossier=dossier, axe=3).update(chiffres_non_disponibles=True)
    d = charger(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk))
    assert CONTROLES[Section.AXE_3](d) == ["chiffres_explication"]
    ReponseAxe.objects.filter(dossier=dossier, axe=3).update(chiffres_explication=RAISON)
    d = charger(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk))
    assert CONTROLES[Section.AXE_3](d) == []


def _indisponible_sur_l_axe_2(dossier):
    ReponseAxe.objects.filter(dossier=dossier, axe=2).update(
        part_population=None, chiffres_non_disponibles=True, chiffres_explication=RAISON
    )


def test_depot_possible_avec_une_donnee_non_disponible(candidat):
    dossier = deposer_dossier(candidat, preparer=_indisponible_sur_l_axe_2)
    dossier.refresh_from_db()
    assert dossier.numero and "R06" not in (dossier.regles_bloquantes or [])


def test_resume_et_pdf_montrent_la_donnee_non_disponible_seulement_quand_cochee(dossier_complet_du_candidat):
    dossier = dossier_complet_du_candidat
    _indisponible_sur_l_axe_2(dossier)
    blocs = {
        b["section"]: dict(b["paires"])
        for b in resume(charger(Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk)))
    }
    assert blocs["axe_2"][L.CHIFFRES_NON_DISPONIBLES] == "Oui"
    assert blocs["axe_2"][L.CHIFFRES_EXPLICATION] == RAISON
    assert L.CHIFFRES_NON_DISPONIBLES not in blocs["axe_1"] and L.CHIFFRES_EXPLICATION not in blocs["axe_1"]
    # The order of annexe 7: the %, then its unavailability, then the changes.
    libelles = list(blocs["axe_2"])
    assert libelles.index(L.PART_POPULATION) + 1 == libelles.index(L.CHIFFRES_NON_DISPONIBLES)


def test_apercu_du_candidat(connecte, dossier_complet_du_candidat):
    dossier = dossier_complet_du_candidat
    _indisponible_sur_l_axe_2(dossier)
    contenu = connecte.get(reverse("candidatures:apercu", args=[dossier.pk])).content.decode()
    assert L.CHIFFRES_NON_DISPONIBLES in contenu and RAISON in contenu


def test_api_complete(instructeur, candidat):
    dossier = deposer_dossier(candidat, preparer=_indisponible_sur_l_axe_2)
    api = ClientApi(emettre(instructeur))
    reponse = api.get(reverse("api:v1:dossier", args=[dossier.pk]))
    assert reponse.status_code == 200, reponse.content
    axes = {a["axe"]: a for a in reponse.json()["axes"]}
    assert axes[2]["chiffres_non_disponibles"] is True and axes[2]["chiffres_explication"] == RAISON
    assert axes[2]["part_population"] is None
    assert axes[1]["chiffres_non_disponibles"] is False and axes[1]["chiffres_explication"] == ""


def test_export_xlsx(client, instructeur, candidat):
    deposer_dossier(candidat, preparer=_indisponible_sur_l_axe_2)
    _, octets = telecharger(client, demander(client, instructeur, "xlsx"))
    feuille = openpyxl.load_workbook(io.BytesIO(octets))["Dossiers"]
    titres, ligne = (list(r) for r in feuille.iter_rows(values_only=True, max_row=2))
    valeurs = dict(zip(titres, ligne, strict=True))
    assert valeurs[f"Axe 2 — {L.CHIFFRES_NON_DISPONIBLES}"] == "Oui"
    assert valeurs[f"Axe 2 — {L.CHIFFRES_EXPLICATION}"] == RAISON
    assert valeurs[f"Axe 1 — {L.CHIFFRES_NON_DISPONIBLES}"] == "Non"


def test_pdf_du_candidat(client, candidat, tmp_path):
    from tests.exports.test_pdf import norme, pdftotext
    from tests.exports.test_pdf import telecharger as telecharger_pdf

    dossier = deposer_dossier(candidat, preparer=_indisponible_sur_l_axe_2)
    lu = norme(pdftotext(telecharger_pdf(client, candidat, dossier).content, tmp_path))
    assert lu.count("Donnée non disponible : le % par rapport") == 1  # axe 2 only
    assert "Le nombre de jeunes NEET n’est pas connu" in lu


# --- Point 15: the FAQ's advice next to the questions --------------------------------------------------


def test_conseils_de_la_faq_a_cote_des_questions(connecte, dossier_complet_du_candidat):
    dossier = dossier_complet_du_candidat
    doc = page(connecte.get(reverse("candidatures:section", args=[dossier.pk, "axe_1"])).content)

    def aide(nom):
        bloc = doc.get_element_by_id(nom)
        return " ".join(" ".join(p.itertext()) for p in bloc.find_class("fr-hint-text"))

    assert "composition hommes/femmes, âge, CSP" in aide("public")  # typology, no H/F or age detail
    assert "ordre de grandeur" in aide("nombre_personnes")
    assert "Si certaines données ne sont pas disponibles" in aide("chiffres_non_disponibles")
    assert "s’ils possèdent déjà des données ou indicateurs" in aide("indicateurs")
    assert "collecter de nouvelles données" in aide("indicateurs")
    assert "par semestre ou trimestre" in aide("calendrier")
    assert "co-construction" in aide("methodes")
    doc4 = page(connecte.get(reverse("candidatures:section", args=[dossier.pk, "axe_4"])).content)
    assert "doivent apparaître dans les réponses apportées à chacun des 3 axes" in doc4.text_content()


def _citations(texte: str) -> list[str]:
    """The top-level « … » of ``texte`` (a quotation may hold another)."""
    citations, profondeur, debut = [], 0, 0
    for i, c in enumerate(texte):
        if c == "«":
            profondeur += 1
            debut = i + 1 if profondeur == 1 else debut
        elif c == "»":
            profondeur -= 1
            if profondeur == 0:
                citations.append(texte[debut:i].strip())
    return citations


def test_les_aides_citent_la_faq_mot_pour_mot():
    """Each quotation of the help texts is in the FAQ (blanks folded, a word cut at a line's end joined,
    « […] » a cut)."""
    import json
    import re

    from ami.faq import FAQ_JSON

    def textes(valeur):
        """Every string of the FAQ as committed (ami/content/faq.json, the FAQ the portal shows)."""
        if isinstance(valeur, str):
            yield valeur
        elif isinstance(valeur, dict):
            for v in valeur.values():
                yield from textes(v)
        elif isinstance(valeur, list):
            for v in valeur:
                yield from textes(v)

    source = " ".join(textes(json.loads(FAQ_JSON.read_text(encoding="utf-8"))))

    def plier(texte):
        return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", texte)).strip()

    faq = plier(source)
    for nom, aide in [*L.AIDES.items(), ("axe_4", L.AXE_4_AIDE)]:
        for citation in _citations(aide):
            for morceau in plier(citation).split("[…]"):
                morceau = morceau.strip().rstrip(".").strip()
                assert morceau in faq, (nom, morceau)


# --- The plural ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nombre", "attendu"),
    [(0, "0 personne"), (1, "1 personne"), (2, "2 personnes"), (1500, "1\u202f500 personnes")],
)
def test_quantite_accorde_comme_le_francais(nombre, attendu):
    assert quantite(nombre, "personne") == attendu


def test_quantite_pluriel_irregulier():
    assert quantite(2, "question sans réponse", "questions sans réponse") == "2 questions sans réponse"
    assert quantite(1, "question sans réponse", "questions sans réponse") == "1 question sans réponse"
