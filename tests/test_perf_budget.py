"""Issue 18, the budget at any size the portal accepts: the page of 300 lines, « Enregistrer » with and
without htmx (Django refused 140 lines: TooManyFieldsSent), the maximum of lines (budget.lignes) with its
French message next to the « Ajouter » button, the queries independent of the number of lines, and the
fields written by the row template (budget.rendu, budget/champ_ligne.html) as django-dsfr's snippets write
them."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.forms import LigneDepenseForm
from budget.lignes import MAX_LIGNES
from budget.models import LigneDepense
from budget.natures import GroupeDepense, NatureDepense
from candidatures.models import Section
from candidatures.sections import DEFINITIONS, DEPENSES
from demo.exemples import dossier_complet
from tests.dossier.outils import donnees_postees, url_section
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
BASE = re.compile(r'name="_base" id="base-section" value="([^"]*)"')


@pytest.fixture(autouse=True)
def _appel(appel_ouvert):
    return appel_ouvert


def _dossier(candidat, lignes):
    return dossier_complet(DossierFactory(organisation=candidat.organisation), membres=2, lignes=lignes)


def _donnees_enregistrer(client, dossier, **changes):
    """What « Enregistrer » posts: every field of every line, the page's version and base."""
    page = client.get(url_section(dossier, Section.BUDGET)).content.decode()
    data = donnees_postees(DEFINITIONS[Section.BUDGET], dossier)
    data.update(version=str(dossier.version(Section.BUDGET)), _base=BASE.search(page).group(1), **changes)
    return data


def test_la_page_de_300_lignes_et_enregistrer_sans_javascript(connecte, candidat):
    dossier = _dossier(candidat, 300)
    reponse = connecte.get(url_section(dossier, Section.BUDGET))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert contenu.count('class="ligne ligne--depense"') == 300
    premiere = dossier.depenses.order_by("id").first()
    data = _donnees_enregistrer(connecte, dossier, **{f"depense-{premiere.pk}-objet": "Plan de formation"})
    assert len(data) > 2_000  # over Django's default DATA_UPLOAD_MAX_NUMBER_FIELDS (1 000)
    reponse = connecte.post(url_section(dossier, Section.BUDGET), data)
    assert reponse.status_code == 302  # « Section enregistrée. », back to the page
    assert LigneDepense.objects.get(pk=premiere.pk).objet == "Plan de formation"


def test_enregistrer_300_lignes_avec_htmx(connecte, candidat):
    dossier = _dossier(candidat, 300)
    premiere = dossier.depenses.order_by("id").first()
    data = _donnees_enregistrer(connecte, dossier, **{f"depense-{premiere.pk}-cout_unitaire": "4 000"})
    reponse = connecte.post(url_section(dossier, Section.BUDGET), data, headers=HTMX)
    assert reponse.status_code == 200
    assert "Enregistré à" in reponse.content.decode()
    ligne = LigneDepense.objects.get(pk=premiere.pk)
    assert (ligne.cout_unitaire, ligne.montant) == (4000, 40_000)  # 10 unités × 4 000


def test_enregistrer_avec_htmx_ne_renvoie_que_ce_qui_change(connecte, candidat):
    """« Enregistrer » with htmx, 300 lines: the answer of an autosave (out-of-band: the status, the
    version, the base, the amount the server computed), not the section (``HX-Reswap: none``); the
    whole section again only when a line changes its place (« Action n° »)."""
    dossier = _dossier(candidat, 300)
    premiere = dossier.depenses.filter(groupe=GroupeDepense.AXE_1).order_by("id").first()
    prefixe = f"depense-{premiere.pk}"
    data = _donnees_enregistrer(connecte, dossier, **{f"{prefixe}-cout_unitaire": "4 000"})
    page = connecte.get(url_section(dossier, Section.BUDGET))
    reponse = connecte.post(url_section(dossier, Section.BUDGET), data, headers=HTMX)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and reponse["HX-Reswap"] == "none"
    assert "Enregistré à" in contenu and 'id="contenu-section"' not in contenu
    assert f'id="id_{prefixe}-montant-bloc" hx-swap-oob="innerHTML"' in contenu  # 10 × 4 000 computed
    assert 'id="version-section"' in contenu and 'id="base-section"' in contenu
    assert len(reponse.content) * 20 < len(page.content)
    assert LigneDepense.objects.get(pk=premiere.pk).montant == 40_000

    dossier.refresh_from_db()
    data = _donnees_enregistrer(connecte, dossier, **{f"{prefixe}-numero_action": "3"})
    reponse = connecte.post(url_section(dossier, Section.BUDGET), data, headers=HTMX)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and "HX-Reswap" not in reponse
    assert 'id="contenu-section"' in contenu
    assert contenu.index("Action n°: 3") < contenu.index(f'id="ligne-depense-{premiere.pk}"')
    assert LigneDepense.objects.get(pk=premiere.pk).numero_action == 3


def _de_la_ligne_ou_hors_lignes(nom: str, prefixe: str) -> bool:
    """What portail.js keeps of a post limited to the row ``prefixe``: its fields, no other row's."""
    return not nom.startswith(("depense-", "financement-")) or nom.startswith(prefixe + "-")


def _base_de_la_ligne(base: str, prefixe: str) -> str:
    """The page's ``_base`` as portail.js sends it for the row ``prefixe`` only."""
    return ",".join(p for p in base.split(",") if _de_la_ligne_ou_hors_lignes(p.split(":")[0], prefixe))


def test_enregistrer_n_envoie_que_les_lignes_saisies_et_la_page_les_montre_toutes(connecte, candidat):
    """The « Enregistrer » button sends the rows typed in only (``_lignes``, static/ami/portail.js), as an
    autosave: saved, the answer of an autosave. With an error, the whole section comes back: the row sent
    with its error and what was typed, every other row as stored, and the base of every row (the conflict
    check of the rows not sent)."""
    dossier = _dossier(candidat, 300)
    premiere, autre = dossier.depenses.order_by("id")[:2]
    prefixe = f"depense-{premiere.pk}"
    tout = _donnees_enregistrer(connecte, dossier)
    envoye = {nom: valeur for nom, valeur in tout.items() if _de_la_ligne_ou_hors_lignes(nom, prefixe)}
    envoye["_base"] = _base_de_la_ligne(tout["_base"], prefixe)
    url = url_section(dossier, Section.BUDGET)
    reponse = connecte.post(
        url, {**envoye, f"{prefixe}-objet": "Objet changé", "_lignes": prefixe}, headers=HTMX
    )
    assert reponse.status_code == 200 and reponse["HX-Reswap"] == "none"
    assert LigneDepense.objects.get(pk=premiere.pk).objet == "Objet changé"

    dossier.refresh_from_db()
    envoye["version"] = str(dossier.version(Section.BUDGET))
    envoye["_base"] = _base_de_la_ligne(BASE.search(connecte.get(url).content.decode()).group(1), prefixe)
    reponse = connecte.post(
        url, {**envoye, f"{prefixe}-nombre_unites": "douze", "_lignes": prefixe}, headers=HTMX
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and "HX-Reswap" not in reponse
    assert contenu.count('class="ligne ligne--depense"') == 300  # every row, not the one sent
    assert re.search(rf'name="{prefixe}-nombre_unites"[^>]*value="douze"', contenu)
    assert "Saisissez un nombre" in contenu
    base = BASE.search(contenu).group(1)
    assert f"depense-{autre.pk}-objet:" in base and f"{prefixe}-objet:" in base


def test_le_maximum_de_lignes_est_dit_a_cote_du_bouton(connecte, dossier):
    LigneDepense.objects.bulk_create(
        LigneDepense(dossier=dossier, groupe=GroupeDepense.AXE_1, nature=NatureDepense.EQUIPE_ANIMATION)
        for _ in range(MAX_LIGNES)
    )
    url = reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.BUDGET, "depense"])
    page = connecte.get(url_section(dossier, Section.BUDGET)).content.decode()
    assert 'id="ajout-depense-axe_1-refus"' in page  # the message's place, next to the button

    reponse = connecte.post(url, {"valeur": GroupeDepense.AXE_1}, headers=HTMX)
    assert reponse.status_code == 200
    assert reponse["HX-Retarget"] == "#ajout-depense-axe_1-refus"
    assert f"Le budget compte déjà {MAX_LIGNES} lignes, le maximum admis par le portail" in (
        reponse.content.decode()
    )
    assert dossier.depenses.count() == MAX_LIGNES

    financement = reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.BUDGET, "financement"])
    reponse = connecte.post(financement, {"valeur": ""}, headers=HTMX)
    assert reponse["HX-Retarget"] == "#ajout-financement-refus"
    assert dossier.financements.count() == 0

    # Without htmx: the message on the section's page.
    reponse = connecte.post(url, {"valeur": GroupeDepense.AXE_1}, follow=True)
    assert "le maximum admis par le portail" in reponse.content.decode()
    assert dossier.depenses.count() == MAX_LIGNES

    # One line removed: one may be added again; then « Annuler » the removal would go over the maximum.
    premiere = dossier.depenses.order_by("id").first()
    retrait = reverse(
        "candidatures:ligne_supprimer", args=[dossier.pk, Section.BUDGET, "depense", premiere.pk]
    )
    jeton = json.loads(connecte.post(retrait, headers=HTMX)["HX-Trigger"])["ami:ligne-retiree"]["jeton"]
    reponse = connecte.post(url, {"valeur": GroupeDepense.AXE_1}, headers=HTMX)
    assert "HX-Retarget" not in reponse and dossier.depenses.count() == MAX_LIGNES
    retablir = reverse("candidatures:ligne_restaurer", args=[dossier.pk, Section.BUDGET, "depense"])
    reponse = connecte.post(retablir, {"jeton": jeton}, headers=HTMX)
    assert reponse["HX-Retarget"] == "#statut-enregistrement"
    assert "le maximum admis par le portail" in reponse.content.decode()
    assert dossier.depenses.count() == MAX_LIGNES


def test_la_limite_sert_l_ajout_de_lignes_d_un_autre_porteur_en_404(client, dossier):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    url = reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.BUDGET, "depense"])
    assert client.post(url, {"valeur": GroupeDepense.AXE_1}, headers=HTMX).status_code == 404


def _requetes(fonction) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = fonction()
    assert reponse.status_code in (200, 302)
    return len(requetes)


def test_requetes_independantes_du_nombre_de_lignes(connecte, candidat):
    petit, grand = _dossier(candidat, 10), _dossier(candidat, 200)
    comptes = {}
    for d in (petit, grand):
        url = url_section(d, Section.BUDGET)
        connecte.get(url)  # the first view stores the completion summary: not measured
        premiere = d.depenses.order_by("id").first()
        data = _donnees_enregistrer(connecte, d, **{f"depense-{premiere.pk}-objet": "Autre objet"})
        comptes[d.pk] = (
            _requetes(lambda url=url: connecte.get(url)),
            _requetes(lambda url=url, data=data: connecte.post(url, data, headers=HTMX)),
        )
    assert comptes[petit.pk] == comptes[grand.pk]


# --- The fields as django-dsfr's snippets write them ------------------------------------------------


class _Jetons(HTMLParser):
    """Tags with their attributes (sorted, classes and aria-describedby as sets) and texts, whitespace
    collapsed: two markups a browser shows and reads the same give the same tokens."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.jetons = []

    def handle_starttag(self, tag, attrs):
        valeurs = {
            nom: " ".join(sorted((v or "").split())) if nom in ("class", "aria-describedby") else v
            for nom, v in attrs
        }
        self.jetons.append(("<", tag, tuple(sorted(valeurs.items()))))

    def handle_endtag(self, tag):
        self.jetons.append(("</", tag))

    def handle_data(self, data):
        texte = " ".join(data.split())
        if texte:
            if self.jetons and self.jetons[-1][0] == "texte":
                self.jetons[-1] = ("texte", f"{self.jetons[-1][1]} {texte}")
            else:
                self.jetons.append(("texte", texte))


def _jetons(html: str) -> list:
    analyse = _Jetons()
    analyse.feed(str(html))
    return analyse.jetons


def _snippet_dsfr(bf) -> str:
    if bf.widget_type == "radioselect":
        return bf.render(template_name="dsfr/form_field_snippets/radioselect_snippet.html")
    return bf.render(template_name="dsfr/form_field_snippets/input_snippet.html")


@pytest.mark.parametrize("groupe", [GroupeDepense.TRANSVERSAL, GroupeDepense.AXE_2])
@pytest.mark.parametrize("avec_erreurs", [False, True])
def test_chaque_champ_est_ecrit_comme_par_django_dsfr(dossier, groupe, avec_erreurs):
    ligne = LigneDepense.objects.create(
        dossier=dossier, groupe=groupe, nature=NatureDepense.FRAIS_GENERAUX, objet="<b>Plan</b> « x »"
    )
    data = None
    if avec_erreurs:
        prefixe = f"{DEPENSES.cle}-{ligne.pk}"
        data = {
            f"{prefixe}-numero_action": "0",
            f"{prefixe}-nature": "inconnue",
            f"{prefixe}-nombre_unites": "douze",
            f"{prefixe}-cout_unitaire": "-3",
            f"{prefixe}-objet": '"><script>alert(1)</script>',
            f"{prefixe}-deja_financee_etat": "peut-être",
            f"{prefixe}-unite": "x" * 70,
        }
    # Two forms of the same data: rendering a field marks its widget (django-dsfr's aria-invalid).
    ecrits, dsfr = DEPENSES.formulaire_pour(ligne, data), DEPENSES.formulaire_pour(ligne, data)
    assert isinstance(ecrits, LigneDepenseForm)
    if data:
        assert not ecrits.is_valid() and not dsfr.is_valid()
        assert set(ecrits.errors) >= {
            "nature",
            "nombre_unites",
            "cout_unitaire",
            "unite",
            "deja_financee_etat",
        }
    for nom in ecrits.fields:
        ecrit = ecrits[nom].as_field_group()  # budget/champ.html: budget/champ_ligne.html, as in the row
        assert "champ_ligne.html" not in ecrit and 'name="' in ecrit
        assert _jetons(ecrit) == _jetons(_snippet_dsfr(dsfr[nom])), nom
        assert ("fr-message--error" in ecrit or "errorlist" in ecrit) == (nom in ecrits.errors), nom
    assert "<script>" not in ecrits["objet"].as_field_group()


def test_la_ligne_de_la_page_est_celle_de_l_ajout(connecte, dossier):
    """The page's row and the row an « Ajouter » answers: the same fields, written the same way."""
    url = reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.BUDGET, "depense"])
    ajout = connecte.post(url, {"valeur": GroupeDepense.AXE_1}, headers=HTMX).content.decode()
    ligne = dossier.depenses.get()
    page = connecte.get(url_section(dossier, Section.BUDGET)).content.decode()
    debut = page.index(f'id="ligne-depense-{ligne.pk}"')
    cellules = page[debut : page.index('<td class="etat-retirer">', debut)]
    cellules_ajout = ajout[
        ajout.index(f'id="ligne-depense-{ligne.pk}"') : ajout.index('<td class="etat-retirer">')
    ]
    # « Action n° », the model's 8 columns, « déjà financée par l'État »
    assert cellules.count("<td") == cellules_ajout.count("<td") == 10
    assert _jetons(cellules) == _jetons(cellules_ajout)
