"""The candidat's dossier, through its pages: creation, rights on every URL, draft save, autosave,
conflicts, rows, dépôt and number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense
from candidatures import depot as depot_service
from candidatures import urls as candidatures_urls
from candidatures.exemples import dossier_complet, dossier_incomplet, joindre
from candidatures.models import Dossier, Etat, Indicateur, ReponseAxe, Section
from candidatures.sections import DEFINITIONS
from consortium.models import Membre, TypeMembre
from pieces.models import NaturePiece, Piece
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

TELEPHONE_INVALIDE = "Saisissez un numéro de téléphone français à 10 chiffres"
CONNEXION = reverse("comptes:connexion")


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def appel_ouvert():
    """The 2021 call's deadline is past: open it for a month (Europe/Paris, to the second)."""
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    return Appel.objects.courant()


@pytest.fixture(autouse=True)
def stockage_prive(settings, tmp_path, monkeypatch):
    """Pièces go to ``tmp_path``. The storage is built once at import and does not follow
    ``settings.PRIVATE_MEDIA_ROOT`` (bug reported, see tests/test_pieces.py): point it there too,
    so that the tests never write into the project's ``fichiers/``."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    stockage = Piece._meta.get_field("fichier").storage
    monkeypatch.setattr(stockage, "_location", str(settings.PRIVATE_MEDIA_ROOT))
    for attribut in ("base_location", "location"):
        monkeypatch.delitem(stockage.__dict__, attribut, raising=False)
    yield settings.PRIVATE_MEDIA_ROOT
    for attribut in ("base_location", "location"):
        stockage.__dict__.pop(attribut, None)


@pytest.fixture
def candidat():
    return UserFactory(first_name="Camille", last_name="Martin")


@pytest.fixture
def collegue(candidat):
    return UserFactory(organisation=candidat.organisation, first_name="Dominique", last_name="Petit")


@pytest.fixture
def autre_candidat():
    return UserFactory()


@pytest.fixture
def dossier(candidat):
    return DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)


@pytest.fixture
def connecte(client, candidat):
    client.force_login(candidat)
    return client


def url_section(dossier, section):
    return reverse("candidatures:section", args=[dossier.pk, section])


def chef_de_file(version=0, **champs):
    donnees = {
        "version": version,
        "nom_chef_de_file": "Département du Nord",
        "adresse": "51 rue Gustave Delory, 59047 Lille Cedex",
        "interlocuteur1_nom": "Camille Martin",
        "interlocuteur1_fonction": "Directrice de l’insertion",
        "interlocuteur1_telephone": "03 20 63 59 59",
        "interlocuteur1_courriel": "camille.martin@exemple.fr",
    }
    donnees.update(champs)
    return donnees


def erreurs_du_champ(contenu: str, auto_id: str) -> str:
    """The text of the error container that sits next to the field ``auto_id``."""
    trouve = re.search(rf'<div id="{re.escape(auto_id)}-desc-error"[^>]*>(.*?)</div>', contenu, re.S)
    assert trouve, f"pas de conteneur d’erreur pour {auto_id}"
    return trouve.group(1)


def balise(contenu: str, nom: str) -> str:
    """The <input> (or <textarea> with its text) named ``nom``."""
    trouve = re.search(rf'<input[^>]*name="{re.escape(nom)}"[^>]*>', contenu) or re.search(
        rf'<textarea[^>]*name="{re.escape(nom)}"[^>]*>.*?</textarea>', contenu, re.S
    )
    assert trouve, f"pas de champ {nom}"
    return trouve.group(0)


def statut(dossier_pk) -> str:
    return Dossier.objects.values_list("etat", flat=True).get(pk=dossier_pk)


# --- « Mes dossiers », creation, a colleague of the same porteur ------------------------------------


def test_creer_un_dossier_depuis_mes_dossiers(connecte, candidat):
    page = connecte.get(reverse("candidatures:mes_dossiers"))
    assert page.status_code == 200
    assert "Créer un dossier" in page.content.decode()

    reponse = connecte.post(reverse("candidatures:creer"), {"intitule": "SPIE du Nord 2022-2024"})

    dossier = Dossier.objects.get()
    assert (dossier.organisation, dossier.cree_par, dossier.etat) == (
        candidat.organisation,
        candidat,
        Etat.BROUILLON,
    )
    assert dossier.nom_chef_de_file == candidat.organisation.nom
    assert list(dossier.departements.values_list("code", flat=True)) == ["59"]
    assert reponse.status_code == 302
    assert reponse["Location"] == url_section(dossier, Section.CHEF_DE_FILE)
    section = connecte.get(reponse["Location"])
    assert section.status_code == 200
    contenu = section.content.decode()
    assert "1. Chef de file de la candidature" in contenu
    assert "Le dossier « SPIE du Nord 2022-2024 » est créé" in contenu


def test_creation_sans_intitule_refusee(connecte):
    reponse = connecte.post(reverse("candidatures:creer"), {"intitule": ""})
    assert reponse.status_code == 422
    assert not Dossier.objects.exists()


def test_un_collegue_du_meme_porteur_voit_et_modifie_le_dossier(client, dossier, collegue):
    client.force_login(collegue)
    liste = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert dossier.intitule in liste
    assert client.get(reverse("candidatures:apercu", args=[dossier.pk])).status_code == 200

    reponse = client.post(url_section(dossier, Section.CHEF_DE_FILE), chef_de_file(adresse="2 rue Lille"))

    assert reponse.status_code == 302
    dossier.refresh_from_db()
    assert dossier.adresse == "2 rue Lille"
    assert dossier.modifie_par == collegue
    assert dossier.version(Section.CHEF_DE_FILE) == 1


# --- every URL of a dossier, built from the URL names ---------------------------------------------

GROUPES = [(section, groupe.cle) for section, d in DEFINITIONS.items() for groupe in d.groupes]
NOMS_DES_URLS_DU_DOSSIER = sorted(
    motif.name for motif in candidatures_urls.urlpatterns if "pk" in motif.pattern.converters
)


def urls_du_dossier(dossier):
    """(name, url) of every URL of the candidatures namespace that takes a dossier, with every
    section, row kind and pièce nature. A new URL parameter fails here until it is given values."""
    piece = Piece.objects.filter(dossier=dossier).first() or joindre(dossier, NaturePiece.ANNEXE)
    lignes = {
        "membre": Membre.objects.create(dossier=dossier, type=TypeMembre.ASSOCIATION),
        "depense": LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1),
        "financement": LigneFinancement.objects.create(dossier=dossier, type="autofinancement"),
    }
    indicateurs = {
        f"axe_{axe}": Indicateur.objects.create(
            reponse=ReponseAxe.objects.get_or_create(dossier=dossier, axe=axe)[0]
        )
        for axe in (1, 2, 3)
    }
    valeurs = {
        "section": list(Section.values),
        "nature": list(NaturePiece.values),
        "piece_pk": [piece.pk],
    }
    resultat = []
    for motif in candidatures_urls.urlpatterns:
        parametres = set(motif.pattern.converters)
        if "pk" not in parametres:
            continue
        if "cle" in parametres:
            combinaisons = []
            for section, cle in GROUPES:
                ligne = indicateurs[section] if cle == "indicateur" else lignes[cle]
                combinaisons.append({"section": section, "cle": cle, "ligne_pk": ligne.pk})
            if "ligne_pk" not in parametres:
                combinaisons = [{k: v for k, v in c.items() if k != "ligne_pk"} for c in combinaisons]
        else:
            combinaisons = [{}]
            for nom in sorted(parametres - {"pk"}):
                assert nom in valeurs, f"donnez des valeurs au paramètre « {nom} » de {motif.name}"
                combinaisons = [c | {nom: v} for c in combinaisons for v in valeurs[nom]]
        for kwargs in combinaisons:
            resultat.append(
                (motif.name, reverse(f"candidatures:{motif.name}", kwargs={"pk": dossier.pk} | kwargs))
            )
    return resultat


def test_l_inventaire_des_urls_du_dossier_est_complet(dossier):
    urls = urls_du_dossier(dossier)
    assert {nom for nom, _ in urls} == set(NOMS_DES_URLS_DU_DOSSIER)
    assert set(NOMS_DES_URLS_DU_DOSSIER) >= {
        "apercu",
        "depot",
        "recepisse",
        "section",
        "ligne_ajouter",
        "ligne_supprimer",
        "piece",
        "piece_ajouter",
        "piece_supprimer",
    }
    sections = {url.rstrip("/").rsplit("/", 1)[-1] for nom, url in urls if nom == "section"}
    assert sections == set(Section.values)  # pièces included


def test_un_candidat_d_une_autre_organisation_recoit_404_partout(client, dossier, autre_candidat):
    urls = urls_du_dossier(dossier)
    avant = (Membre.objects.count(), LigneDepense.objects.count(), Piece.objects.count())
    client.force_login(autre_candidat)
    echecs = []
    for nom, url in urls:
        get, post = client.get(url), client.post(url, {"valeur": TypeMembre.ASSOCIATION, "version": 0})
        if get.status_code not in (404, 405) or post.status_code != 404:
            echecs.append((nom, url, get.status_code, post.status_code))
    assert echecs == []
    assert (Membre.objects.count(), LigneDepense.objects.count(), Piece.objects.count()) == avant
    assert dossier.intitule not in client.get(reverse("candidatures:mes_dossiers")).content.decode()


def test_un_visiteur_anonyme_est_renvoye_vers_la_connexion(client, dossier):
    echecs = []
    for nom, url in urls_du_dossier(dossier) + [
        ("mes_dossiers", reverse("candidatures:mes_dossiers")),
        ("creer", reverse("candidatures:creer")),
    ]:
        for reponse in (client.get(url), client.post(url, {"version": 0})):
            if reponse.status_code != 302 or not reponse["Location"].startswith(CONNEXION + "?next="):
                echecs.append((nom, url, reponse.status_code))
    assert echecs == []


@pytest.mark.parametrize("trait", ["instructeur", "agent", "administrateur"])
def test_les_agents_de_l_etat_recoivent_403_sur_les_pages_candidat(client, dossier, trait):
    client.force_login(UserFactory(**{trait: True}))
    echecs = []
    for nom, url in urls_du_dossier(dossier) + [
        ("mes_dossiers", reverse("candidatures:mes_dossiers")),
        ("creer", reverse("candidatures:creer")),
    ]:
        # The download serves every role through Dossier.objects.for_user: a draft is not theirs.
        attendu = (404, 404) if nom == "piece" else (403, 403)
        obtenu = (client.get(url).status_code, client.post(url, {"version": 0}).status_code)
        if obtenu != attendu and not (obtenu[0] == 405 and obtenu[1] == attendu[1]):
            echecs.append((nom, url, obtenu))
    assert echecs == []
    assert Dossier.objects.get(pk=dossier.pk).version(Section.CHEF_DE_FILE) == 0


# --- draft save -----------------------------------------------------------------------------------


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


# --- rows -----------------------------------------------------------------------------------------


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


# --- dépôt ----------------------------------------------------------------------------------------


@pytest.fixture
def complet(dossier, candidat):
    return dossier_complet(dossier, user=candidat)


def test_depot_d_un_dossier_complet(
    connecte,
    complet,
    candidat,
    collegue,
    mailoutbox,
    django_capture_on_commit_callbacks,
    courriels_immediats,
    attendre,
):
    UserFactory(organisation=candidat.organisation, is_active=False)  # no mail
    UserFactory()  # another porteur: no mail
    url = reverse("candidatures:depot", args=[complet.pk])
    assert connecte.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        reponse = connecte.post(url, {"confirmation": "oui"})

    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("candidatures:recepisse", args=[complet.pk])
    complet.refresh_from_db()
    assert complet.etat == Etat.DEPOSE
    assert complet.numero == "AMI2-SPIE-2021-0001"
    assert complet.numero == f"{complet.appel.prefixe_numero}-0001"
    assert complet.depose_par == candidat
    recepisse = connecte.get(reponse["Location"])
    assert recepisse.status_code == 200
    contenu = recepisse.content.decode()
    assert f'<strong id="numero-dossier">{complet.numero}</strong>' in contenu
    assert timezone.localtime(complet.depose_le).strftime("%d/%m/%Y à %H:%M:%S") in contenu
    assert attendre(lambda: len(mailoutbox) == 1)
    courriel = mailoutbox[0]
    assert sorted(courriel.to) == sorted([candidat.email, collegue.email])
    assert complet.numero in courriel.subject
    assert complet.numero in courriel.body


def test_le_depot_est_idempotent(
    connecte, complet, mailoutbox, django_capture_on_commit_callbacks, courriels_immediats, attendre
):
    url = reverse("candidatures:depot", args=[complet.pk])
    with django_capture_on_commit_callbacks(execute=True):
        premier = connecte.post(url, {"confirmation": "oui"})
        second = connecte.post(url, {"confirmation": "oui"})
    assert premier.status_code == second.status_code == 302
    assert second["Location"] == reverse("candidatures:recepisse", args=[complet.pk])
    assert list(Dossier.objects.exclude(numero=None).values_list("numero", flat=True)) == [
        "AMI2-SPIE-2021-0001"
    ]
    assert attendre(lambda: len(mailoutbox) == 1)
    again = depot_service.deposer(complet.pk, complet.cree_par)
    assert again.depose and not again.nouveau and again.dossier.numero == "AMI2-SPIE-2021-0001"


def test_les_numeros_se_suivent(connecte, complet, candidat, django_capture_on_commit_callbacks):
    second = dossier_complet(DossierFactory(organisation=candidat.organisation), user=candidat)
    with django_capture_on_commit_callbacks(execute=True):
        for d in (complet, second):
            connecte.post(reverse("candidatures:depot", args=[d.pk]), {"confirmation": "oui"})
    assert sorted(Dossier.objects.values_list("numero", flat=True)) == [
        "AMI2-SPIE-2021-0001",
        "AMI2-SPIE-2021-0002",
    ]


def test_depot_sans_confirmation_refuse(connecte, complet):
    reponse = connecte.post(reverse("candidatures:depot", args=[complet.pk]), {})
    assert reponse.status_code == 422
    assert "Cochez la case de confirmation" in reponse.content.decode()
    assert statut(complet.pk) == Etat.BROUILLON


def test_un_dossier_incomplet_est_refuse_avec_les_regles_bloquantes(connecte, dossier, mailoutbox):
    dossier_incomplet(dossier)
    reponse = connecte.post(reverse("candidatures:depot", args=[dossier.pk]), {"confirmation": "oui"})

    assert reponse.status_code == 422
    contenu = reponse.content.decode()
    erreur = re.search(r'<div[^>]*id="erreur-depot".*?</div>', contenu, re.S).group(0)
    assert "Le dossier ne peut pas être déposé" in erreur
    assert "point(s) bloquant(s)" in erreur
    assert "R03 — Lettre d’engagement de Pôle emploi" in erreur
    assert "R11 — Budget équilibré" in erreur
    assert "Section « 4. Budget prévisionnel et plan de financement » incomplète" in erreur
    assert statut(dossier.pk) == Etat.BROUILLON
    assert Dossier.objects.get(pk=dossier.pk).numero is None
    assert mailoutbox == []


def test_depot_refuse_apres_la_date_limite(connecte, complet, mailoutbox):
    Appel.objects.update(date_limite_depot=timezone.localdate() - datetime.timedelta(days=1))
    reponse = connecte.post(reverse("candidatures:depot", args=[complet.pk]), {"confirmation": "oui"})
    assert reponse.status_code == 422
    assert "La date limite de dépôt est passée" in reponse.content.decode()
    assert statut(complet.pk) == Etat.BROUILLON
    assert mailoutbox == []


def test_depot_a_la_seconde_pres(complet, candidat):
    limite = complet.appel.date_limite
    apres = depot_service.deposer(complet.pk, candidat, maintenant=limite + datetime.timedelta(seconds=1))
    assert not apres.depose
    assert "La date limite de dépôt est passée" in apres.motif
    assert statut(complet.pk) == Etat.BROUILLON

    avant = depot_service.deposer(complet.pk, candidat, maintenant=limite - datetime.timedelta(seconds=1))
    assert avant.depose and avant.nouveau
    assert statut(complet.pk) == Etat.DEPOSE
    assert Dossier.objects.get(pk=complet.pk).depose_le == limite - datetime.timedelta(seconds=1)


def test_un_dossier_depose_est_en_lecture_seule(connecte, complet, candidat):
    depot_service.deposer(complet.pk, candidat)
    url = url_section(complet, Section.CHEF_DE_FILE)

    assert connecte.post(url, chef_de_file(version=0, adresse="Modifiée")).status_code == 403
    assert (
        connecte.post(
            reverse("candidatures:ligne_ajouter", args=[complet.pk, Section.CONSORTIUM, "membre"]),
            {"valeur": TypeMembre.ASSOCIATION},
        ).status_code
        == 403
    )
    membre = Membre.objects.filter(dossier=complet).first()
    assert (
        connecte.post(
            reverse(
                "candidatures:ligne_supprimer", args=[complet.pk, Section.CONSORTIUM, "membre", membre.pk]
            )
        ).status_code
        == 403
    )
    complet.refresh_from_db()
    assert complet.adresse != "Modifiée"
    assert Membre.objects.filter(dossier=complet).count() == 4
    page = connecte.get(url)
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "il est en lecture seule" in contenu
    assert '<fieldset class="section-champs" disabled>' in contenu
    assert "_autosave" not in contenu
    assert connecte.get(reverse("candidatures:depot", args=[complet.pk]))["Location"] == reverse(
        "candidatures:recepisse", args=[complet.pk]
    )


# --- number of queries: the same for 4 members / 8 lines and 30 members / 80 lines ------------------

PAGES = [("section", s) for s in Section.values] + [("apercu", None), ("depot", None)]


def _url_page(dossier, nom, section):
    args = [dossier.pk] + ([section] if section else [])
    return reverse(f"candidatures:{nom}", args=args)


def _requetes(client, url):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200, url
    return len(requetes)


def test_nombre_de_requetes_independant_de_la_taille_du_dossier(connecte, candidat):
    petit = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=4, lignes=8)
    grand = dossier_complet(DossierFactory(organisation=candidat.organisation), membres=30, lignes=80)
    assert (grand.membres.count(), grand.depenses.count()) == (30, 80)
    for d in (petit, grand):  # the first view stores the completion summary (one UPDATE): not measured
        for nom, section in PAGES:
            connecte.get(_url_page(d, nom, section))

    comptes = {
        (nom, section): (
            _requetes(connecte, _url_page(petit, nom, section)),
            _requetes(connecte, _url_page(grand, nom, section)),
        )
        for nom, section in PAGES
    }

    assert {page: n for page, n in comptes.items() if n[0] != n[1]} == {}
    # Absolute counts, so that a regression shows: session, user, dossier (with call, porteur, last
    # editor), the snapshot of ``charger`` and what the page adds.
    assert {page: n[0] for page, n in comptes.items()} == REQUETES_PAR_PAGE


REQUETES_PAR_PAGE = {
    ("section", Section.CHEF_DE_FILE): 11,
    ("section", Section.CONSORTIUM): 12,
    ("section", Section.TERRITOIRE): 13,
    ("section", Section.AXE_1): 13,
    ("section", Section.AXE_2): 13,
    ("section", Section.AXE_3): 13,
    ("section", Section.AXE_4): 11,
    ("section", Section.ENGAGEMENTS): 11,
    ("section", Section.BUDGET): 13,
    ("section", Section.PIECES): 12,
    ("apercu", None): 14,
    ("depot", None): 14,
}
