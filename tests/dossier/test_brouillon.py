"""Draft save, autosave, conflicts between members, expired session, rows added and removed."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from budget.models import LigneDepense
from budget.natures import GroupeDepense
from candidatures.models import Dossier, ReponseAxe, Section
from consortium.models import Membre, TypeMembre
from tests.dossier.outils import (
    CONNEXION,
    TELEPHONE_INVALIDE,
    balise,
    chef_de_file,
    erreurs_du_champ,
    url_section,
)

pytestmark = pytest.mark.django_db


def test_un_telephone_invalide_est_garde_avec_son_erreur_et_le_reste_est_enregistre(connecte, dossier):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    reponse = connecte.post(url, chef_de_file(interlocuteur1_telephone="03 20", adresse="2 rue de Lille"))

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert TELEPHONE_INVALIDE in erreurs_du_champ(contenu, "id_interlocuteur1_telephone")
    assert erreurs_du_champ(contenu, "id_interlocuteur1_nom").strip() == ""
    assert 'value="03 20"' in balise(contenu, "interlocuteur1_telephone")
    assert "Brouillon enregistré à" in contenu
    dossier.refresh_from_db()
    assert dossier.interlocuteur1_telephone == "03 20"  # typed, not valid yet: kept
    assert dossier.adresse == "2 rue de Lille"
    assert dossier.interlocuteur1_nom == "Camille Martin"
    assert dossier.interlocuteur1_courriel == "camille.martin@exemple.fr"
    assert dossier.version(Section.CHEF_DE_FILE) == 1

    # Displayed again when the page is loaded later.
    page = connecte.get(url).content.decode()
    assert 'value="03 20"' in balise(page, "interlocuteur1_telephone")


def test_un_telephone_valide_est_normalise(connecte, dossier):
    reponse = connecte.post(
        url_section(dossier, Section.CHEF_DE_FILE), chef_de_file(interlocuteur1_telephone="0320123456")
    )
    assert reponse.status_code == 302
    dossier.refresh_from_db()
    assert dossier.interlocuteur1_telephone == "03 20 12 34 56"
    page = connecte.get(reponse["Location"]).content.decode()
    assert 'value="03 20 12 34 56"' in balise(page, "interlocuteur1_telephone")
    assert "Section enregistrée." in page


def test_un_decimal_invalide_sur_un_axe_n_empeche_pas_d_enregistrer_le_reste(connecte, dossier):
    donnees = {
        "version": 0,
        "objectifs": "Orienter chaque allocataire dans le mois.",
        "public": "Allocataires du RSA",
        "nombre_personnes": "1500",
        "part_population": "abc",
    }
    reponse = connecte.post(url_section(dossier, Section.AXE_1), donnees)

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Saisissez un nombre." in erreurs_du_champ(contenu, "id_part_population")
    assert 'value="abc"' in balise(contenu, "part_population")
    reponse_axe = ReponseAxe.objects.get(dossier=dossier, axe=1)
    assert reponse_axe.objectifs == "Orienter chaque allocataire dans le mois."
    assert reponse_axe.public == "Allocataires du RSA"
    assert reponse_axe.nombre_personnes == 1500
    assert reponse_axe.part_population is None


def test_la_sauvegarde_automatique_repond_par_des_fragments_hors_bande(connecte, dossier):
    reponse = connecte.post(
        url_section(dossier, Section.CHEF_DE_FILE),
        chef_de_file(adresse="3 rue de Roubaix", _autosave="1", _champ="adresse"),
        headers={"HX-Request": "true"},
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "hx-swap-oob" in contenu
    assert "Enregistré à" in contenu
    version = re.search(r'<input[^>]*id="version-section"[^>]*>', contenu).group(0)
    assert 'value="1"' in version and "hx-swap-oob" in version
    assert 'id="statut-enregistrement" hx-swap-oob' in contenu
    assert 'name="adresse"' not in contenu  # never the field being typed in
    dossier.refresh_from_db()
    assert dossier.adresse == "3 rue de Roubaix"
    assert dossier.version(Section.CHEF_DE_FILE) == 1


def test_la_sauvegarde_automatique_renvoie_l_erreur_du_champ_hors_bande(connecte, dossier):
    reponse = connecte.post(
        url_section(dossier, Section.CHEF_DE_FILE),
        chef_de_file(interlocuteur1_telephone="03 20", _autosave="1"),
        headers={"HX-Request": "true"},
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert TELEPHONE_INVALIDE in erreurs_du_champ(contenu, "id_interlocuteur1_telephone")
    assert "Brouillon enregistré à" in contenu
    assert Dossier.objects.get(pk=dossier.pk).interlocuteur1_telephone == "03 20"


def test_conflit_entre_deux_membres_rien_n_est_ecrase(client, dossier, candidat, collegue):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    client.force_login(candidat)
    autre = Client()
    autre.force_login(collegue)
    for navigateur in (client, autre):
        page = navigateur.get(url).content.decode()
        assert 'value="0"' in re.search(r'<input[^>]*id="version-section"[^>]*>', page).group(0)

    premier = client.post(url, chef_de_file(version=0, adresse="Adresse saisie par Camille"))
    assert premier.status_code == 302

    second = autre.post(url, chef_de_file(version=0, adresse="Adresse saisie par Dominique"))

    assert second.status_code == 409
    contenu = second.content.decode()
    conflit = contenu[contenu.index('class="fr-alert fr-alert--warning conflit"') :]
    assert "Camille Martin a enregistré cette section" in conflit
    assert "Adresse saisie par Camille" in conflit and "Adresse saisie par Dominique" in conflit
    assert "Rien n’est écrasé" in conflit
    assert "Adresse saisie par Dominique" in balise(contenu, "adresse")  # the typed text stays
    dossier.refresh_from_db()
    assert dossier.adresse == "Adresse saisie par Camille"
    assert dossier.modifie_par == candidat
    assert dossier.version(Section.CHEF_DE_FILE) == 1

    force = autre.post(url, chef_de_file(version=0, adresse="Adresse saisie par Dominique", _forcer="1"))

    assert force.status_code == 302
    dossier.refresh_from_db()
    assert dossier.adresse == "Adresse saisie par Dominique"
    assert dossier.modifie_par == collegue
    assert dossier.version(Section.CHEF_DE_FILE) == 2


def test_un_conflit_enregistre_par_le_bouton_htmx_est_affiche(client, dossier, candidat, collegue):
    url = url_section(dossier, Section.CHEF_DE_FILE)
    client.force_login(candidat)
    assert client.post(url, chef_de_file(version=0, adresse="Adresse de Camille")).status_code == 302
    autre = Client()
    autre.force_login(collegue)

    reponse = autre.post(
        url, chef_de_file(version=0, adresse="Adresse de Dominique"), headers={"HX-Request": "true"}
    )

    assert "Rien n’est écrasé" in reponse.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).adresse == "Adresse de Camille"
    page = autre.get(url).content.decode()
    configure_409 = re.search(r'name="htmx-config"[^>]*409', page)
    assert reponse.status_code < 400 or configure_409, "htmx ne remplace pas la page sur une réponse 409"


def test_session_expiree_pendant_la_saisie(client, dossier):
    reponse = client.post(
        url_section(dossier, Section.CHEF_DE_FILE),
        chef_de_file(_autosave="1"),
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    assert reponse["HX-Retarget"] == "#statut-enregistrement"
    contenu = reponse.content.decode()
    assert "Votre session a expiré" in contenu
    assert "Reconnectez-vous" in contenu and f'href="{CONNEXION}?next=' in contenu
    assert Dossier.objects.get(pk=dossier.pk).adresse == ""


def test_ajouter_puis_retirer_un_membre_du_consortium(connecte, dossier):
    ajout = connecte.post(
        reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.CONSORTIUM, "membre"]),
        {"valeur": TypeMembre.ASSOCIATION},
        headers={"HX-Request": "true"},
    )

    assert ajout.status_code == 200
    membre = Membre.objects.get(dossier=dossier)
    assert membre.type == TypeMembre.ASSOCIATION
    contenu = ajout.content.decode()
    assert f'id="ligne-membre-{membre.pk}"' in contenu
    assert f'name="membre-{membre.pk}-structure"' in contenu
    assert Dossier.objects.get(pk=dossier.pk).version(Section.CONSORTIUM) == 1

    retrait = connecte.post(
        reverse("candidatures:ligne_supprimer", args=[dossier.pk, Section.CONSORTIUM, "membre", membre.pk]),
        headers={"HX-Request": "true"},
    )

    assert retrait.status_code == 200
    assert "hx-swap-oob" in retrait.content.decode()
    assert not Membre.objects.filter(dossier=dossier).exists()
    assert Dossier.objects.get(pk=dossier.pk).version(Section.CONSORTIUM) == 2


def test_un_type_de_membre_inconnu_est_refuse(connecte, dossier):
    reponse = connecte.post(
        reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.CONSORTIUM, "membre"]),
        {"valeur": "inconnu"},
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 404
    assert not Membre.objects.exists()


def test_le_montant_d_une_depense_est_calcule_par_le_serveur(connecte, dossier):
    ajout = connecte.post(
        reverse("candidatures:ligne_ajouter", args=[dossier.pk, Section.BUDGET, "depense"]),
        {"valeur": GroupeDepense.AXE_1},
        headers={"HX-Request": "true"},
    )
    assert ajout.status_code == 200
    ligne = LigneDepense.objects.get(dossier=dossier)
    assert ligne.groupe == GroupeDepense.AXE_1
    version = Dossier.objects.get(pk=dossier.pk).version(Section.BUDGET)
    prefixe = f"depense-{ligne.pk}-"

    reponse = connecte.post(
        url_section(dossier, Section.BUDGET),
        {
            "version": version,
            prefixe + "objet": "Cheffe de projet",
            prefixe + "nature": "equipe_animation",
            prefixe + "unite": "mois",
            prefixe + "nombre_unites": "12",
            prefixe + "cout_unitaire": "1 500,50",
            prefixe + "montant": "",
        },
    )

    assert reponse.status_code == 302
    ligne.refresh_from_db()
    assert ligne.nombre_unites == Decimal("12")
    assert ligne.cout_unitaire == Decimal("1500.50")
    assert ligne.montant == Decimal("18006.00")
    page = connecte.get(reponse["Location"]).content.decode()
    assert "18\u00a0006,00" in balise(page, prefixe + "montant")


def test_la_sauvegarde_automatique_n_envoie_que_les_lignes_saisies(connecte, dossier):
    """portail.js posts only the rows typed in, named in « _lignes »: the others stay as stored,
    although their fields are absent from the request."""
    premiere, seconde = (
        LigneDepense.objects.create(
            dossier=dossier,
            groupe=GroupeDepense.AXE_1,
            nature="equipe_animation",
            objet=objet,
            nombre_unites=2,
            cout_unitaire=Decimal("100"),
            montant=Decimal("200"),
        )
        for objet in ("Cheffe de projet", "Chargé de mission")
    )
    version = Dossier.objects.get(pk=dossier.pk).version(Section.BUDGET)
    prefixe = f"depense-{seconde.pk}-"

    reponse = connecte.post(
        url_section(dossier, Section.BUDGET),
        {
            "version": version,
            "_autosave": "1",
            "_champ": prefixe + "cout_unitaire",
            "_lignes": f"depense-{seconde.pk}",
            prefixe + "objet": "Chargé de mission",
            prefixe + "nature": "equipe_animation",
            prefixe + "nombre_unites": "2",
            prefixe + "cout_unitaire": "abc",
            prefixe + "montant": "200,00",
        },
        headers={"HX-Request": "true"},
    )

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    # The row sent: its error next to its field, « abc » not stored, the rest of the row kept.
    assert "Saisissez un nombre" in erreurs_du_champ(contenu, f"id_{prefixe}cout_unitaire")
    # The row not sent is neither emptied nor validated: no error container of it in the answer.
    assert f"id_depense-{premiere.pk}-" not in contenu
    premiere.refresh_from_db()
    seconde.refresh_from_db()
    assert (premiere.objet, premiere.montant) == ("Cheffe de projet", Decimal("200.00"))
    assert (seconde.objet, seconde.cout_unitaire) == ("Chargé de mission", Decimal("100.00"))
    assert Dossier.objects.get(pk=dossier.pk).version(Section.BUDGET) == version + 1


def test_identifiants_et_versions_sans_separateur_de_milliers(connecte, dossier):
    """French numbers group thousands (« 3 545 »): never in an element's id nor a version sent back,
    which the page's script and the server read as numbers (found when ids went past 999)."""
    LigneDepense.objects.create(id=12345, dossier=dossier, groupe=GroupeDepense.AXE_1, objet="Animation")
    Dossier.objects.filter(pk=dossier.pk).update(versions={Section.BUDGET: 1000})
    page = connecte.get(url_section(dossier, Section.BUDGET)).content.decode()
    assert 'id="ligne-depense-12345"' in page and 'hx-target="#ligne-depense-12345"' in page
    assert 'name="version" id="version-section" value="1000"' in page
