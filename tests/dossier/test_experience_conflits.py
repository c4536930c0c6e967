"""Issue 17 point 1: the merge of a save, field by field, against what the page was loaded with (its base).
A conflict writes nothing until the person chooses, the next keystroke included; a field the other person
did not touch is never a conflict; the same account in two tabs is two pages."""

import html
import re

import pytest
from django.test import Client

from candidatures.differences import decoder_bases, empreinte, encoder_bases, fusionner
from candidatures.fusion import empreintes_saisie
from candidatures.models import Dossier, Section
from candidatures.sections import DEFINITIONS, saisie
from consortium.models import Membre, TypeMembre
from tests.dossier.outils import balise, chef_de_file, donnees_postees, url_section

# ---------------------------------------------------------------------------------------------------------
# The three-way merge, alone.


def _f(**valeurs):
    return {nom: empreinte(v) for nom, v in valeurs.items()}


def test_un_champ_que_l_autre_n_a_pas_touche_n_est_jamais_un_conflit():
    fusion = fusionner(_f(a="x", b="y"), _f(a="x", b="Y de l’autre"), _f(a="x modifié ici", b="y"))
    assert fusion.conflits == ()
    assert fusion.ecrits == {"a"}  # changed here only: written
    assert fusion.repris == {"b"}  # changed elsewhere only: stays as stored


def test_un_champ_change_des_deux_cotes_est_un_conflit_sauf_a_la_meme_valeur():
    fusion = fusionner(_f(a="x", b="y"), _f(a="x de l’autre", b="pareil"), _f(a="x d’ici", b="pareil"))
    assert fusion.conflits == ("a",)
    assert fusion.ecrits == {"b"}
    assert fusion.repris == frozenset()


def test_un_champ_absent_de_la_base_a_pour_base_sa_valeur_enregistree():
    # A row added since the page was loaded: what it holds now is its base.
    fusion = fusionner({}, _f(a="enregistré", b="enregistré"), _f(a="tapé", b="enregistré"))
    assert fusion.conflits == ()
    assert fusion.ecrits == {"a", "b"}


def test_les_bases_s_encodent_et_se_relisent():
    bases = {"adresse": "0a1b2c3d4e5f", "membre-12-structure": "ffeeddccbbaa"}
    assert decoder_bases(encoder_bases(bases)) == bases
    assert decoder_bases("") == {}
    assert decoder_bases(None) is None


@pytest.mark.django_db
@pytest.mark.parametrize("section", list(DEFINITIONS))
def test_une_page_renvoyee_telle_quelle_ne_change_aucun_champ(complet, section):
    """What a page posts untouched has, field by field, the fingerprint of what it was loaded with: no
    field counts as changed here (else it could become a conflict the person never made)."""
    definition = DEFINITIONS[section]
    stockee = saisie(definition, complet)
    postee = saisie(definition, complet, donnees_postees(definition, complet))
    assert empreintes_saisie(postee) == empreintes_saisie(stockee)


# ---------------------------------------------------------------------------------------------------------
# Through the section's page.

pytestmark = pytest.mark.django_db


def _page(navigateur, url) -> dict:
    """What the page holds for the next save: its version and its base."""
    contenu = navigateur.get(url).content.decode()
    return _champs_caches(contenu)


def _champs_caches(contenu) -> dict:
    version = re.search(r'name="version" id="version-section" value="(\d+)"', contenu)
    base = re.search(r'name="_base" id="base-section" value="([^"]*)"', contenu)
    assert version and base, "la page n’a pas sa version et sa base"
    return {"version": version.group(1), "_base": html.unescape(base.group(1))}


def _deux(client, candidat, collegue, dossier=None):
    """Two members logged in; with ``dossier``, its « chef de file » filled as ``chef_de_file`` fills it."""
    client.force_login(candidat)
    autre = Client()
    autre.force_login(collegue)
    if dossier is not None:
        assert client.post(url_section(dossier, Section.CHEF_DE_FILE), chef_de_file()).status_code == 302
    return client, autre


AUTOSAVE = {"headers": {"HX-Request": "true"}}


def test_deux_membres_sur_des_champs_differents_tout_est_garde(client, dossier, candidat, collegue):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    a, b = _deux(client, candidat, collegue, dossier)
    page_a, page_b = _page(a, url), _page(b, url)

    assert a.post(url, chef_de_file(**page_a, adresse="Adresse de Camille")).status_code == 302
    # B's page still shows the old address: it posts it, with a new name.
    reponse = b.post(
        url, chef_de_file(**page_b, nom_chef_de_file="Nom de Dominique", _autosave="1"), **AUTOSAVE
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Enregistré à" in contenu and "conflit" not in contenu
    dossier.refresh_from_db()
    assert dossier.adresse == "Adresse de Camille"
    assert dossier.nom_chef_de_file == "Nom de Dominique"


def test_apres_un_conflit_la_frappe_suivante_n_ecrase_rien(client, dossier, candidat, collegue):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    a, b = _deux(client, candidat, collegue)
    page_a, page_b = _page(a, url), _page(b, url)
    assert a.post(url, chef_de_file(**page_a, adresse="Adresse de Camille")).status_code == 302

    premier = b.post(url, chef_de_file(**page_b, adresse="Adresse de Dom", _autosave="1"), **AUTOSAVE)
    contenu = premier.content.decode()
    assert "votre saisie n’est pas enregistrée" in contenu
    assert "Adresse de Camille" in contenu and "Adresse de Dom" in contenu
    # The answer keeps the page's version and base: the next save meets the same conflict.
    assert _champs_caches(contenu) == page_b

    suite = b.post(url, chef_de_file(**page_b, adresse="Adresse de Dominique", _autosave="1"), **AUTOSAVE)
    assert "votre saisie n’est pas enregistrée" in suite.content.decode()
    # The plain « Enregistrer » button is no choice either.
    bouton = b.post(url, chef_de_file(**page_b, adresse="Adresse de Dominique"), **AUTOSAVE)
    assert "votre saisie n’est pas enregistrée" in bouton.content.decode()
    sans_htmx = b.post(url, chef_de_file(**page_b, adresse="Adresse de Dominique"))
    assert sans_htmx.status_code == 409

    dossier.refresh_from_db()
    assert dossier.adresse == "Adresse de Camille"
    assert dossier.modifie_par == candidat


def test_le_meme_compte_dans_deux_onglets_est_un_conflit(connecte, dossier, candidat):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    onglet_1, onglet_2 = _page(connecte, url), _page(connecte, url)
    assert connecte.post(url, chef_de_file(**onglet_1, adresse="Onglet 1")).status_code == 302

    reponse = connecte.post(url, chef_de_file(**onglet_2, adresse="Onglet 2", _autosave="1"), **AUTOSAVE)

    assert "votre saisie n’est pas enregistrée" in reponse.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).adresse == "Onglet 1"


def test_les_propres_sauvegardes_d_une_page_ne_la_bloquent_jamais(connecte, dossier):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    page = _page(connecte, url)
    for texte in ("2 rue", "2 rue de", "2 rue de Lille"):
        reponse = connecte.post(url, chef_de_file(**page, adresse=texte, _autosave="1"), **AUTOSAVE)
        assert "Enregistré à" in reponse.content.decode()
        page = _champs_caches(reponse.content.decode())  # the out-of-band refresh of the page
    assert Dossier.objects.get(pk=dossier.pk).adresse == "2 rue de Lille"


def _en_conflit(client, candidat, collegue, dossier):
    """A changed address and name; B, from a stale page, changed both too and the phone."""
    url = url_section(dossier, Section.CHEF_DE_FILE)
    a, b = _deux(client, candidat, collegue, dossier)
    page_a, page_b = _page(a, url), _page(b, url)
    saisie_a = chef_de_file(**page_a, adresse="Adresse de Camille", nom_chef_de_file="Nom de Camille")
    assert a.post(url, saisie_a).status_code == 302
    saisie_b = chef_de_file(
        **page_b,
        adresse="Adresse de Dominique",
        nom_chef_de_file="Nom de Dominique",
        interlocuteur1_telephone="03 20 00 00 01",
    )
    assert b.post(url, saisie_b).status_code == 409
    return url, b, saisie_b


def test_garder_la_version_enregistree_garde_les_autres_modifications(client, dossier, candidat, collegue):
    url, b, saisie_b = _en_conflit(client, candidat, collegue, dossier)

    reponse = b.post(url, {**saisie_b, "_resolution": "enregistree"}, **AUTOSAVE)

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Enregistré à" in contenu
    assert "Adresse de Camille" in balise(contenu, "adresse")  # the page shows what is kept
    dossier.refresh_from_db()
    assert (dossier.adresse, dossier.nom_chef_de_file) == ("Adresse de Camille", "Nom de Camille")
    assert dossier.interlocuteur1_telephone == "03 20 00 00 01"  # B's own change, not in conflict


def test_enregistrer_ma_version(client, dossier, candidat, collegue):
    url, b, saisie_b = _en_conflit(client, candidat, collegue, dossier)

    assert b.post(url, {**saisie_b, "_forcer": "1"}).status_code == 302

    dossier.refresh_from_db()
    assert (dossier.adresse, dossier.nom_chef_de_file) == ("Adresse de Dominique", "Nom de Dominique")
    assert dossier.modifie_par.first_name == "Dominique"


def test_choisir_champ_par_champ(client, dossier, candidat, collegue):
    url, b, saisie_b = _en_conflit(client, candidat, collegue, dossier)

    incomplet = b.post(url, {**saisie_b, "_resoudre": "1", "_garder-adresse": "mienne"}, **AUTOSAVE)
    contenu = incomplet.content.decode()
    assert "Choisissez une version pour 1 champ encore" in contenu
    assert re.search(r'name="_garder-adresse" value="mienne"[^>]*checked', contenu)  # the choice stays
    assert Dossier.objects.get(pk=dossier.pk).adresse == "Adresse de Camille"

    choix = {"_resoudre": "1", "_garder-adresse": "mienne", "_garder-nom_chef_de_file": "enregistree"}
    assert b.post(url, {**saisie_b, **choix}).status_code == 302

    dossier.refresh_from_db()
    assert (dossier.adresse, dossier.nom_chef_de_file) == ("Adresse de Dominique", "Nom de Camille")
    assert dossier.interlocuteur1_telephone == "03 20 00 00 01"


def test_une_ligne_modifiee_des_deux_cotes_est_un_conflit_les_autres_lignes_non(
    client, dossier, candidat, collegue
):
    url = url_section(dossier, Section.CONSORTIUM)
    premier = Membre.objects.create(dossier=dossier, type=TypeMembre.ASSOCIATION, structure="Asso")
    second = Membre.objects.create(dossier=dossier, type=TypeMembre.ASSOCIATION, structure="Club")
    a, b = _deux(client, candidat, collegue)
    page_a, page_b = _page(a, url), _page(b, url)
    definition = DEFINITIONS[Section.CONSORTIUM]
    donnees = donnees_postees(definition, dossier)

    saisie_a = {**donnees, **page_a, f"membre-{premier.pk}-structure": "Asso de Camille"}
    assert a.post(url, saisie_a).status_code == 302
    # B changes the second row only: no conflict, A's change of the first stays.
    saisie_b = {**donnees, **page_b, f"membre-{second.pk}-structure": "Club de Dominique", "_autosave": "1"}
    assert "Enregistré à" in b.post(url, saisie_b, **AUTOSAVE).content.decode()
    premier.refresh_from_db()
    second.refresh_from_db()
    assert (premier.structure, second.structure) == ("Asso de Camille", "Club de Dominique")

    # B, still on the page loaded before A's save, now types in the first row: a conflict named by its row.
    saisie_b[f"membre-{premier.pk}-structure"] = "Asso de Dominique"
    contenu = b.post(url, saisie_b, **AUTOSAVE).content.decode()
    assert "votre saisie n’est pas enregistrée" in contenu
    assert "— ligne 1" in contenu
    premier.refresh_from_db()
    assert premier.structure == "Asso de Camille"
