"""Issue 17, point 3: an error stays tied to its field. A value saved with an error (« pas-un-mail »), or
that its column cannot hold (« abc » in a cost), is kept as typed (``Dossier.erreurs_saisie``) and
validated again on every load: the error shows next to the field (aria-invalid, aria-describedby, DSFR
error style) and in the save status, which names the rows, until it is corrected; the overview flags it."""

import re

import pytest
from django.urls import reverse

from budget.models import LigneDepense
from budget.natures import GroupeDepense
from candidatures.models import Dossier, Section
from candidatures.sections import DEFINITIONS, DEPENSES, libelle_ligne
from tests.dossier.outils import balise, donnees_postees, erreurs_du_champ, url_section

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
COURRIEL_INVALIDE = "Saisissez une adresse"  # core.validators.valider_courriel's message begins so


def _autosave(client, dossier, section, **champs):
    dossier.refresh_from_db()
    data = donnees_postees(DEFINITIONS[section], dossier)
    data.update(version=dossier.version(section), _autosave="1", **champs)
    reponse = client.post(url_section(dossier, section), data, headers=HTMX)
    assert reponse.status_code == 200
    return reponse.content.decode()


def _groupe(page: str, auto_id: str) -> str:
    trouve = re.search(rf'<div class="([^"]*)" id="{re.escape(auto_id)}-groupe">', page)
    assert trouve, f"pas de groupe pour {auto_id}"
    return trouve.group(1)


def _ligne(dossier, objet="Plan de formation", groupe=GroupeDepense.AXE_1):
    return LigneDepense.objects.create(dossier=dossier, groupe=groupe, objet=objet, nature="communication")


def test_un_courriel_invalide_revient_a_chaque_chargement_lie_a_son_champ(connecte, dossier):
    _autosave(connecte, dossier, Section.CHEF_DE_FILE, interlocuteur1_courriel="pas-un-mail")

    page = connecte.get(url_section(dossier, Section.CHEF_DE_FILE)).content.decode()
    champ = balise(page, "interlocuteur1_courriel")
    assert 'value="pas-un-mail"' in champ
    assert 'aria-invalid="true"' in champ
    assert re.search(r'aria-describedby="[^"]*id_interlocuteur1_courriel-desc-error', champ)
    assert "fr-input--error" in champ
    assert "fr-input-group--error" in _groupe(page, "id_interlocuteur1_courriel")
    erreur = erreurs_du_champ(page, "id_interlocuteur1_courriel")
    assert "fr-message--error" in erreur and COURRIEL_INVALIDE in erreur
    assert "1 champ à corriger" in page
    # A field without error: described by its (empty) container, never marked invalid.
    nom = balise(page, "interlocuteur1_nom")
    assert "aria-invalid" not in nom and 'aria-describedby="id_interlocuteur1_nom-desc-error"' in nom
    assert "fr-input-group--error" not in _groupe(page, "id_interlocuteur1_nom")


def test_l_erreur_disparait_quand_le_champ_est_corrige(connecte, dossier):
    _autosave(connecte, dossier, Section.CHEF_DE_FILE, interlocuteur1_courriel="pas-un-mail")
    dossier.refresh_from_db()
    assert (
        dossier.erreurs_saisie[Section.CHEF_DE_FILE][""]["interlocuteur1_courriel"]["valeur"] == "pas-un-mail"
    )

    reponse = _autosave(
        connecte, dossier, Section.CHEF_DE_FILE, interlocuteur1_courriel="c.martin@exemple.fr"
    )
    assert "Enregistré à" in reponse
    dossier.refresh_from_db()
    assert dossier.erreurs_saisie == {}
    page = connecte.get(url_section(dossier, Section.CHEF_DE_FILE)).content.decode()
    assert "aria-invalid" not in balise(page, "interlocuteur1_courriel")
    assert erreurs_du_champ(page, "id_interlocuteur1_courriel").strip() == ""
    assert "à corriger" not in page


def test_un_cout_qui_n_est_pas_un_nombre_est_garde_tel_que_tape_et_revient(connecte, dossier):
    ligne = _ligne(dossier)
    nom = f"depense-{ligne.pk}-montant"
    _autosave(connecte, dossier, Section.BUDGET, **{nom: "abc"})
    ligne.refresh_from_db()
    assert ligne.montant is None  # a decimal column cannot hold it: kept in erreurs_saisie

    page = connecte.get(url_section(dossier, Section.BUDGET)).content.decode()
    champ = balise(page, nom)
    assert 'value="abc"' in champ and 'aria-invalid="true"' in champ
    assert f"id_{nom}-desc-error" in champ
    assert "Saisissez un nombre" in erreurs_du_champ(page, f"id_{nom}")
    libelle = DEPENSES.formulaire_pour(ligne).fields["montant"].label
    assert f"{libelle} (dépense « Plan de formation », axe 1)" in page


def test_le_statut_nomme_chaque_ligne(connecte, dossier):
    lignes = [
        _ligne(dossier, "Plan de formation"),
        _ligne(dossier, "Séminaire", GroupeDepense.AXE_2),
        _ligne(dossier, "", GroupeDepense.TRANSVERSAL),
    ]
    champs = {f"depense-{ligne.pk}-montant": "abc" for ligne in lignes}
    reponse = _autosave(connecte, dossier, Section.BUDGET, **champs)
    assert "3 champs à corriger" in reponse
    for attendu in (
        "(dépense « Plan de formation », axe 1)",
        "(dépense « Séminaire », axe 2)",
        "(dépense « Communication », dépenses transversales)",  # no objet: its nature names it
    ):
        assert attendu in reponse
    page = connecte.get(url_section(dossier, Section.BUDGET)).content.decode()
    assert "3 champs à corriger" in page and "(dépense « Séminaire », axe 2)" in page


def test_libelle_d_une_ligne_sans_intitule():
    ligne = LigneDepense(groupe=GroupeDepense.AXE_3)
    assert libelle_ligne("depense", ligne) == "dépense sans intitulé, axe 3"


def test_une_ligne_non_envoyee_garde_son_erreur_une_ligne_retiree_la_perd(connecte, dossier):
    premiere, seconde = _ligne(dossier, "Plan de formation"), _ligne(dossier, "Séminaire")
    _autosave(connecte, dossier, Section.BUDGET, **{f"depense-{premiere.pk}-montant": "abc"})
    # An autosave that sends only the second row: the first keeps its error.
    data = {
        k: v
        for k, v in donnees_postees(DEFINITIONS[Section.BUDGET], dossier).items()
        if not k.startswith(f"depense-{premiere.pk}-")
    }
    dossier.refresh_from_db()
    data.update(
        version=dossier.version(Section.BUDGET),
        _autosave="1",
        _lignes=f"depense-{seconde.pk}",
        **{f"depense-{seconde.pk}-objet": "Séminaire de lancement"},
    )
    connecte.post(url_section(dossier, Section.BUDGET), data, headers=HTMX)
    dossier.refresh_from_db()
    assert list(dossier.erreurs_saisie[Section.BUDGET]) == [f"depense-{premiere.pk}"]

    url = reverse("candidatures:ligne_supprimer", args=[dossier.pk, Section.BUDGET, "depense", premiere.pk])
    connecte.post(url, headers=HTMX)
    dossier.refresh_from_db()
    assert dossier.erreurs_saisie == {}


def test_la_vue_d_ensemble_signale_les_valeurs_a_corriger(connecte, dossier):
    ligne = _ligne(dossier)
    _autosave(connecte, dossier, Section.CHEF_DE_FILE, interlocuteur1_courriel="pas-un-mail")
    _autosave(connecte, dossier, Section.BUDGET, **{f"depense-{ligne.pk}-montant": "abc"})

    page = connecte.get(reverse("candidatures:apercu", args=[dossier.pk])).content.decode()
    blocs = re.findall(
        r'<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w a-corriger">(.*?)</div>', page, re.S
    )
    assert len(blocs) == 2
    assert "« pas-un-mail »" in blocs[0] and COURRIEL_INVALIDE in blocs[0]
    assert "« abc »" in blocs[1] and "(dépense « Plan de formation », axe 1)" in blocs[1]
    assert url_section(dossier, Section.BUDGET) in blocs[1]


def test_sans_erreur_la_page_ne_coute_aucune_requete_de_plus(connecte, dossier):
    """The errors are read from the dossier already loaded: nothing to correct, nothing validated."""
    connecte.get(url_section(dossier, Section.CHEF_DE_FILE))  # warm the caches (session, appel)
    assert Dossier.objects.get(pk=dossier.pk).erreurs_saisie == {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sans:
        connecte.get(url_section(dossier, Section.CHEF_DE_FILE))
    _autosave(connecte, dossier, Section.CHEF_DE_FILE, interlocuteur1_courriel="pas-un-mail")
    with CaptureQueriesContext(connection) as avec:
        connecte.get(url_section(dossier, Section.CHEF_DE_FILE))
    assert len(avec) <= len(sans) + 1  # at most the unique check of the form validated again
