"""« Mes dossiers », creation, a colleague of the same porteur; the rights on every URL of a
dossier."""

import html

import pytest
from django.urls import reverse

from ami import libelles as L
from budget.models import LigneDepense, LigneFinancement
from budget.natures import GroupeDepense
from candidatures import urls as candidatures_urls
from candidatures.models import Dossier, Etat, Indicateur, ReponseAxe, Section
from candidatures.sections import DEFINITIONS
from consortium.models import Membre, TypeMembre
from demo.exemples import joindre
from pieces.models import NaturePiece, Piece
from tests.dossier.outils import (
    CONNEXION,
    chef_de_file,
    url_section,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("axe", [1, 2, 3])
def test_les_questions_des_axes_sont_celles_de_l_annexe_7(connecte, dossier, axe):
    contenu = connecte.get(url_section(dossier, f"axe_{axe}")).content.decode()
    attendues = [L.OBJECTIFS[axe], *(L.QUESTIONS[q] for q in ("actions", "public", "changements"))]
    attendues += [L.QUESTIONS[q] for q in ("indicateurs", "methodes", "calendrier")]
    propres = {2: ["organisation_suivi", "organisation_remise"], 3: ["offre_visibilite", "offre_commune"]}
    attendues += [L.QUESTIONS[q] for q in propres.get(axe, [])]
    absentes = [q for q in ("organisation_suivi", "offre_visibilite") if q not in propres.get(axe, [])]
    for libelle in attendues:
        assert html.escape(libelle, quote=False) in contenu, libelle
    for question in absentes:
        assert html.escape(L.QUESTIONS[question], quote=False) not in contenu


def test_les_aides_des_champs_sont_affichees(connecte, dossier):
    LigneDepense.objects.create(dossier=dossier, groupe=GroupeDepense.AXE_1)
    budget = connecte.get(url_section(dossier, "budget")).content.decode()
    assert "Calculé : nombre d’unités × coût unitaire" in budget
    pieces = connecte.get(url_section(dossier, "pieces")).content.decode()
    assert "Format PDF uniquement, 10 Mo et 100 pages au maximum, sans JavaScript ni fichier joint." in pieces


def test_la_vue_d_ensemble_montre_les_libelles_des_choix(connecte, dossier):
    dossier.publics = ["rsa", "jeunes"]
    dossier.save()
    departement = dossier.organisation.departement
    dossier.departements.add(departement)
    contenu = connecte.get(reverse("candidatures:apercu", args=[dossier.pk])).content.decode()
    assert "Allocataires du RSA, Jeunes" in contenu
    assert "rsa, jeunes" not in contenu
    assert f"{departement.code} — {departement.nom}" in contenu
