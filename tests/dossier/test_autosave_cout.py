"""The autosave's cost: a fixed number of queries whatever the size of the dossier, a small answer (the
status line and what changed around the form, candidatures.affiche), and a page that shows after any
number of autosaves what a reload would show."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidatures.models import Dossier, Section
from candidatures.sections import DEFINITIONS
from demo.exemples import dossier_complet
from tests.dossier.outils import donnees_postees, url_section
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# The parts of the page an autosave refreshes out of band, by the id the answer names.
PARTIES = {
    "regle": re.compile(r'<li class="recevabilite__regle[^"]*" id="(regle-[A-Z0-9]+)".*?</li>', re.S),
    "menu": re.compile(r'<nav [^>]*id="(menu-sections)".*?</nav>', re.S),
    "liste": re.compile(r'<section id="(recevabilite)".*?</section>', re.S),
}


def _champ(page: str, identifiant: str) -> str:
    return re.search(rf'<input[^>]*id="{identifiant}"[^>]*value="([^"]*)"', page).group(1)


def _formulaire(dossier, section) -> dict:
    return donnees_postees(DEFINITIONS[section], dossier)


class Page:
    """A section's page as the browser holds it: the parts an autosave may swap, the version and the
    fingerprints of the form; ``appliquer`` swaps an autosave's answer in, as htmx does (by id)."""

    def __init__(self, client, dossier, section):
        self.client, self.dossier, self.section = client, dossier, section
        self.url = url_section(dossier, section)
        html = client.get(self.url).content.decode()
        self.parties = self._parties(html)
        self.version, self.affiche = _champ(html, "version-section"), _champ(html, "affiche-section")

    @staticmethod
    def _parties(html: str) -> dict:
        parties = {}
        for motif in PARTIES.values():
            for trouve in motif.finditer(html):
                parties[trouve.group(1)] = trouve.group(0).replace(' hx-swap-oob="true"', "")
        if "recevabilite" in parties:  # its lines are parts of their own: in it, only their place
            parties["recevabilite"] = PARTIES["regle"].sub(r"\1", parties["recevabilite"])
        return parties

    def autosave(self, **changes) -> str:
        data = _formulaire(Dossier.objects.get(pk=self.dossier.pk), self.section)
        data.update(version=self.version, _affiche=self.affiche, _autosave="1", _lignes="")
        data.update(changes, _champ=next(iter(changes)))
        with CaptureQueriesContext(connection) as requetes:
            reponse = self.client.post(self.url, data, headers=HTMX)
        self.requetes = requetes.captured_queries
        assert reponse.status_code == 200
        html = reponse.content.decode()
        self.version, self.affiche = _champ(html, "version-section"), _champ(html, "affiche-section")
        recues = self._parties(html)
        if "recevabilite" in recues:  # the whole checklist: every line in it
            self.parties = {k: v for k, v in self.parties.items() if not k.startswith("regle-")}
        self.parties.update(recues)
        return html

    def comme_rechargee(self) -> bool:
        rechargee = Page(self.client, self.dossier, self.section)
        assert rechargee.parties.keys() == self.parties.keys()
        differentes = [k for k in self.parties if self.parties[k] != rechargee.parties[k]]
        assert differentes == []
        return True


def _requetes_et_taille(client, dossier) -> tuple[int, int]:
    page = Page(client, dossier, Section.CHEF_DE_FILE)
    html = page.autosave(interlocuteur1_fonction="Directrice adjointe de l’insertion")
    assert "Enregistré à" in html
    return len(page.requetes), len(html.encode())


def test_autosave_nombre_de_requetes_constant_et_reponse_petite(connecte, candidat):
    petit = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=4, lignes=8)
    grand = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=30, lignes=80)
    for d in (petit, grand):  # the first page stores the completion summary (one UPDATE): not measured
        connecte.get(url_section(d, Section.CHEF_DE_FILE))

    (requetes_petit, octets_petit), (requetes_grand, octets_grand) = (
        _requetes_et_taille(connecte, petit),
        _requetes_et_taille(connecte, grand),
    )

    # Session, user, the dossier locked (with call, porteur, last editor), the UPDATE of the save, the
    # snapshot of the rules (``charger``: 8), the savepoint's release.
    assert requetes_petit == requetes_grand == AUTOSAVE_REQUETES
    # The status line, the version, the fingerprints and the (empty) error containers of the form's
    # fields: nothing around the form changed (16 KB with the whole checklist and the menu before).
    assert octets_petit == octets_grand < 3000, (octets_petit, octets_grand)


AUTOSAVE_REQUETES = 14


def test_autosave_envoie_ce_qui_change_et_la_page_reste_celle_d_un_rechargement(connecte, candidat):
    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    page = Page(connecte, dossier, Section.CHEF_DE_FILE)

    # Nothing around the form changes: neither the checklist nor the menu.
    html = page.autosave(adresse="3 rue de Roubaix, 59100 Roubaix")
    assert 'id="recevabilite"' not in html and 'id="menu-sections"' not in html
    assert page.comme_rechargee()

    # The section becomes incomplete: the menu says so (its completeness), the rest is left as is.
    html = page.autosave(interlocuteur1_nom="")
    assert 'id="menu-sections" hx-swap-oob="true"' in html
    assert page.comme_rechargee()
    html = page.autosave(interlocuteur1_nom="Camille Martin")
    assert 'id="menu-sections" hx-swap-oob="true"' in html
    assert page.comme_rechargee()


def test_autosave_du_budget_les_lignes_des_regles_qui_changent(connecte, candidat):
    dossier = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    page = Page(connecte, dossier, Section.BUDGET)
    depense = dossier.depenses.order_by("id").first()
    prefixe = f"depense-{depense.pk}"

    cofinancement = dossier.financements.get(montant=Decimal("80000"))
    lignes = f"{prefixe},financement-{cofinancement.pk}"

    # 10 € more of expense and of cofinancement: the totals and the amounts in the budget rules'
    # messages change, not which rules are met: those lines only.
    html = page.autosave(
        **{f"{prefixe}-cout_unitaire": "5 001,00", f"financement-{cofinancement.pk}-montant": "80 010,00"},
        _lignes=lignes,
    )
    assert 'id="totaux-budget" class="totaux-budget" hx-swap-oob="true"' in html
    assert 'id="recevabilite"' not in html and 'hx-swap-oob="true">' in html
    assert re.search(r'id="regle-R1[1-5]" hx-swap-oob="true"', html)
    assert page.comme_rechargee()
    # A much larger expense: the budget is no longer balanced, a rule fails: the whole checklist.
    html = page.autosave(**{f"{prefixe}-cout_unitaire": "60 000,00"}, _lignes=prefixe)
    assert 'id="recevabilite" class="fr-mt-6w recevabilite"' in html
    assert page.comme_rechargee()
    html = page.autosave(**{f"{prefixe}-cout_unitaire": "5 000,00"}, _lignes=prefixe)
    assert page.comme_rechargee()


def test_autosave_sans_empreintes_envoie_tout(connecte, dossier):
    """A page loaded before the fingerprints existed (or a client that does not send them)."""
    url = url_section(dossier, Section.CHEF_DE_FILE)
    data = _formulaire(dossier, Section.CHEF_DE_FILE)
    data.update(version="0", adresse="3 rue de Roubaix", _autosave="1", _champ="adresse")
    html = connecte.post(url, data, headers=HTMX).content.decode()
    assert re.search(r'<section id="recevabilite"[^>]*hx-swap-oob="true"', html)
    assert 'id="menu-sections" hx-swap-oob="true"' in html
    assert 'id="affiche-section"' in html
